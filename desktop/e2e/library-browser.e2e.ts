// The library browser end to end: a student browses the synced library by
// language, grade and subject (the list narrows, each option counts its
// lessons), searches within a filter, and downloads a lesson the first sync
// could not fetch — cancelling it once, then watching its progress until it is available offline.
// The server's bytes reach the app through a paced proxy (1 MiB/s), so a
// 3 MiB lesson takes seconds, like a film over a school's uplink.
import { createHash, randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { upsertLesson } from '../../server/src/catalog/catalog-writer.ts';
import { startThrottledProxy } from './throttled-proxy.ts';
import { startDesktopApp, startTestServer, tempDir } from './test-host.ts';

const FILM_BYTES = 3 * 1024 * 1024;
const PROXY_BYTES_PER_SECOND = 1024 * 1024;

async function useEnglish(page: Page): Promise<void> {
  await page.getByTestId('language-picker').selectOption('en');
}

test('a student narrows the library by filters and search, then downloads a lesson with progress', async ({ page }) => {
  test.setTimeout(60_000);
  const serverData = tempDir('server');
  const cache = tempDir('cache');
  const server = await startTestServer(serverData.path);
  const student = server.demo?.students[0];
  if (!server.demo || !student) throw new Error('demo school missing');
  // A lesson the server lists before it holds the file (an upload still running):
  // the first sync fetches every other file and reports this one missing.
  const film = new Uint8Array(randomBytes(FILM_BYTES));
  await upsertLesson(server.app.store, {
    id: 'e2e-light-and-shadow',
    title: 'Light and shadow',
    description: 'A short film about how shadows form.',
    subject: 'Physics',
    grade: 8,
    language: 'en',
    resources: [{ id: 'film', name: 'Film', mediaType: 'video/mp4', size: FILM_BYTES, sha256: createHash('sha256').update(film).digest('hex') }],
  });
  const proxy = await startThrottledProxy(server.url, PROXY_BYTES_PER_SECOND);
  const app = await startDesktopApp(cache.path, proxy.url);
  try {
    await page.goto(app.url);
    await useEnglish(page);
    await page.getByLabel('Server address').fill(proxy.url);
    await page.getByLabel('Enrolment code').fill(server.demo.enrolmentCode);
    await page.getByLabel('Seat name').fill('PC-11');
    await page.getByRole('button', { name: 'Connect this PC' }).click();
    await page.getByLabel('Username').fill(student.username);
    await page.getByLabel('Password').fill(student.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    // The sync says what happened and what to do, not a generic "not found".
    await expect(page.getByTestId('sync-status').getByRole('alert')).toContainText('Some lesson files are not on the server yet');
    const items = page.getByTestId('lesson-item');
    await expect(items).toHaveCount(8);
    await expect(page.getByTestId('library-count')).toHaveText('Lessons shown: 8 of 8');

    // Browse by language, then grade: the list narrows; options count their lessons.
    await page.getByTestId('filter-language').selectOption('en');
    await expect(items).toHaveCount(2);
    const grades = page.getByTestId('filter-grade');
    await expect(grades.locator('option[value="4"]')).toHaveText('Grade 4 (1)');
    await expect(grades.locator('option[value="8"]')).toHaveText('Grade 8 (1)');
    await grades.selectOption('4');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText('Saving and naming files');
    await expect(items.first().getByTestId('download-state')).toHaveText('Available offline');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(items).toHaveCount(8);

    // Search combined with filters: every one must hold.
    await grades.selectOption('3');
    await expect(items).toHaveCount(2);
    const search = page.getByPlaceholder('Title, subject…');
    await search.fill('sekil');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText('Şəkil çəkmək');
    await search.fill('');
    await page.getByTestId('filter-language').selectOption('hy');
    await expect(items).toHaveCount(1);
    await search.fill('sekil');
    await expect(items).toHaveCount(0);
    await expect(page.getByText('No lessons match these filters.')).toBeVisible();
    await search.fill('');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(items).toHaveCount(8);

    // The file is on the server now: download the lesson by hand and watch it arrive.
    server.app.content.put(film);
    await page.getByTestId('filter-subject').selectOption('Physics');
    await expect(items).toHaveCount(1);
    const lesson = items.first();
    await expect(lesson).toContainText('Light and shadow');
    await expect(lesson.getByTestId('download-state')).toHaveAttribute('data-state', 'none');
    await expect(lesson.getByTestId('lesson-size')).toHaveText('3 MB');
    await lesson.getByTestId('download-lesson').click();
    const progress = lesson.getByTestId('download-progress');
    await expect(progress).toContainText(/ of 3 MB \(\d+%\)/);
    // Changed their mind: Cancel stops it, and the Download button is back.
    await progress.getByRole('button', { name: 'Cancel the download of “Light and shadow”' }).click();
    await expect(progress).toHaveCount(0);
    await expect(lesson.getByTestId('download-lesson')).toHaveText('Download');
    await expect(lesson.getByTestId('download-state')).toHaveAttribute('data-state', 'none');
    // Downloading again goes on from the bytes already fetched.
    await lesson.getByTestId('download-lesson').click();
    await expect(progress).toContainText(/ of 3 MB \(\d+%\)/);
    await expect(lesson.getByTestId('download-state')).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
    await expect(lesson.getByTestId('download-state')).toHaveText('Available offline');
    await expect(progress).toHaveCount(0);
    await expect(lesson.getByTestId('download-lesson')).toHaveCount(0);
  } finally {
    await app.stop();
    await proxy.close();
    await server.close();
    serverData.remove();
    cache.remove();
  }
});
