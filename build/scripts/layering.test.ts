// Proves the lint rules in eslint.config.js keep each folder to its runtime
// (STYLE.md: shared runs everywhere, core never imports electron, the renderer
// imports neither Node nor electron).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './lib/repo.ts';

const eslint = new ESLint({ cwd: repoRoot });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('runtime layering lint rules', () => {
  const cases: Array<[string, string, boolean]> = [
    ['shared/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", false],
    ['shared/src/x.ts', "import { app } from 'electron';\nexport const x = app;\n", false],
    ['shared/src/x.ts', "import { Type } from 'typebox';\nexport const x = Type;\n", true],
    ['desktop/src/core/x.ts', "import { app } from 'electron';\nexport const x = app;\n", false],
    ['desktop/src/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", true],
    ['desktop/src/renderer/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", false],
    ['desktop/src/renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", false],
    ['desktop/src/renderer/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n", false],
    ['desktop/src/renderer/x.ts', "import { hostMethods } from '@sinif/shared';\nexport const x = hostMethods;\n", true],
    ['desktop/src/preload/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", false],
    ['desktop/src/main/x.ts', "import { app } from 'electron';\nexport const x = app;\n", true],
  ];
  for (const [file, code, allowed] of cases) {
    const what = code.split('\n')[0];
    it(`${allowed ? 'allows' : 'refuses'} \`${what}\` in ${file}`, async () => {
      const errors = await layeringErrors(file, code);
      expect(errors.length === 0).toBe(allowed);
    });
  }
});
