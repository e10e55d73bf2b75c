import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../src/host/sender-policy.ts';

const web = ['http://127.0.0.1:5173'];
const packaged = ['file:///opt/sinif/resources/app/out/renderer/index.html'];
const packagedFolder = ['file:///opt/sinif/resources/app/out/renderer/'];

describe('isTrustedSender', () => {
  it.each([
    ['the app page, top frame', 'http://127.0.0.1:5173/', true, web, true],
    ['an app route with query and hash', 'http://127.0.0.1:5173/library?x=1#y', true, web, true],
    ['the app origin inside an iframe', 'http://127.0.0.1:5173/', false, web, false],
    ['another port', 'http://127.0.0.1:5174/', true, web, false],
    ['localhost instead of 127.0.0.1', 'http://localhost:5173/', true, web, false],
    ['https with the same host', 'https://127.0.0.1:5173/', true, web, false],
    ['a blob: lesson page created by the app origin', 'blob:http://127.0.0.1:5173/5f1c', true, web, false],
    ['data: URL', 'data:text/html,<script>1</script>', true, web, false],
    ['about:blank', 'about:blank', true, web, false],
    ['garbage', 'not a url', true, web, false],
    ['the packaged page', 'file:///opt/sinif/resources/app/out/renderer/index.html', true, packaged, true],
    ['the packaged page with a hash route', 'file:///opt/sinif/resources/app/out/renderer/index.html#/library', true, packaged, true],
    ['another file next to the packaged page', 'file:///opt/sinif/resources/app/out/renderer/index.html.evil', true, packaged, false],
    ['a file inside the trusted folder', 'file:///opt/sinif/resources/app/out/renderer/sub/page.html', true, packagedFolder, true],
    ['a ../ escape from the trusted folder', 'file:///opt/sinif/resources/app/out/renderer/../../evil.html', true, packagedFolder, false],
    ['a sibling folder sharing the prefix', 'file:///opt/sinif/resources/app/out/renderer-evil/index.html', true, packagedFolder, false],
    ['a downloaded file', 'file:///home/student/Downloads/x.html', true, packagedFolder, false],
    ['the packaged page in an iframe', 'file:///opt/sinif/resources/app/out/renderer/index.html', false, packaged, false],
    ['a web page when only file URLs are trusted', 'http://127.0.0.1:5173/', true, packaged, false],
  ])('%s → %s', (_name, url, isMainFrame, trusted, expected) => {
    expect(isTrustedSender({ url, isMainFrame }, trusted)).toBe(expected);
  });
});
