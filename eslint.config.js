// Lint config. Besides the usual checks it enforces where code may run
// (../shared/STYLE.md): each folder may import only what its runtime has.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noElectron = { name: 'electron', message: 'Only desktop/src/main and desktop/src/preload may import electron.' };
const nodeOnlyPackages = ['better-sqlite3', 'kysely', 'fastify', 'socket.io', 'mediasoup', 'pino'];

/** Build a no-restricted-imports rule from forbidden module names. */
function forbid(paths, patterns = []) {
  return ['error', { paths, patterns }];
}

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/out/**', '**/dist/**', 'data/**', '.toolchain/**', 'test-results/**', 'playwright-report/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a const object: Node type stripping cannot run enums.' }],
    },
  },
  {
    files: ['build/scripts/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // shared/: contracts that run everywhere — no Node, DOM or Electron.
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': forbid(
        [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs everywhere: no Node built-ins.' }))],
        [{ group: ['@sinif/server', '@sinif/desktop', '**/server/**', '**/desktop/**'], message: 'shared/ imports no other package.' }],
      ),
    },
  },
  // desktop core, host glue and test host: Node, never Electron.
  {
    files: ['desktop/src/core/**/*.ts', 'desktop/src/host/**/*.ts', 'desktop/src/test-host/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([noElectron], [{ group: ['**/renderer/**', '**/main/**'], message: 'core/host may not reach into the UI or the Electron shell.' }]) },
  },
  // renderer: browser only — no Node, no Electron, no server-side packages.
  {
    files: ['desktop/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': forbid(
        [
          noElectron,
          ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a sandboxed browser: no Node built-ins.' })),
          ...nodeOnlyPackages.map((name) => ({ name, message: 'Node-only package: go through the host API.' })),
        ],
        [{ group: ['**/core/**', '**/main/**', '**/host/**', '**/preload/**', '**/test-host/**'], message: 'The renderer talks to the host only through host.ts.' }],
      ),
    },
  },
  // preload: only electron and the contract.
  {
    files: ['desktop/src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        nodeBuiltins.map((name) => ({ name, message: 'The sandboxed preload may import only electron and @sinif/shared.' })),
        [{ group: ['**/core/**', '**/renderer/**', '**/host/**', '**/main/**'], message: 'The preload may import only electron and @sinif/shared.' }],
      ),
    },
  },
  // server never pulls in desktop code.
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([noElectron], [{ group: ['@sinif/desktop', '**/desktop/**'], message: 'The server does not depend on the desktop app.' }]) },
  },
);
