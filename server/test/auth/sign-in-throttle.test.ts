import { describe, expect, it } from 'vitest';
import { SignInThrottle } from '../../src/auth/sign-in-throttle.ts';
import { rmSync } from 'node:fs';
import { DevicePresence } from '../../src/devices/device-presence.ts';
import { openStore } from '../../src/db/store.ts';
import { migrateStore } from '../../src/db/schema-version.ts';
import { tempDataDir } from '../support/temp-server.ts';

const LAB_NAT = '10.20.30.1';

describe('SignInThrottle', () => {
  it('backs off one account exponentially after its free failures, and a success clears it', () => {
    let now = 0;
    const throttle = new SignInThrottle({ accountFreeFailures: 3, accountBaseDelayMs: 1000 }, () => now);
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('elvin', LAB_NAT);
    expect(throttle.check('elvin', LAB_NAT)).toEqual({ allowed: true });
    throttle.recordFailure('elvin', LAB_NAT);
    expect(throttle.check('elvin', LAB_NAT)).toEqual({ allowed: false, reason: 'account', retryAfterSeconds: 1 });
    now += 1000;
    throttle.recordFailure('elvin', LAB_NAT);
    expect(throttle.check('elvin', LAB_NAT)).toMatchObject({ retryAfterSeconds: 2 });
    now += 2000;
    throttle.recordFailure('elvin', LAB_NAT);
    expect(throttle.check('elvin', LAB_NAT)).toMatchObject({ retryAfterSeconds: 4 });
    now += 4000;
    throttle.recordSuccess('elvin');
    throttle.recordFailure('elvin', LAB_NAT);
    expect(throttle.check('elvin', LAB_NAT)).toEqual({ allowed: true });
  });

  it('does not lock out 29 classmates behind the same NAT address while one child keeps guessing', () => {
    let now = 0;
    const throttle = new SignInThrottle({}, () => now);
    for (let i = 0; i < 40; i += 1) {
      throttle.recordFailure('guesser', LAB_NAT);
      now += 500;
    }
    expect(throttle.check('guesser', LAB_NAT).allowed).toBe(false);
    for (let seat = 1; seat < 30; seat += 1) {
      // a typo first, then the right password
      expect(throttle.check(`student${seat}`, LAB_NAT)).toEqual({ allowed: true });
      throttle.recordFailure(`student${seat}`, LAB_NAT);
      throttle.recordSuccess(`student${seat}`);
    }
    expect(throttle.check('student30', LAB_NAT)).toEqual({ allowed: true });
  });

  it('stops one address spraying guesses over many accounts once its failure budget is spent, until the window ends', () => {
    let now = 0;
    const throttle = new SignInThrottle({ addressFailureBudget: 50, addressWindowMs: 600_000 }, () => now);
    for (let i = 0; i < 50; i += 1) throttle.recordFailure(`victim${i}`, '203.0.113.9');
    expect(throttle.check('someone-new', '203.0.113.9')).toEqual({ allowed: false, reason: 'address', retryAfterSeconds: 600 });
    expect(throttle.check('someone-new', LAB_NAT)).toEqual({ allowed: true });
    now += 600_000;
    expect(throttle.check('someone-new', '203.0.113.9')).toEqual({ allowed: true });
  });
});

describe('DevicePresence', () => {
  it('writes last-seen at most once a minute per device', async () => {
    const dir = tempDataDir();
    const store = openStore(dir);
    try {
      await migrateStore(store.db);
      await store.db.insertInto('regions').values({ id: 'r', name: 'R' }).execute();
      await store.db.insertInto('schools').values({ id: 's', region_id: 'r', name: 'S' }).execute();
      await store.db.insertInto('labs').values({ id: 'l', school_id: 's', name: 'L' }).execute();
      await store.db
        .insertInto('devices')
        .values({ id: 'pc-1', lab_id: 'l', seat_name: 'PC-1', token_hash: 't', os: null, app_version: null, enrolled_at: 'x', last_seen_at: null, revoked_at: null })
        .execute();
      const seen = async () => store.db.selectFrom('devices').select(['last_seen_at', 'last_address']).where('id', '=', 'pc-1').executeTakeFirstOrThrow();
      let now = Date.parse('2026-03-01T08:00:00.000Z');
      const presence = new DevicePresence(store.db, () => now);
      await presence.seen('pc-1', '10.0.0.5');
      now += 59_000;
      await presence.seen('pc-1', '10.0.0.6');
      expect(await seen()).toEqual({ last_seen_at: '2026-03-01T08:00:00.000Z', last_address: '10.0.0.5' });
      now += 2_000;
      await presence.seen('pc-1', '10.0.0.7');
      expect(await seen()).toEqual({ last_seen_at: '2026-03-01T08:01:01.000Z', last_address: '10.0.0.7' });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
