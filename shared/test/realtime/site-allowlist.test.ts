import { describe, expect, it } from 'vitest';
import { hostAllowed, siteAllowed, siteHostOf, siteOriginOf } from '../../src/realtime/site-allowlist.ts';

describe('the site allowlist rule', () => {
  it('lets everything through without an allowlist, and nothing through an empty one', () => {
    expect(siteAllowed('https://games.example/', null)).toBe(true);
    expect(siteAllowed('https://games.example/', [])).toBe(false);
  });

  it('matches a hostname exactly, and *.domain with every subdomain and the domain itself', () => {
    const allowlist = ['edu.gov.az', '*.wikipedia.org'];
    expect(siteAllowed('https://edu.gov.az/x', allowlist)).toBe(true);
    expect(siteAllowed('https://news.edu.gov.az/', allowlist)).toBe(false);
    expect(siteAllowed('https://az.wikipedia.org/wiki/Bakı', allowlist)).toBe(true);
    expect(siteAllowed('https://wikipedia.org/', allowlist)).toBe(true);
    expect(siteAllowed('https://notwikipedia.org/', allowlist)).toBe(false);
    expect(siteAllowed('https://wikipedia.org.evil.example/', allowlist)).toBe(false);
    expect(hostAllowed('AZ.Wikipedia.ORG', allowlist)).toBe(true);
  });

  it('is about web sites only: other schemes and non-URLs are never allowed', () => {
    expect(siteAllowed('file:///etc/passwd', null)).toBe(false);
    expect(siteAllowed('javascript:alert(1)', null)).toBe(false);
    expect(siteAllowed('not a url', null)).toBe(false);
    expect(siteHostOf('HTTPS://Edu.Gov.AZ:8443/path?q=1')).toBe('edu.gov.az');
    expect(siteHostOf('ftp://files.example/')).toBeNull();
  });

  it('reports a refused site by its origin only, never the path or search the student typed', () => {
    expect(siteOriginOf('https://games.example:8443/play?q=secret#x')).toBe('https://games.example:8443');
    expect(siteOriginOf('not a url')).toBe('not a url');
    expect(siteOriginOf(`x${'y'.repeat(3000)}`)).toHaveLength(2000);
  });
});
