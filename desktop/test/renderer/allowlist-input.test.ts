import { describe, expect, it } from 'vitest';
import { Hostname, SiteHost, checker, hostAllowed, siteHostOf } from '@sinif/shared';
import { MAX_HOSTNAMES, addressUrl, parseAllowlist } from '../../src/renderer/screens/lab/allowlist-input.ts';

describe('the allowlist a teacher types', () => {
  it('takes hostnames and *.domains, separated by commas, spaces or semicolons, lower-cased and without repeats', () => {
    expect(parseAllowlist(' Wikipedia.org, *.edu.az;khanacademy.org\nwikipedia.org ')).toEqual({
      hostnames: ['wikipedia.org', '*.edu.az', 'khanacademy.org'],
      invalid: [],
    });
  });

  it('keeps only the host of a pasted address', () => {
    expect(parseAllowlist('https://az.wikipedia.org/wiki/Bakı?x=1 http://localhost:8080/').hostnames).toEqual(['az.wikipedia.org', 'localhost']);
  });

  it('turns a Unicode (IDN) site name into the punycode host a student\'s browser opens', () => {
    const { hostnames, invalid } = parseAllowlist('nümunə.az, *.Təhsil.az');
    expect(invalid).toEqual([]);
    expect(hostnames).toEqual(['xn--nmun-0ra11s.az', '*.xn--thsil-elc.az']);
    expect(hostnames[0]).toBe(siteHostOf('https://nümunə.az/dərslər'));
    expect(hostAllowed(siteHostOf('https://kitab.təhsil.az/')!, hostnames)).toBe(true);
    for (const host of hostnames) expect(checker(Hostname).check(host)).toBe(true);
    expect(checker(SiteHost).check(hostnames[0])).toBe(true);
  });

  it('keeps only the host of a pasted address with a path or of user@host', () => {
    expect(parseAllowlist('https://user:secret@Edu.gov.az:8443/dersler?x=1#top, muellim@kitab.az, edu.az/math').hostnames).toEqual([
      'edu.gov.az',
      'kitab.az',
      'edu.az',
    ]);
  });

  it('names what is no site name instead of sending it', () => {
    expect(parseAllowlist('wikipedia.org, bad_host!, *., http://, a@, [::1], *.*.az').invalid).toEqual(['bad_host!', '*.', 'http://', 'a@', '[::1]', '*.*.az']);
  });

  it(`stops at ${MAX_HOSTNAMES} hostnames, what one command may carry`, () => {
    const parsed = parseAllowlist(Array.from({ length: MAX_HOSTNAMES + 2 }, (_, i) => `site${i}.az`).join(','));
    expect(parsed.hostnames).toHaveLength(MAX_HOSTNAMES);
    expect(parsed.invalid).toEqual([`site${MAX_HOSTNAMES}.az`, `site${MAX_HOSTNAMES + 1}.az`]);
  });
});

describe('the address a student types', () => {
  it('opens web addresses, https:// when no scheme was given', () => {
    expect(addressUrl('games.example/play')).toBe('https://games.example/play');
    expect(addressUrl(' http://edu.gov.az ')).toBe('http://edu.gov.az/');
  });

  it('refuses anything that is no web address', () => {
    expect(addressUrl('')).toBeNull();
    expect(addressUrl('javascript:alert(1)')).toBeNull();
    expect(addressUrl('file:///etc/passwd')).toBeNull();
    expect(addressUrl('https://')).toBeNull();
  });
});
