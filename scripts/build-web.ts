// Builds the Remix app when its sources (or the packages it bundles) changed since the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A folder's own time changes when a file in it is added, removed or renamed (a renamed route
  // keeps its file's time).
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'build') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** Returns true when it had to build. */
export function buildWebIfStale(log: (message: string) => void = () => {}): boolean {
  const output = path.join(root, 'apps/web/build/server/index.js');
  const sources = ['apps/web/app', 'apps/web/vite.config.ts', 'packages/api/src', 'packages/domain/src'];
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (existsSync(output) && statSync(output).mtimeMs >= newestSource) return false;
  log('building the web app…');
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/pnpm'),
    ['--filter', '@clinicpay/web', 'run', 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('the web build failed (see above)');
  return true;
}
