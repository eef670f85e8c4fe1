// The dependency rule (ARCHITECTURE.md): packages/domain imports nothing but its own files — no
// other package of ours, no I/O library, no Node built-in.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const domainSrc = path.join(root, 'packages/domain/src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const IMPORT =
  /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

export function nonRelativeImports(source: string): string[] {
  return [...source.matchAll(IMPORT)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
    .filter((s) => !s.startsWith('.'));
}

describe('packages/domain purity', () => {
  it('finds imports the way the check needs to (self-test)', () => {
    expect(
      nonRelativeImports(
        `import { x } from '../a.ts';\nimport pg from 'pg';\nexport * from "@clinicpay/api";`,
      ),
    ).toEqual(['pg', '@clinicpay/api']);
    expect(nonRelativeImports(`const s = await import('node:fs');`)).toEqual(['node:fs']);
  });

  it('has only relative imports in its source', () => {
    const offenders = sourceFiles(domainSrc).flatMap((file) =>
      nonRelativeImports(readFileSync(file, 'utf8')).map(
        (spec) => `${path.relative(root, file)} imports ${spec}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('declares no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'packages/domain/package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
  });

  it('is laid out by area: no folder of ports apart from what they serve, no one-file folder', () => {
    const areas = readdirSync(domainSrc, { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(areas.map((a) => a.name)).not.toContain('ports');
    const lonely = areas
      .map((a) => ({ name: a.name, files: sourceFiles(path.join(domainSrc, a.name)).length }))
      .filter((a) => a.files < 2)
      .map((a) => a.name);
    expect(lonely).toEqual([]);
  });
});
