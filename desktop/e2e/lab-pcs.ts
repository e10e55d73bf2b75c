// Lab PCs for end-to-end tests: each a test-host process (its own core and
// cache) with a browser page, enrolled in the demo lab and signed in.
import { expect, type Browser, type Page } from '@playwright/test';
import { startDesktopApp, tempDir, type DesktopApp } from './test-host.ts';

export const PASSWORD = 'sinif-demo';

export interface Pc {
  name: string;
  username: string;
  cache: ReturnType<typeof tempDir>;
  app: DesktopApp;
  page: Page;
}

export interface PcOptions {
  /** Wait until the PC has synced the demo library (tests that push lessons need it). */
  library?: boolean;
}

export async function enrolAndSignIn(page: Page, serverUrl: string, seatName: string, username: string, options: PcOptions = {}): Promise<void> {
  await page.getByTestId('language-picker').selectOption('en');
  await page.getByLabel('Server address').fill(serverUrl);
  await page.getByLabel('Enrolment code').fill('DEMO-LAB1');
  await page.getByLabel('Seat name').fill(seatName);
  await page.getByRole('button', { name: 'Connect this PC' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('offline-badge')).toHaveText('Online');
  // Four PCs sync at once on a busy machine: wait until this PC has the library.
  if (options.library !== false) await expect(page.getByTestId('lesson-item')).toHaveCount(7, { timeout: 45_000 });
}

export type StartedPc = Pick<Pc, 'name' | 'cache' | 'app'>;

/** The PC's app alone; it needs no server yet (start both side by side, then `signInPc`). */
export async function startPc(name: string, serverUrl: string): Promise<StartedPc> {
  const cache = tempDir(name.toLowerCase());
  return { name, cache, app: await startDesktopApp(cache.path, serverUrl) };
}

export async function signInPc(browser: Browser, started: StartedPc, serverUrl: string, username: string, options: PcOptions = {}): Promise<Pc> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(started.app.url);
  await enrolAndSignIn(page, serverUrl, started.name, username, options);
  return { ...started, username, page };
}

export async function openPc(browser: Browser, serverUrl: string, name: string, username: string, options: PcOptions = {}): Promise<Pc> {
  return signInPc(browser, await startPc(name, serverUrl), serverUrl, username, options);
}

/** The device id of a student's PC, read from the teacher's seat map. */
export async function deviceIdOf(teacher: Page, student: Pc): Promise<string> {
  const card = teacher.locator(`[data-testid="seat-card"][data-seat-name="${student.name}"]`);
  const id = await card.getAttribute('data-device-id');
  if (!id) throw new Error(`no device id for ${student.name}`);
  return id;
}
