// Identity, end to end: the school IT admin enrols a lab PC for a new lab from
// the desktop app's Administration area, a student signs in on that PC, the
// admin sees what the PC reported about itself, puts the student in a class,
// moves the PC to another lab, then revokes it — and the student's app is
// signed out at once, on its own, with a message saying why.
import { expect, test, type Page } from '@playwright/test';
import { startDesktopApp, startTestServer, tempDir, type DesktopApp } from './test-host.ts';

async function enrol(page: Page, serverUrl: string, code: string, seatName: string): Promise<void> {
  await page.getByTestId('language-picker').selectOption('en');
  await page.getByLabel('Server address').fill(serverUrl);
  await page.getByLabel('Enrolment code').fill(code);
  await page.getByLabel('Seat name').fill(seatName);
  await page.getByRole('button', { name: 'Connect this PC' }).click();
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an IT admin enrols a PC into a new lab, sees its inventory, moves it, then revokes it and the student there is signed out with the reason', async ({ browser }) => {
  const serverData = tempDir('server');
  const adminCache = tempDir('admin-cache');
  const seatCache = tempDir('seat-cache');
  const server = await startTestServer(serverData.path);
  const demo = server.demo;
  const student = demo?.students[0];
  if (!demo || !student) throw new Error('demo school missing');
  const apps: DesktopApp[] = [];
  const adminContext = await browser.newContext();
  const seatContext = await browser.newContext();
  try {
    // The IT admin's own PC joins the demo lab, and the admin signs in.
    const adminApp = await startDesktopApp(adminCache.path, server.url);
    apps.push(adminApp);
    const admin = await adminContext.newPage();
    await admin.goto(adminApp.url);
    await enrol(admin, server.url, demo.enrolmentCode, 'IT-DESK');
    await signIn(admin, demo.itAdmin.username, demo.itAdmin.password);
    await admin.getByTestId('nav-admin').click();
    await expect(admin.getByTestId('admin-screen')).toBeVisible();
    // Regions and schools are a region admin's; a school IT admin is not offered them.
    await expect(admin.getByTestId('admin-tab-classes')).toBeVisible();
    await expect(admin.getByTestId('admin-tab-regions')).toHaveCount(0);
    await expect(admin.getByTestId('admin-tab-schools')).toHaveCount(0);

    // A new lab, and an enrolment code for it, shown once.
    await admin.getByTestId('admin-tab-labs').click();
    await admin.getByLabel('New lab name').fill('Lab 2');
    await admin.getByRole('button', { name: 'Create lab' }).click();
    await expect(admin.getByTestId('lab-item').filter({ hasText: 'Lab 2' })).toBeVisible();
    await admin.getByTestId('admin-tab-codes').click();
    await admin.getByTestId('code-lab').selectOption({ label: 'Lab 2' });
    await admin.getByLabel('Number of PCs').fill('5');
    await admin.getByRole('button', { name: 'Create code' }).click();
    const codeText = (await admin.getByTestId('new-enrolment-code').innerText()).trim();
    expect(codeText).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect(admin.getByTestId('code-row').filter({ hasText: 'Lab 2' })).toContainText('0 of 5');

    // A fresh lab PC (its own cache, its own app process) enrols with that code; a student signs in there.
    const seatApp = await startDesktopApp(seatCache.path, server.url);
    apps.push(seatApp);
    const seat = await seatContext.newPage();
    await seat.goto(seatApp.url);
    await enrol(seat, server.url, codeText, 'PC-21');
    await expect(seat.getByTestId('seat-name')).toContainText('Lab 2');
    await signIn(seat, student.username, student.password);
    await expect(seat.getByTestId('offline-badge')).toHaveText('Online');

    // The admin sees the PC in the inventory with what it reported on its own: OS, app version, free disk.
    await admin.getByTestId('admin-tab-devices').click();
    const row = admin.getByTestId('device-row').filter({ hasText: 'PC-21' });
    await expect(row.getByTestId('device-lab')).toHaveText('Lab 2');
    await expect(row.getByTestId('device-os')).toContainText(process.platform);
    await expect(row.getByTestId('device-app-version')).toHaveText('0.1.0');
    await expect(row.getByTestId('device-free-disk')).toContainText(/\d/);

    // The PC moves to the school's other lab.
    await row.getByRole('button', { name: 'Move to lab' }).click();
    await row.getByTestId('move-lab').selectOption({ label: demo.labName });
    await row.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(row.getByTestId('device-lab')).toHaveText(demo.labName);

    // The student joins a new class.
    await admin.getByTestId('admin-tab-classes').click();
    await admin.getByLabel('New class name').fill('7A');
    await admin.getByRole('button', { name: 'Create class' }).click();
    const classRow = admin.getByTestId('class-row').filter({ hasText: '7A' });
    await classRow.getByRole('button', { name: 'Members' }).click();
    const picker = admin.getByTestId('class-add-student');
    await picker.selectOption((await picker.locator('option', { hasText: `(${student.username})` }).getAttribute('value')) ?? '');
    await admin.getByRole('button', { name: 'Add to class' }).click();
    await expect(admin.getByTestId('class-member')).toContainText(student.username);
    await expect(classRow.getByTestId('class-student-count')).toHaveText('1');

    // Then revokes it.
    await admin.getByTestId('admin-tab-devices').click();
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByTestId('confirm-revoke').click();
    await expect(row.getByTestId('device-status')).toHaveText('Revoked');

    // The student's app drops to the connect screen by itself, saying why.
    const reason = seat.getByTestId('signed-out-reason');
    await expect(reason).toHaveText(
      'This PC was removed from the lab by the school IT admin. Ask them for a new enrolment code.',
      { timeout: 8_000 },
    );
    await expect(seat.getByLabel('Enrolment code')).toBeVisible();
    // The admin's own PC was not touched.
    await expect(admin.getByTestId('admin-screen')).toBeVisible();
  } finally {
    await adminContext.close();
    await seatContext.close();
    for (const app of apps) await app.stop();
    await server.close();
    serverData.remove();
    adminCache.remove();
    seatCache.remove();
  }
});
