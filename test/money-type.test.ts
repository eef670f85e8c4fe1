// Money is a type of its own (MinorUnits): the compiler refuses to treat a count, a quantity or the
// sum of a fee and a count as an amount, and accepts amounts combined through the money helpers.
// Each case is compiled by TypeScript itself against the domain's real types.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const domain = path.join(root, 'packages/domain/src/index.ts');

/** The diagnostics TypeScript reports for `body`, compiled as a module importing the domain. */
function compile(body: string): string[] {
  const file = path.join(root, 'test', '__money_case__.ts');
  const source = `import * as d from ${JSON.stringify(domain)};\n${body}\n`;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? source : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || exists(name);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

describe('MinorUnits, the money type', () => {
  it('compiles amounts combined through the money helpers', () => {
    expect(
      compile(`
        const fee = d.minorUnits(250);
        const link = { amountMinor: d.minorUnits(15_000) };
        const total: d.MinorUnits = d.addMinor(link.amountMinor, fee);
        const twice: d.MinorUnits = d.multiplyMinor(fee, 2);
        const money: d.Money = { amountMinor: d.sumMinor([total, twice]), currency: 'USD' };
        const asNumber: number = money.amountMinor; // an amount is still a number where one is wanted
        void asNumber;
      `),
    ).toEqual([]);
  });

  it('refuses a fee plus a count stored as an amount', () => {
    const errors = compile(`
      const fee = d.minorUnits(250);
      const count = 3;
      const total: d.MinorUnits = fee + count;
      void total;
    `);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^TS2322: Type 'number' is not assignable to type 'MinorUnits'/);
  });

  it('refuses a plain number where an amount is expected: a line item, a refund, a Money', () => {
    const errors = compile(`
      const quantity = 2;
      const item: d.LineItemRecord = { name: 'Exam', unitAmountMinor: 10_000, quantity };
      const money: d.Money = { amountMinor: quantity, currency: 'USD' };
      const added = d.addMinor(d.minorUnits(1), quantity);
      void item; void money; void added;
    `);
    expect(errors.map((e) => e.slice(0, 6))).toEqual(['TS2322', 'TS2322', 'TS2345']);
    for (const e of errors) expect(e).toContain("'number' is not assignable to");
  });
});
