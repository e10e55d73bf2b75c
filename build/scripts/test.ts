// `npm test`: the whole suite, as a newcomer and CI run it.
// typecheck → lint → desktop build → unit/integration (Vitest) → end-to-end
// (Playwright Test in Debian's Chromium). Ends with one summary line
// "N passed, N failed, N skipped" over both runners.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildDesktop, chromiumPath, localBin, repoRoot, runStep } from './lib/repo.ts';

const outDir = join(repoRoot, '.test-output');

interface Tally { passed: number; failed: number; skipped: number }

async function step(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  console.log(`\n[sinif] ── ${name}`);
  return (await runStep(cmd, args, { env })) === 0;
}

/** Debian's chromium is the only browser that installs here (Playwright's download does not). */
async function ensureChromium(): Promise<string | undefined> {
  const found = chromiumPath();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error('[sinif] Chromium is missing: install it with `sudo apt-get install -y chromium` (or set CHROMIUM_PATH), then run npm test again.');
    return undefined;
  }
  console.log('[sinif] installing Debian chromium for the browser tests (apt-get, once)');
  await runStep('apt-get', ['update', '-qq']);
  await runStep('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  return chromiumPath();
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function vitestTally(file: string): Tally {
  const report = readJson(file) as { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number } | undefined;
  return {
    passed: report?.numPassedTests ?? 0,
    failed: report?.numFailedTests ?? 0,
    skipped: (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0),
  };
}

function playwrightTally(file: string): Tally {
  const report = readJson(file) as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } } | undefined;
  return {
    passed: (report?.stats?.expected ?? 0) + (report?.stats?.flaky ?? 0),
    failed: report?.stats?.unexpected ?? 0,
    skipped: report?.stats?.skipped ?? 0,
  };
}

async function main(): Promise<number> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const problems: string[] = [];

  const tsc = localBin('tsc');
  const typecheck = ['shared', 'server', 'desktop/tsconfig.node.json', 'desktop/tsconfig.web.json', 'build'];
  for (const project of typecheck) {
    if (!(await step(`typecheck ${project}`, tsc, ['-p', project]))) problems.push(`typecheck ${project}`);
  }
  if (!(await step('lint', localBin('eslint'), ['.']))) problems.push('lint');

  console.log('\n[sinif] ── desktop build (electron-vite)');
  await buildDesktop();

  const vitestJson = join(outDir, 'vitest.json');
  const unitOk = await step('unit and integration tests (Vitest)', localBin('vitest'), [
    // Integration tests start real servers and child processes: on a loaded
    // 2-core machine the 5 s default is too tight for some of them.
    'run', '--testTimeout=30000', '--hookTimeout=30000',
    '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`,
  ]);
  if (!unitOk) problems.push('vitest');

  const chromium = await ensureChromium();
  const playwrightJson = join(outDir, 'playwright.json');
  let e2e: Tally = { passed: 0, failed: 1, skipped: 0 };
  if (chromium) {
    const e2eOk = await step('end-to-end tests (Playwright, Chromium)', localBin('playwright'), [
      'test', '-c', join(repoRoot, 'desktop', 'e2e', 'playwright.config.ts'),
    ], { ...process.env, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
    if (!e2eOk) problems.push('e2e');
    e2e = playwrightTally(playwrightJson);
    const flaky = (readJson(playwrightJson) as { stats?: { flaky?: number } } | undefined)?.stats?.flaky ?? 0;
    if (flaky > 0) console.log(`[sinif] ${flaky} end-to-end test(s) passed only on retry (flaky): see the list above.`);
  } else {
    problems.push('e2e: no Chromium');
  }

  const unit = vitestTally(vitestJson);
  const total = { passed: unit.passed + e2e.passed, failed: unit.failed + e2e.failed, skipped: unit.skipped + e2e.skipped };
  if (problems.length > 0) console.log(`\n[sinif] failed steps: ${problems.join(', ')}`);
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return problems.length === 0 && total.failed === 0 && total.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[sinif] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
