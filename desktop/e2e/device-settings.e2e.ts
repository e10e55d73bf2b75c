// The Settings screen of a lab PC: a teacher sees how full the lesson storage
// is, sets a school-hours download cap and a smaller storage size, and the
// settings are still there after the app restarts from the same cache.
import { expect, test } from '@playwright/test';
import { startDesktopApp, startTestServer, tempDir } from './test-host.ts';

test('a teacher sets a school-hours download cap and storage size that survive a restart', async ({ page }) => {
  const serverData = tempDir('server');
  const cache = tempDir('cache');
  const server = await startTestServer(serverData.path);
  const demo = server.demo;
  if (!demo) throw new Error('demo school missing');
  let app = await startDesktopApp(cache.path, server.url);
  try {
    await page.goto(app.url);
    await page.getByTestId('language-picker').selectOption('en');
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('Enrolment code').fill(demo.enrolmentCode);
    await page.getByLabel('Seat name').fill('PC-TEACHER');
    await page.getByRole('button', { name: 'Connect this PC' }).click();
    await page.getByLabel('Username').fill(demo.teacher.username);
    await page.getByLabel('Password').fill(demo.teacher.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });

    await page.getByTestId('nav-settings').click();
    const usage = page.getByTestId('storage-usage');
    await expect(usage).toContainText('of 20 GB used');
    await expect(page.getByTestId('storage-files')).not.toHaveText('0');
    await expect(page.getByTestId('cap-summary')).toHaveText('Now: no speed limit');

    await page.getByLabel('Storage size for lessons (GB)').fill('2');
    await page.getByLabel('Limit the download speed of lessons').check();
    await page.getByLabel('Speed limit (kbit/s)').fill('512');
    await page.getByLabel('Only during these hours').check();
    await page.getByLabel('From', { exact: true }).fill('08:30');
    await page.getByLabel('To', { exact: true }).fill('14:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    await expect(page.getByTestId('cap-summary')).toHaveText('Now: limited to 512 kbit/s from 08:30 to 14:00, Monday to Friday');
    await expect(usage).toContainText('of 2 GB used');

    // An empty window is refused with a message, and nothing changes.
    await page.getByLabel('To', { exact: true }).fill('08:30');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('error-message')).toContainText('Please check the fields');

    await app.stop();
    app = await startDesktopApp(cache.path, server.url, Number(new URL(app.url).port));
    await page.goto(app.url);
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('cap-summary')).toHaveText('Now: limited to 512 kbit/s from 08:30 to 14:00, Monday to Friday');
    await expect(page.getByLabel('Storage size for lessons (GB)')).toHaveValue('2');
  } finally {
    await app.stop();
    await server.close();
    serverData.remove();
    cache.remove();
  }
});
