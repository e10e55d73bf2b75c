// A lab session end to end: a teacher PC and three student PCs (four test-host
// processes, each its own core and cache) on the real server run as a child
// process. Lock, unlock, push a lesson, raise a hand — then the server is
// SIGKILLed and restarted, and the seats are locked again from the server's
// stored state (one seat even restarted its app while the server was gone).
import { expect, test, type Page } from '@playwright/test';
import { deviceIdOf, openPc, type Pc } from './lab-pcs.ts';
import { freePort, startServerChild, type ServerChild } from './server-child.ts';
import { startDesktopApp, tempDir } from './test-host.ts';

/** Clicks where an element is, the way a person would: through whatever covers it. */
async function clickThrough(page: Page, testIdOrSelector: string): Promise<void> {
  const box = await page.locator(testIdOrSelector).first().boundingBox();
  if (!box) throw new Error(`${testIdOrSelector} has no box`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

test('a teacher locks, unlocks, pushes a lesson and sees hands; the lock survives a server crash', async ({ browser }) => {
  test.setTimeout(90_000);
  const serverData = tempDir('lab-server');
  const port = await freePort();
  let server: ServerChild = await startServerChild(serverData.path, port);
  const pcs: Pc[] = [];
  try {
    // Four PCs start side by side: their start-up is mostly waiting on child processes.
    pcs.push(
      ...(await Promise.all([
        openPc(browser, server.url, 'TEACHER', 'teacher1'),
        openPc(browser, server.url, 'PC-01', 'student1'),
        openPc(browser, server.url, 'PC-02', 'student2'),
        openPc(browser, server.url, 'PC-03', 'student3'),
      ])),
    );
    const [teacher, ...students] = pcs as [Pc, Pc, Pc, Pc];
    const t = teacher.page;

    await t.getByTestId('nav-lab').click();
    await t.getByTestId('lab-start').click();
    await expect(t.getByTestId('lab-running')).toBeVisible();
    const cards = t.getByTestId('seat-card');
    await expect(cards.and(t.locator('[data-online="true"]'))).toHaveCount(3);
    for (const s of students) await expect(s.page.getByTestId('seat-panel')).toBeVisible();

    // Lock: every student sees the lock, and the page under it takes no clicks or keys.
    await t.getByTestId('lock-message-input').fill('Eyes on the board');
    await t.getByTestId('cmd-lock').click();
    for (const s of students) {
      await expect(s.page.getByTestId('lock-overlay')).toBeVisible();
      await expect(s.page.getByTestId('lock-overlay')).toContainText('Eyes on the board');
    }
    const first = students[0].page;
    await expect(first.getByRole('dialog')).toHaveAttribute('aria-modal', 'true');
    await clickThrough(first, 'input[type="search"]');
    await first.keyboard.type('abc');
    await expect(first.locator('input[type="search"]')).not.toBeFocused();
    await expect(first.locator('input[type="search"]')).toHaveValue('');
    await clickThrough(first, '[data-testid="raise-hand"]');
    await expect(first.getByTestId('raise-hand')).toHaveAttribute('aria-pressed', 'false');
    await expect(cards.and(t.locator('[data-locked="true"][data-delivery="applied"]'))).toHaveCount(3);

    await t.getByTestId('cmd-unlock').click();
    for (const s of students) await expect(s.page.getByTestId('lock-overlay')).toHaveCount(0);

    // Screens: the grid shows every seat's screen, and a student's image changes when their screen does.
    const firstId = await deviceIdOf(t, students[0]);
    await t.getByTestId('lab-screens-toggle').click();
    const thumbs = t.getByTestId('seat-thumbnail');
    await expect(thumbs).toHaveCount(3);
    const firstThumb = t.locator(`[data-testid="seat-thumbnail"][data-device-id="${firstId}"]`);
    const before = await firstThumb.getAttribute('src');
    expect(before).toMatch(/^data:image\/(webp|jpeg);base64,/);
    await first.locator('input[type="search"]').fill('photosynthesis');
    await expect(firstThumb).not.toHaveAttribute('src', before!);
    await firstThumb.click();
    await expect(t.getByTestId('screen-focus').getByTestId('seat-thumbnail')).toBeVisible();
    await t.getByTestId('lab-screens-toggle').click();
    await expect(thumbs).toHaveCount(0);
    await first.locator('input[type="search"]').fill('');

    // Push a lesson: it opens on all three (fetched first where the cache lacks it).
    const select = t.getByTestId('push-lesson-select');
    await expect(select.locator('option').first()).toBeAttached();
    const title = (await select.locator('option:checked').innerText()).trim();
    await t.getByTestId('cmd-push-lesson').click();
    for (const s of students) await expect(s.page.getByTestId('lesson-viewer')).toContainText(title, { timeout: 30_000 });
    await expect(cards.and(t.locator('[data-delivery="applied"]'))).toHaveCount(3);

    // A raised hand shows on the teacher's seat map.
    await students[1].page.getByTestId('raise-hand').click();
    await expect(students[1].page.getByTestId('raise-hand')).toHaveAttribute('aria-pressed', 'true');
    await expect(t.locator(`[data-testid="seat-card"][data-seat-name="PC-02"][data-hand="true"]`)).toBeVisible();
    await expect(t.getByTestId('seat-hand')).toHaveCount(1);

    // Lock again, then the server dies hard. PC-03 even restarts its app while the server is gone.
    await t.getByTestId('cmd-lock').click();
    for (const s of students) await expect(s.page.getByTestId('lock-overlay')).toBeVisible();
    await server.kill();
    const third = students[2];
    await third.app.stop();
    third.app = await startDesktopApp(third.cache.path, server.url, Number(new URL(third.app.url).port));
    await third.page.reload();
    await expect(third.page.getByTestId('offline-badge')).toBeVisible();
    await expect(third.page.getByTestId('lock-overlay')).toHaveCount(0);

    server = await startServerChild(serverData.path, port);
    // The server restores the session and re-sends each seat its state: locked, lesson open under the lock.
    for (const s of students) await expect(s.page.getByTestId('lock-overlay')).toBeVisible({ timeout: 20_000 });
    await expect(third.page.getByTestId('lesson-viewer')).toContainText(title, { timeout: 20_000 });
    await expect(cards.and(t.locator('[data-online="true"][data-locked="true"]'))).toHaveCount(3, { timeout: 20_000 });

    await t.getByTestId('cmd-unlock').click();
    for (const s of students) await expect(s.page.getByTestId('lock-overlay')).toHaveCount(0);
    await t.getByTestId('lab-end').click();
    for (const s of students) await expect(s.page.getByTestId('seat-panel')).toHaveCount(0);
  } finally {
    await Promise.all(pcs.map((pc) => pc.app.stop()));
    await server.kill();
    for (const pc of pcs) pc.cache.remove();
    serverData.remove();
  }
});
