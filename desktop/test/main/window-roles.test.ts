import { describe, expect, it } from 'vitest';
import { navigationRoleOf, opensFromWindow } from '../../src/main/window-roles.ts';

describe('what each kind of window may open and where it may go', () => {
  it('gives a web site the app window opens a site window', () => {
    expect(opensFromWindow('app', 'https://az.wikipedia.org/')).toBe(true);
    expect(opensFromWindow('app', 'file:///etc/passwd')).toBe(false);
  });

  it('lets a lock window open no window at all, so a locked seat gets no way out', () => {
    expect(opensFromWindow('lock', 'https://az.wikipedia.org/')).toBe(false);
    expect(opensFromWindow('lock', 'http://games.example/')).toBe(false);
  });

  it('lets a site window open no further window', () => {
    expect(opensFromWindow('site', 'https://az.wikipedia.org/')).toBe(false);
  });

  it('keeps a lock window within the app like the app window, and lets a site window browse', () => {
    expect(navigationRoleOf('lock')).toBe('app');
    expect(navigationRoleOf('app')).toBe('app');
    expect(navigationRoleOf('site')).toBe('site');
  });
});
