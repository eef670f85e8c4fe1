#!/usr/bin/env node
// `npm start` / `npm test` on a machine with nothing but Node.js and npm: installs the workspace with
// the pinned pnpm when needed (which also brings Node 24 into node_modules/.bin), then runs the
// named package.json script with node_modules/.bin first on PATH, as `pnpm run` would — but not
// through `pnpm run`: on Ctrl-C it reports "[ELIFECYCLE] Command failed" (exit 130) even when the
// script stopped cleanly, and on SIGTERM it exits at once without passing the signal on. The script
// is exec'd by sh, so signals reach it directly and its exit code is ours. Plain JavaScript, so the
// system Node runs it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = process.argv[2];
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs <package.json script> [args…]');
  process.exit(2);
}
const pnpmVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split(
  '@',
)[1];
const localPnpm = path.join(root, 'node_modules', '.bin', 'pnpm');
const marker = path.join(root, 'node_modules', '.modules.yaml');
const lockfile = path.join(root, 'pnpm-lock.yaml');

const installed =
  existsSync(marker) && existsSync(localPnpm) && statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs;
if (!installed) {
  console.log(`Installing dependencies with pnpm ${pnpmVersion} (first run only)…`);
  const result = spawnSync('npx', ['--yes', `pnpm@${pnpmVersion}`, 'install', '--frozen-lockfile'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const now = new Date();
  utimesSync(marker, now, now);
}

const env = {
  ...process.env,
  PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
};
const command = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts?.[script];
if (!command) {
  console.error(`no script named ${script} in package.json`);
  process.exit(2);
}
// `exec` replaces the shell with the script (a compound command keeps its shell); extra arguments
// are passed on quoted, as "$@".
const exec = /[;&|]/.test(command) ? '' : 'exec ';
const child = spawn('/bin/sh', ['-c', `${exec}${command} "$@"`, script, ...process.argv.slice(3)], {
  cwd: root,
  stdio: 'inherit',
  env,
});
// Ctrl-C reaches every process in the terminal's group, the script included; SIGTERM sent to us
// alone is passed on. Either way the script decides the exit code: 0 after a clean stop.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
