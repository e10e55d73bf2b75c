import type { HostArgs, HostMethod, HostResponse, HostResult } from '@sinif/shared';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Calls the bridge the way the renderer does: same-origin JSON POST. */
export function bridgeClient(url: string) {
  async function raw(method: unknown, args: unknown, origin: string | null = url): Promise<{ status: number; body: HostResponse }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (origin !== null) headers.origin = origin;
    const res = await fetch(`${url}/host/invoke`, { method: 'POST', headers, body: JSON.stringify({ method, args }) });
    return { status: res.status, body: (await res.json()) as HostResponse };
  }
  async function call<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<HostResult<M>> {
    const { body } = await raw(method, args);
    if (!body.ok) throw new Error(`${method} failed: ${body.error.code} ${body.error.message}`);
    return body.value as HostResult<M>;
  }
  return { raw, call };
}

/** A stand-in for the built renderer: an SPA shell and one script asset. */
export async function writeRendererDir(dir: string): Promise<string> {
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Sinif</title><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log("renderer");');
  return dir;
}
