import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/lab-sessions/lab-queue.ts';
import { applyCommand, emptyDirectives } from '../../src/lab-sessions/seat-directives.ts';

describe('applyCommand', () => {
  it('locks, turns the lock into eyes-on-teacher, and unlocks, leaving lesson and sites alone', () => {
    const pushed = applyCommand(emptyDirectives(), { kind: 'pushLesson', lessonId: 'l1' });
    const locked = applyCommand(pushed, { kind: 'lock', message: 'Dayanın' });
    expect(locked).toEqual({ lock: { mode: 'lock', message: 'Dayanın' }, lessonId: 'l1', siteUrl: null, allowlist: null });
    expect(applyCommand(locked, { kind: 'eyesOnTeacher' }).lock).toEqual({ mode: 'eyesOnTeacher', message: null });
    expect(applyCommand(locked, { kind: 'unlock' })).toEqual(pushed);
  });

  it('adds a pushed site to an allowlist (once, lower-case), but does not invent one', () => {
    const open = applyCommand(emptyDirectives(), { kind: 'pushSite', url: 'https://Edu.AZ/dərs' });
    expect(open.allowlist).toBeNull();
    const listed = applyCommand(emptyDirectives(), { kind: 'setAllowlist', hostnames: ['edu.az', 'EDU.az'] });
    expect(listed.allowlist).toEqual(['edu.az']);
    expect(applyCommand(listed, { kind: 'pushSite', url: 'https://edu.az/x' }).allowlist).toEqual(['edu.az']);
    expect(applyCommand(listed, { kind: 'pushSite', url: 'https://wikipedia.org/' }).allowlist).toEqual(['edu.az', 'wikipedia.org']);
    expect(applyCommand(listed, { kind: 'message', text: 'hi' })).toBe(listed);
  });
});

describe('KeyedQueue', () => {
  it('runs work for one key one at a time, other keys alongside, and survives a failure', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const step = (name: string, ms: number, fail = false) => async () => {
      order.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`${name}-`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run('lab', step('a', 20, true)), queue.run('lab', step('b', 1)), queue.run('other', step('c', 1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(order.indexOf('b+')).toBeGreaterThan(order.indexOf('a-'));
    expect(order.indexOf('c+')).toBeLessThan(order.indexOf('a-'));
  });
});
