// The site allowlist end to end: a teacher PC and a student PC (two test-host
// processes) on the real server. The teacher allows one site; the student's
// try to go elsewhere is refused in the app with a notice, and the teacher's
// seat map counts it with the host. A site the teacher pushes opens. Nothing
// leaves the loopback: the refused site is never requested, the pushed one is
// the server itself.
import { expect, test } from '@playwright/test';
import { deviceIdOf, signInPc, startPc, type StartedPc } from './lab-pcs.ts';
import { freePort, startServerChild } from './server-child.ts';
import { tempDir } from './test-host.ts';

test('a student trying a site off the allowlist sees a notice and the teacher sees the count', async ({ browser }) => {
  test.setTimeout(45_000);
  const serverData = tempDir('allowlist-server');
  const port = await freePort();
  // The server and both apps start side by side: start-up is mostly waiting on child processes.
  const serverStart = startServerChild(serverData.path, port);
  const pcStarts = [startPc('TEACHER', `http://127.0.0.1:${port}`), startPc('PC-01', `http://127.0.0.1:${port}`)];
  const pcs: StartedPc[] = (await Promise.allSettled(pcStarts)).flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const server = await serverStart.catch(async (error: unknown) => {
    await Promise.all(pcs.map((pc) => pc.app.stop()));
    throw error;
  });
  try {
    if (pcs.length !== pcStarts.length) await Promise.all(pcStarts); // rethrows why an app did not start
    const [teacher, student] = await Promise.all([
      signInPc(browser, pcs[0]!, server.url, 'teacher1', { library: false }),
      signInPc(browser, pcs[1]!, server.url, 'student1', { library: false }),
    ]);
    const t = teacher.page;
    const s = student.page;

    await t.getByTestId('nav-lab').click();
    await t.getByTestId('lab-start').click();
    await expect(t.getByTestId('lab-running')).toBeVisible();
    await expect(s.getByTestId('seat-panel')).toBeVisible();
    const seat = t.locator(`[data-testid="seat-card"][data-device-id="${await deviceIdOf(t, student)}"]`);

    // Only wikipedia.org (typed as an address, kept as its host) may be opened.
    await t.getByTestId('allowlist-input').fill('https://wikipedia.org/wiki/Main_Page');
    await t.getByTestId('cmd-allowlist').click();
    await expect(s.getByTestId('allowed-sites')).toContainText('wikipedia.org');

    // The student types another site: refused before any request, with a notice in their language.
    const opened: string[] = [];
    s.context().on('page', (page) => opened.push(page.url()));
    await s.getByTestId('site-address').fill('games.example/play?user=aysel');
    await s.getByTestId('site-go').click();
    const notice = s.getByTestId('blocked-site-notice');
    await expect(notice).toContainText('This site is not allowed during the lesson');
    await expect(notice).toHaveAttribute('data-host', 'games.example');
    expect(opened).toEqual([]);

    // The teacher's seat map counts it, host only.
    const blocked = seat.getByTestId('seat-blocked');
    await expect(blocked).toHaveAttribute('data-count', '1');
    await expect(blocked).toContainText('games.example');
    await expect(blocked).not.toContainText('aysel');

    // A site the teacher pushes joins the allowlist and opens (the server's own health page: loopback only).
    const pushed = `${server.url}/api/v1/health`;
    await t.getByTestId('site-input').fill(pushed);
    await t.getByTestId('cmd-site').click();
    const link = s.getByTestId('pushed-site').getByRole('link');
    await expect(link).toHaveAttribute('href', pushed);
    const popup = s.context().waitForEvent('page');
    await link.click();
    await expect.poll(async () => (await popup).url()).toBe(pushed);
    await expect(blocked).toHaveAttribute('data-count', '1');

    // A second try elsewhere is counted too, with the new host.
    await s.getByTestId('site-address').fill('https://chat.example');
    await s.getByTestId('site-go').click();
    await expect(notice).toHaveAttribute('data-host', 'chat.example');
    await expect(blocked).toHaveAttribute('data-count', '2');
    await expect(blocked).toHaveAttribute('data-host', 'chat.example');

    await t.getByTestId('lab-end').click();
    await expect(s.getByTestId('seat-panel')).toHaveCount(0);
  } finally {
    await Promise.all(pcs.map((pc) => pc.app.stop()));
    await server.kill();
    for (const pc of pcs) pc.cache.remove();
    serverData.remove();
  }
});
