import { describe, expect, it } from 'vitest';
import { appPrefixesOf, judgeRequest, mayNavigate, opensSiteWindow, serverOriginOf, siteWindowOptions, type SitePolicy } from '../../src/main/site-policy.ts';
import { SECURE_WEB_PREFERENCES } from '../../src/main/window-security.ts';

const packaged: SitePolicy = {
  allowlist: ['*.wikipedia.org', 'edu.gov.az'],
  appPrefixes: appPrefixesOf('file:///opt/sinif/resources/app/out/renderer/index.html'),
  serverOrigin: serverOriginOf('https://sinif.school.az:8443/'),
};
const page = (url: string) => ({ url, resourceType: 'mainFrame' });
const frame = (url: string) => ({ url, resourceType: 'subFrame' });
const image = (url: string) => ({ url, resourceType: 'image' });

describe('site filter decisions', () => {
  it('lets everything through when the seat has no allowlist', () => {
    const open = { ...packaged, allowlist: null };
    expect(judgeRequest(page('https://games.example/'), open)).toBe('allow');
    expect(judgeRequest(page('devtools://devtools/bundled/inspector.html'), open)).toBe('allow');
  });

  it("lets the app's own pages, lesson blobs and the school server through", () => {
    expect(judgeRequest(page('file:///opt/sinif/resources/app/out/renderer/index.html'), packaged)).toBe('allow');
    expect(judgeRequest({ url: 'file:///opt/sinif/resources/app/out/renderer/assets/index-3f2a.js', resourceType: 'script' }, packaged)).toBe('allow');
    expect(judgeRequest(frame(`sinif-blob://blob/${'a'.repeat(64)}`), packaged)).toBe('allow');
    expect(judgeRequest({ url: 'https://sinif.school.az:8443/api/v1/me', resourceType: 'xhr' }, packaged)).toBe('allow');
    expect(judgeRequest({ url: 'wss://sinif.school.az:8443/socket.io/?EIO=4', resourceType: 'webSocket' }, packaged)).toBe('allow');
  });

  it('refuses files outside the app, devtools and other schemes', () => {
    expect(judgeRequest(page('file:///etc/passwd'), packaged)).toBe('block');
    expect(judgeRequest(page('file:///opt/sinif/resources/app/out/renderer-evil/index.html'), packaged)).toBe('block');
    expect(judgeRequest(page('devtools://devtools/bundled/inspector.html'), packaged)).toBe('block');
    expect(judgeRequest(page('chrome://settings'), packaged)).toBe('block');
    expect(judgeRequest(page('ftp://files.example/'), packaged)).toBe('block');
  });

  it('opens allowed sites (and their subdomains) as pages, frames and resources, by the shared rule', () => {
    expect(judgeRequest(page('https://az.wikipedia.org/wiki/Bakı'), packaged)).toBe('allow');
    expect(judgeRequest(frame('https://wikipedia.org/'), packaged)).toBe('allow');
    expect(judgeRequest(image('https://upload.wikipedia.org/x.png'), packaged)).toBe('allow');
    expect(judgeRequest(page('http://edu.gov.az/'), packaged)).toBe('allow');
    expect(judgeRequest(page('https://news.edu.gov.az/'), packaged)).toBe('blockAndReport');
  });

  it('reports a refused page, and refuses the frames and resources of other hosts quietly', () => {
    expect(judgeRequest(page('https://games.example/play'), packaged)).toBe('blockAndReport');
    expect(judgeRequest(frame('https://ads.example/frame'), packaged)).toBe('block');
    expect(judgeRequest(image('https://tracker.example/pixel.gif'), packaged)).toBe('block');
    expect(judgeRequest({ url: 'https://wikipedia.org.evil.example/', resourceType: 'mainFrame' }, packaged)).toBe('blockAndReport');
    expect(judgeRequest(page('https://sinif.school.az/'), packaged)).toBe('blockAndReport'); // another port: not the server
  });

  it("treats the dev server's pages and its socket as the app", () => {
    const dev = { ...packaged, appPrefixes: appPrefixesOf('http://localhost:5173/') };
    expect(judgeRequest(page('http://localhost:5173/'), dev)).toBe('allow');
    expect(judgeRequest({ url: 'ws://localhost:5173/?token=x', resourceType: 'webSocket' }, dev)).toBe('allow');
    expect(judgeRequest(page('http://localhost:5173@evil.example/'), dev)).toBe('blockAndReport');
    expect(judgeRequest(page('http://localhost:5173.evil.example/'), dev)).toBe('block'); // not even a URL
  });
});

describe('site windows', () => {
  it('opens only web sites, without credentials in the address', () => {
    expect(opensSiteWindow('https://az.wikipedia.org/')).toBe(true);
    expect(opensSiteWindow('file:///etc/passwd')).toBe(false);
    expect(opensSiteWindow('javascript:alert(1)')).toBe(false);
    expect(opensSiteWindow('https://user:pw@example.org/')).toBe(false);
  });

  it('keeps the app window in the app, and lets a site window move between web pages only', () => {
    const isAppPage = (url: string) => url === 'file:///app/index.html';
    expect(mayNavigate('app', 'https://az.wikipedia.org/', isAppPage)).toBe(false);
    expect(mayNavigate('app', 'file:///app/index.html', isAppPage)).toBe(true);
    expect(mayNavigate('site', 'https://az.wikipedia.org/wiki/X', isAppPage)).toBe(true);
    expect(mayNavigate('site', 'file:///app/index.html', isAppPage)).toBe(false);
  });

  it('gives a site window the isolation of the app window and no preload', () => {
    const options = siteWindowOptions();
    expect(options.webPreferences).toEqual(SECURE_WEB_PREFERENCES);
    expect(options.webPreferences).not.toHaveProperty('preload');
  });
});
