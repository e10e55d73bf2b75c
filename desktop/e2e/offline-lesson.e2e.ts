// The walking skeleton, end to end: a student on an enrolled lab PC signs in,
// the library syncs into the PC's SQLite cache, a lesson opens — and it still
// opens after the server is gone and the app was restarted from the same cache.
import { expect, test, type Page } from '@playwright/test';
import { startDesktopApp, startTestServer, tempDir } from './test-host.ts';

async function useEnglish(page: Page): Promise<void> {
  await page.getByTestId('language-picker').selectOption('en');
}

test('a lesson synced while online still opens after the server is stopped and the app restarted', async ({ page }) => {
  const serverData = tempDir('server');
  const cache = tempDir('cache');
  const server = await startTestServer(serverData.path);
  const demo = server.demo;
  const student = demo?.students[0];
  if (!demo || !student) throw new Error('demo school missing');
  let app = await startDesktopApp(cache.path, server.url);
  let serverStopped = false;
  try {
    await page.goto(app.url);
    await useEnglish(page);

    // Enrol this PC into the demo lab.
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('Enrolment code').fill(demo.enrolmentCode);
    await page.getByLabel('Seat name').fill('PC-07');
    await page.getByRole('button', { name: 'Connect this PC' }).click();

    // Sign in as a demo student; the library syncs on its own.
    await page.getByLabel('Username').fill(student.username);
    await page.getByLabel('Password').fill(student.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
    const items = page.getByTestId('lesson-item');
    await expect(items).toHaveCount(7);
    await expect(page.getByTestId('offline-badge')).toHaveText('Online');

    // Open an English lesson and read its page from the verified cache.
    const lesson = items.filter({ hasText: /computer/i }).first();
    // The list refreshes as files arrive; wait until every file of this lesson is verified.
    await expect(lesson).toContainText('Available offline', { timeout: 30_000 });
    const title = (await lesson.getByRole('button').first().innerText()).trim();
    await lesson.getByRole('button').first().click();
    const viewer = page.getByTestId('lesson-viewer');
    await expect(viewer).toContainText(title);
    const pageText = viewer.frameLocator('iframe').first().locator('body');
    await expect(pageText).not.toBeEmpty();
    const onlineText = await pageText.innerText();

    // The server goes away; the app is restarted from the same cache directory.
    await server.close();
    serverStopped = true;
    await app.stop();
    // Same port, as a restarted app would have: the page keeps its language.
    app = await startDesktopApp(cache.path, server.url, Number(new URL(app.url).port));
    await page.goto(app.url);

    await expect(page.getByTestId('lesson-list')).toBeVisible();
    await expect(page.getByTestId('offline-badge')).toHaveText('Offline');
    await page.getByTestId('lesson-item').filter({ hasText: title }).getByRole('button').first().click();
    await expect(page.getByTestId('lesson-viewer')).toContainText(title);
    const offlineText = await page.getByTestId('lesson-viewer').frameLocator('iframe').first().locator('body').innerText();
    expect(offlineText).toBe(onlineText);
  } finally {
    await app.stop();
    if (!serverStopped) await server.close();
    serverData.remove();
    cache.remove();
  }
});

test('a wrong enrolment code is refused with a clear message and the PC stays unenrolled', async ({ page }) => {
  const serverData = tempDir('server');
  const cache = tempDir('cache');
  const server = await startTestServer(serverData.path);
  const app = await startDesktopApp(cache.path, server.url);
  try {
    await page.goto(app.url);
    await useEnglish(page);
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('Enrolment code').fill('WRONG-CODE');
    await page.getByLabel('Seat name').fill('PC-08');
    await page.getByRole('button', { name: 'Connect this PC' }).click();
    await expect(page.getByTestId('error-message')).toBeVisible();
    await expect(page.getByTestId('error-message')).not.toBeEmpty();
    await page.reload();
    await expect(page.getByLabel('Enrolment code')).toBeVisible();
  } finally {
    await app.stop();
    await server.close();
    serverData.remove();
    cache.remove();
  }
});
