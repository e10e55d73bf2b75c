// Co-teaching and a screen opened large, end to end: three PCs (teacher,
// a second teacher — the school's IT admin — and a student) on the real
// server. The second teacher sees who runs the lab, asks to join, is
// invited and commands; the teacher opens the student's screen large.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { freePort, startServerChild, type ServerChild } from './server-child.ts';
import { startDesktopApp, tempDir, type DesktopApp } from './test-host.ts';

interface Pc {
  cache: ReturnType<typeof tempDir>;
  app: DesktopApp;
  page: Page;
}

async function openPc(browser: Browser, serverUrl: string, seatName: string, username: string): Promise<Pc> {
  const cache = tempDir(seatName.toLowerCase());
  const app = await startDesktopApp(cache.path, serverUrl);
  const page = await (await browser.newContext()).newPage();
  await page.goto(app.url);
  await page.getByTestId('language-picker').selectOption('en');
  await page.getByLabel('Server address').fill(serverUrl);
  await page.getByLabel('Enrolment code').fill('DEMO-LAB1');
  await page.getByLabel('Seat name').fill(seatName);
  await page.getByRole('button', { name: 'Connect this PC' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('sinif-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('offline-badge')).toHaveText('Online');
  return { cache, app, page };
}

test('a second teacher asks to join, is invited and commands; the teacher opens a screen large', async ({ browser }) => {
  test.setTimeout(90_000);
  const serverData = tempDir('lab-team-server');
  const server: ServerChild = await startServerChild(serverData.path, await freePort());
  const pcs: Pc[] = [];
  try {
    pcs.push(
      ...(await Promise.all([
        openPc(browser, server.url, 'TEACHER', 'teacher1'),
        openPc(browser, server.url, 'PC-02', 'itadmin1'),
        openPc(browser, server.url, 'PC-01', 'student1'),
      ])),
    );
    const [teacher, second, student] = pcs.map((pc) => pc.page) as [Page, Page, Page];

    await teacher.getByTestId('nav-lab').click();
    await teacher.getByTestId('lab-start').click();
    await expect(teacher.getByTestId('lab-running')).toBeVisible();
    await expect(student.getByTestId('seat-panel')).toBeVisible();

    // The second teacher sees who runs the lab and since when, and asks to join.
    await second.getByTestId('nav-lab').click();
    const runBy = second.getByTestId('lab-run-by');
    await expect(runBy).toContainText('Aygün Məmmədova runs the session');
    await expect(second.getByTestId('lab-start')).toHaveCount(0);
    await second.getByTestId('lab-ask-join').click();
    await expect(second.getByTestId('lab-join-asked')).toBeVisible();

    // The teacher sees the ask and invites; the second teacher's console opens by itself and commands.
    await teacher.getByTestId('invite-ask').click();
    await expect(teacher.getByTestId('join-ask')).toHaveCount(0);
    await expect(second.getByTestId('lab-running')).toBeVisible();
    await second.getByTestId('cmd-lock').click();
    await expect(student.getByTestId('lock-overlay')).toBeVisible();
    await teacher.getByTestId('cmd-unlock').click();
    await expect(student.getByTestId('lock-overlay')).toHaveCount(0);

    // The teacher opens the student's screen large: large frames arrive while it is open.
    await teacher.getByTestId('lab-screens-toggle').click();
    const studentScreen = teacher.getByTestId('screen-grid').getByAltText('PC-01');
    await expect(studentScreen).toBeVisible();
    await studentScreen.click();
    const large = teacher.getByTestId('screen-focus').locator('[data-testid="seat-thumbnail"][data-large="true"]');
    await expect(large).toBeVisible();
    const before = await large.getAttribute('src');
    await student.locator('input[type="search"]').fill('photosynthesis');
    await expect(large).not.toHaveAttribute('src', before!);
    await teacher.getByTestId('screen-focus-close').click();
    await expect(teacher.getByTestId('screen-grid')).toBeVisible();

    await teacher.getByTestId('lab-end').click();
    await expect(student.getByTestId('seat-panel')).toHaveCount(0);
  } finally {
    await Promise.all(pcs.map((pc) => pc.app.stop()));
    await server.kill();
    for (const pc of pcs) pc.cache.remove();
    serverData.remove();
  }
});
