#!/usr/bin/env node
// Entry point of every `npm start` / `npm test` / `npm run <x>`.
//
// Why this exists: build machines and school PCs often have an old system Node
// (18 or 20) while Sinif needs Node 24 (better-sqlite3, mediasoup, Vitest and
// Node's built-in TypeScript type stripping). The npm registry ships Node 24 as
// the `node` package, so we fetch it into .toolchain/ with the system npm, then
// install the workspace and run the real script under Node 24. No nvm, no
// download from outside the npm registry.
//
// This file must run on old Node versions: CommonJS, no dependencies, no
// syntax newer than ES2018.
'use strict';

const fs = require('fs');
const path = require('path');
const nodeCrypto = require('crypto');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const wantedVersion = fs.readFileSync(path.join(root, '.nvmrc'), 'utf8').trim();
const wantedMajor = Number(wantedVersion.split('.')[0]);
const toolchainDir = path.join(root, '.toolchain');
const stampFile = path.join(root, 'node_modules', '.sinif-install-stamp');

function say(line) {
  process.stderr.write('[sinif] ' + line + '\n');
}

function fail(line) {
  say(line);
  process.exit(1);
}

function run(cmd, args, env) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: env || process.env });
  if (res.error) fail('could not run ' + cmd + ': ' + res.error.message);
  return res.status === null ? 1 : res.status;
}

// npm sets npm_execpath to its own CLI script; fall back to `npm` on PATH.
function npmCommand(nodeBin) {
  const cli = process.env.npm_execpath;
  if (cli && /\.c?js$/.test(cli) && fs.existsSync(cli)) return { cmd: nodeBin, pre: [cli] };
  return { cmd: process.platform === 'win32' ? 'npm.cmd' : 'npm', pre: [] };
}

function toolchainNode() {
  const bin = process.platform === 'win32' ? 'node.exe' : path.join('bin', 'node');
  return path.join(toolchainDir, 'node_modules', 'node', bin);
}

function toolchainHeadersDir() {
  const dir = path.join(toolchainDir, 'node_modules', 'node', 'node_modules');
  if (!fs.existsSync(dir)) return undefined;
  const arch = fs.readdirSync(dir).find(function (d) { return /^node-(linux|darwin|win)/.test(d); });
  return arch ? path.join(dir, arch) : undefined;
}

function nodeMajor(bin) {
  const res = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  if (res.status !== 0) return 0;
  return Number(String(res.stdout).trim().split('.')[0]);
}

function ensureNode() {
  if (Number(process.versions.node.split('.')[0]) === wantedMajor) {
    return { bin: process.execPath, headers: undefined };
  }
  const bin = toolchainNode();
  if (!fs.existsSync(bin) || nodeMajor(bin) !== wantedMajor) {
    say('system Node is ' + process.version + '; fetching Node ' + wantedVersion +
      ' from the npm registry into .toolchain/ (once)');
    // A tiny project of its own, so npm 11's allowScripts lets the `node`
    // package's preinstall fetch the platform binary (older npm runs it anyway).
    fs.mkdirSync(toolchainDir, { recursive: true });
    fs.writeFileSync(path.join(toolchainDir, 'package.json'), JSON.stringify({
      private: true,
      dependencies: { node: wantedVersion },
      allowScripts: { node: true },
    }, null, 2));
    const npm = npmCommand(process.execPath);
    const status = run(npm.cmd, npm.pre.concat([
      'install', '--prefix', toolchainDir, '--no-package-lock', '--no-audit', '--no-fund',
    ]));
    if (status !== 0 || !fs.existsSync(bin)) {
      fail('could not install Node ' + wantedVersion + ' from the npm registry. ' +
        'Install Node ' + wantedMajor + ' yourself and run the command again.');
    }
  }
  return { bin: bin, headers: toolchainHeadersDir() };
}

function lockHash() {
  const lock = path.join(root, 'package-lock.json');
  const data = fs.existsSync(lock) ? fs.readFileSync(lock) : fs.readFileSync(path.join(root, 'package.json'));
  return nodeCrypto.createHash('sha256').update(data).update(wantedVersion).digest('hex');
}

function ensureDependencies(node, env) {
  const hash = lockHash();
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash) return;
  say('installing dependencies with Node ' + wantedVersion + ' (npm ci)');
  // No dependency needs an install script: better-sqlite3 ships N-API
  // prebuilds, Vite 8 ships its native parts as packages. The two that do have
  // one fetch from outside the npm registry (the Electron binary, the mediasoup
  // worker) and fail offline, so scripts are off for every npm version.
  // start.ts fetches the Electron binary on demand and says what is missing.
  const installEnv = env;
  const npm = npmCommand(node.bin);
  const hasLock = fs.existsSync(path.join(root, 'package-lock.json'));
  const status = run(npm.cmd, npm.pre.concat([hasLock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund']), installEnv);
  if (status !== 0) fail('dependency install failed (see above). Check that the npm registry is reachable.');
  fs.writeFileSync(stampFile, hash);
  say('installed. Not installed on purpose (both download from outside the npm registry):');
  say('  - the Electron binary: `npm start` tries to fetch it and otherwise serves the client to a browser;');
  say('  - the mediasoup worker: live video needs MEDIASOUP_WORKER_BIN=<mediasoup-worker binary>; everything else works without it.');
}

function main() {
  const script = process.argv[2];
  if (!script) fail('usage: bootstrap.cjs <npm script> [args...]');
  const node = ensureNode();
  const env = Object.assign({}, process.env);
  const nodeBinDir = path.dirname(node.bin);
  env.PATH = nodeBinDir + path.delimiter + (env.PATH || '');
  if (node.headers) env.npm_config_nodedir = node.headers;
  ensureDependencies(node, env);
  const npm = npmCommand(node.bin);
  const args = npm.pre.concat(['run', '--silent', script]);
  const extra = process.argv.slice(3);
  if (extra.length > 0) args.push('--');
  process.exit(run(npm.cmd, args.concat(extra), env));
}

main();
