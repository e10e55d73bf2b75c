import type { Migration } from 'kysely/migration';
import { m0001Initial } from './0001-initial.ts';
import { m0002BlobMtime } from './0002-blob-mtime.ts';
import { m0003LessonSearch } from './0003-lesson-search.ts';
import { m0004LessonPins } from './0004-lesson-pins.ts';
import { m0005DeviceSettings } from './0005-device-settings.ts';
import { m0006DeferredIndexes } from './0006-deferred-indexes.ts';
import { m0007LibraryBrowse } from './0007-library-browse.ts';
import { m0008SearchTokenizer } from './0008-search-tokenizer.ts';
import { m0009SearchDetailColumn } from './0009-search-detail-column.ts';
import { m0010SearchAsciiTokenizer } from './0010-search-ascii-tokenizer.ts';
import { m0011LessonResourcesDigest } from './0011-lesson-resources-digest.ts';
import { m0012SearchIndexFile } from './0012-search-index-file.ts';
import { m0013DeferredIndexTable } from './0013-deferred-index-table.ts';

/**
 * Every cache migration, in order. Names sort alphabetically in the order
 * they run; never rename or edit one that shipped: add the next number.
 */
export const cacheMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001Initial,
  '0002-blob-mtime': m0002BlobMtime,
  '0003-lesson-search': m0003LessonSearch,
  '0004-lesson-pins': m0004LessonPins,
  '0005-device-settings': m0005DeviceSettings,
  '0006-deferred-indexes': m0006DeferredIndexes,
  '0007-library-browse': m0007LibraryBrowse,
  '0008-search-tokenizer': m0008SearchTokenizer,
  '0009-search-detail-column': m0009SearchDetailColumn,
  '0010-search-ascii-tokenizer': m0010SearchAsciiTokenizer,
  '0011-lesson-resources-digest': m0011LessonResourcesDigest,
  '0012-search-index-file': m0012SearchIndexFile,
  '0013-deferred-index-table': m0013DeferredIndexTable,
};
