import { describe, expect, it } from 'vitest';
import { SocketThrottle, rateClasses } from '../../src/realtime/socket-throttle.ts';

describe('SocketThrottle', () => {
  it('allows a burst up to the capacity, then refills at the class rate, per class', () => {
    let now = 0;
    const throttle = new SocketThrottle(() => now);
    const { capacity, perSecond } = rateClasses.talk;
    const burst = Array.from({ length: capacity + 3 }, () => throttle.take('talk'));
    expect(burst.filter(Boolean)).toHaveLength(capacity);
    expect(throttle.take('command')).toBe(true); // another class has its own bucket
    now += 1000 / perSecond;
    expect(throttle.take('talk')).toBe(true);
    expect(throttle.take('talk')).toBe(false);
    now += 3_600_000; // a long quiet spell refills only up to the capacity
    expect(Array.from({ length: capacity + 1 }, () => throttle.take('talk')).filter(Boolean)).toHaveLength(capacity);
  });
});
