/**
 * Every schema version, in order. To add one: create `NNNN-what.ts` exporting
 * `up(db)`, add it here, and add a test in test/db/migrations.test.ts.
 * Never edit a migration that has shipped.
 */
import type { Migration } from 'kysely/migration';
import * as peopleAndDevices from './0001-people-and-devices.ts';
import * as catalog from './0002-catalog.ts';
import * as identity from './0003-identity.ts';
import * as labSessions from './0004-lab-sessions.ts';
import * as libraryChannels from './0005-library-channels.ts';
import * as labPeers from './0006-lab-peers.ts';
import * as labSessionHands from './0007-lab-session-hands.ts';
import * as lessonFeedJson from './0008-lesson-feed-json.ts';

export const migrations: Record<string, Migration> = {
  '0001-people-and-devices': peopleAndDevices,
  '0002-catalog': catalog,
  '0003-identity': identity,
  '0004-lab-sessions': labSessions,
  '0005-library-channels': libraryChannels,
  '0006-lab-peers': labPeers,
  '0007-lab-session-hands': labSessionHands,
  '0008-lesson-feed-json': lessonFeedJson,
};
