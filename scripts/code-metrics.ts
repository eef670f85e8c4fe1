// `node scripts/code-metrics.ts` — the shape of the code in figures: lines per package (source and
// tests apart), the largest files and functions, and the type assertions (`as X`, not `as const`).
// Used for before/after figures when the layout changes; reads only files git tracks.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.endsWith('.d.ts'));

const isTest = (f: string) => /(^|\/)test\/|\.test\.tsx?$/.test(f);
const packageOf = (f: string) => {
  const [top, name] = f.split('/');
  return top === 'apps' || top === 'packages' ? `${top}/${name}` : top!;
};

type Fn = { file: string; name: string; lines: number };
const perPackage = new Map<string, { source: number; tests: number; files: number }>();
const fileSizes: Array<{ file: string; lines: number }> = [];
const functions: Fn[] = [];
const casts = new Map<string, number>();

for (const file of files) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const lines = text.split('\n').length;
  const entry = perPackage.get(packageOf(file)) ?? { source: 0, tests: 0, files: 0 };
  entry.files += 1;
  if (isTest(file)) entry.tests += lines;
  else entry.source += lines;
  perPackage.set(packageOf(file), entry);
  if (isTest(file)) continue;
  fileSizes.push({ file, lines });
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)
    ) {
      const body = node.body;
      if (body) {
        const name =
          (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name
            ? node.name.getText(source)
            : ts.isVariableDeclaration(node.parent)
              ? node.parent.name.getText(source)
              : ts.isPropertyAssignment(node.parent)
                ? node.parent.name.getText(source)
                : '(anonymous)';
        functions.push({ file, name, lines: lineOf(body.end) - lineOf(body.pos) + 1 });
      }
    }
    if (ts.isAsExpression(node) && node.type.getText(source) !== 'const') {
      const kind = node.type.getText(source).replace(/\s+/g, ' ').slice(0, 40);
      const key = kind === 'never' || kind === 'any' || kind === 'unknown' ? `as ${kind}` : 'as <type>';
      casts.set(key, (casts.get(key) ?? 0) + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

console.log('lines per package (source / tests, files)');
for (const [name, e] of [...perPackage].sort((a, b) => b[1].source - a[1].source))
  console.log(
    `  ${name.padEnd(28)} ${String(e.source).padStart(6)} / ${String(e.tests).padStart(6)}  (${e.files})`,
  );
console.log('\nlargest source files');
for (const f of fileSizes.sort((a, b) => b.lines - a.lines).slice(0, 12))
  console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
console.log('\nlargest functions (body lines)');
for (const f of functions.sort((a, b) => b.lines - a.lines).slice(0, 12))
  console.log(`  ${String(f.lines).padStart(5)}  ${f.name} (${f.file})`);
console.log(`\nfunctions over 80 lines: ${functions.filter((f) => f.lines > 80).length}`);
console.log('\ntype assertions in source (not `as const`)');
for (const [kind, n] of [...casts].sort()) console.log(`  ${kind.padEnd(12)} ${n}`);
