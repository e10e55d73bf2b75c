import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES, appWebPreferences } from '../../src/main/window-security.ts';

describe('app window security settings', () => {
  it('isolates the renderer from Node and Electron', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('keeps the isolation settings when the preload is added', () => {
    const prefs = appWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({ ...SECURE_WEB_PREFERENCES, preload: '/app/out/preload/index.cjs' });
  });

  it('uses the same CSP in index.html as in the response header', () => {
    const html = readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(APP_CONTENT_SECURITY_POLICY);
  });

  it('allows no eval, no plugins, no inline script and no foreign connections', () => {
    const directives = new Map(
      APP_CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(APP_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
