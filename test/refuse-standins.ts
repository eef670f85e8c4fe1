// Loaded with `node --import` by test/standins-boundary.test.ts: every module resolved into
// packages/standins is reported on stderr (a try/catch around the import cannot hide it) and fails
// to load, as it would where the package is not installed.
import { writeSync } from 'node:fs';
import { registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const STANDINS_RESOLVED = 'stand-ins resolved:';
const standins = path.resolve(import.meta.dirname, '../packages/standins') + path.sep;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (resolved.url.startsWith('file:') && fileURLToPath(resolved.url).startsWith(standins)) {
      const message = `${STANDINS_RESOLVED} ${specifier} (imported by ${context.parentURL ?? 'the entry'})`;
      writeSync(2, `${message}\n`);
      throw new Error(message);
    }
    return resolved;
  },
});
