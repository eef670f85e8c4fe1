// The safety net of the web and worker processes, in a real Node process: a rejection nobody
// handled is logged and the process keeps going; an exception outside any request stops it through
// the clean shutdown (the start command then restarts it).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../src/logging');
const node = path.resolve(import.meta.dirname, '../../../node_modules/.bin/node');

function run(script: string): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(node, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => resolve({ code, lines: out.trim().split('\n') })),
  );
}

describe('guardProcess', () => {
  it('logs an unhandled rejection and keeps running; stops cleanly on an uncaught exception', async () => {
    const { code, lines } = await run(`
      import { guardProcess } from ${JSON.stringify(pathToFileURL(path.join(src, 'process-guard.ts')).href)};
      import { createLogger } from ${JSON.stringify(pathToFileURL(path.join(src, 'logger.ts')).href)};
      guardProcess({
        logger: createLogger({ level: 'info' }),
        onFatal: () => { console.log('clean shutdown'); process.exit(3); },
      });
      Promise.reject(new Error('a forgotten await for patient jordan@example.com'));
      setTimeout(() => {
        console.log('still serving');
        setTimeout(() => { throw new Error('thrown in a timer'); }, 20);
      }, 100);
    `);
    expect(code).toBe(3);
    const logged = JSON.parse(lines[0]!);
    expect(logged).toMatchObject({
      level: 'error',
      msg: 'unhandled promise rejection (the process keeps running)',
      error: 'a forgotten await for patient [email]',
      errorType: 'Error',
    });
    expect(logged.stack[0]).toMatch(/^at /);
    expect(lines[1]).toBe('still serving');
    expect(JSON.parse(lines[2]!)).toMatchObject({
      level: 'error',
      msg: 'uncaught exception: stopping',
      origin: 'uncaughtException',
      error: 'thrown in a timer',
    });
    expect(lines[3]).toBe('clean shutdown');
    expect(lines).toHaveLength(4);
  });
});
