// Declarative request-parameter specs, checked the way Stripe checks them: unknown keys are rejected
// (Stripe never ignores a misspelt parameter), integers and booleans are parsed from their form
// strings, and the error names the full bracket path (`line_items[0][quantity]`).
import { invalidParam, parameterMissing, parameterUnknown } from './errors.ts';
import type { RawParam, RawParams } from './form-params.ts';

export type StringSpec = { kind: 'string'; maxLength?: number; emptyable?: boolean };
export type IntegerSpec = { kind: 'integer'; min?: number; max?: number };
export type BooleanSpec = { kind: 'boolean' };
export type EnumSpec = { kind: 'enum'; values: readonly string[] };
/** Stripe metadata: string map, `''` clears it (→ null), `metadata[key]=''` deletes a key (→ ''). */
export type MetadataSpec = { kind: 'metadata' };
export type ArraySpec = { kind: 'array'; items: Spec; maxItems?: number };
/** Stripe's range_query_specs (`created[gt]=…`, also gte/lt/lte) or one exact integer (`created=…`). */
export type RangeSpec = { kind: 'range' };
export type Range = { gt?: number; gte?: number; lt?: number; lte?: number };
export type ObjectSpec = {
  kind: 'object';
  fields: { readonly [key: string]: Spec };
  required?: readonly string[];
  /** Parameters the current API version refuses, with a hint on what replaced them. */
  removed?: { readonly [key: string]: string };
  /** Parameters Stripe accepts but the sandbox does not simulate: refused loudly rather than ignored,
   * so nobody tests against behaviour that isn't there. */
  unsupported?: readonly string[];
};
export type Spec =
  StringSpec | IntegerSpec | BooleanSpec | EnumSpec | MetadataSpec | ArraySpec | RangeSpec | ObjectSpec;

export type Infer<S> = S extends { kind: 'string'; emptyable: true }
  ? string | null
  : S extends { kind: 'string' }
    ? string
    : S extends { kind: 'integer' }
      ? number
      : S extends { kind: 'boolean' }
        ? boolean
        : S extends { kind: 'enum'; values: readonly (infer V)[] }
          ? V
          : S extends { kind: 'metadata' }
            ? Record<string, string> | null
            : S extends { kind: 'range' }
              ? Range
              : S extends { kind: 'array'; items: infer I }
                ? Infer<I>[]
                : S extends { kind: 'object'; fields: infer F }
                  ? InferObject<F, S extends { required: readonly (infer R)[] } ? R : never>
                  : never;

type InferObject<F, R> = {
  -readonly [K in keyof F as K extends R ? K : never]-?: Infer<F[K]>;
} & {
  -readonly [K in keyof F as K extends R ? never : K]?: Infer<F[K]>;
};

export const expandSpec = { kind: 'array', items: { kind: 'string' }, maxItems: 50 } as const;
export const metadataSpec = { kind: 'metadata' } as const;
export const idSpec = { kind: 'string', maxLength: 5000 } as const;
export const listSpecFields = {
  limit: { kind: 'integer', min: 1, max: 100 },
  starting_after: idSpec,
  ending_before: idSpec,
  expand: expandSpec,
} as const;

export function parseParams<S extends ObjectSpec>(spec: S, raw: RawParams): Infer<S> {
  return checkObject(spec, raw, null) as Infer<S>;
}

function pathOf(parent: string | null, key: string): string {
  return parent === null ? key : `${parent}[${key}]`;
}

function checkObject(spec: ObjectSpec, raw: RawParam, path: string | null): Record<string, unknown> {
  if (typeof raw === 'string') throw invalidParam('Invalid hash', path ?? '');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    // Own properties only: `toString` must not find Object.prototype's.
    const fieldSpec = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
    const fieldPath = pathOf(path, key);
    if (fieldSpec === undefined) {
      if (spec.unsupported?.includes(key)) {
        throw invalidParam(
          `Received parameter not simulated by the local Stripe sandbox: ${fieldPath}`,
          fieldPath,
          'parameter_unknown',
        );
      }
      throw parameterUnknown(fieldPath, spec.removed?.[key]);
    }
    const checked = checkValue(fieldSpec, value, fieldPath);
    if (checked !== undefined) out[key] = checked;
  }
  for (const key of spec.required ?? []) {
    if (!(key in out)) throw parameterMissing(pathOf(path, key));
  }
  return out;
}

function checkValue(spec: Spec, raw: RawParam, path: string): unknown {
  switch (spec.kind) {
    case 'object':
      return checkObject(spec, raw, path);
    case 'metadata':
      return checkMetadata(raw, path);
    case 'range':
      return checkRange(raw, path);
    case 'array':
      return checkArray(spec, raw, path);
    case 'string':
    case 'integer':
    case 'boolean':
    case 'enum':
      if (typeof raw !== 'string')
        throw invalidParam(`Invalid ${spec.kind === 'string' ? 'string' : spec.kind}: {...}`, path);
      return checkScalar(spec, raw, path);
  }
}

function checkScalar(
  spec: StringSpec | IntegerSpec | BooleanSpec | EnumSpec,
  raw: string,
  path: string,
): unknown {
  if (raw === '') {
    if (spec.kind === 'string' && spec.emptyable) return null;
    throw invalidParam(
      `You passed an empty string for '${path}'. We assume empty values are an attempt to unset a parameter; ` +
        `however '${path}' cannot be unset. You should remove '${path}' from your request or supply a non-empty value.`,
      path,
      'parameter_invalid_empty',
    );
  }
  switch (spec.kind) {
    case 'string':
      if (spec.maxLength !== undefined && raw.length > spec.maxLength) {
        throw invalidParam(
          `Invalid string: ${raw.slice(0, 20)}...; must be at most ${spec.maxLength} characters`,
          path,
        );
      }
      return raw;
    case 'integer': {
      if (!/^-?\d+$/.test(raw))
        throw invalidParam(`Invalid integer: ${raw}`, path, 'parameter_invalid_integer');
      const value = Number(raw);
      if (!Number.isSafeInteger(value))
        throw invalidParam(`Invalid integer: ${raw}`, path, 'parameter_invalid_integer');
      if (spec.min !== undefined && value < spec.min) {
        throw invalidParam(`This value must be greater than or equal to ${spec.min}.`, path);
      }
      if (spec.max !== undefined && value > spec.max) {
        throw invalidParam(`This value must be less than or equal to ${spec.max}.`, path);
      }
      return value;
    }
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw invalidParam(`Invalid boolean: ${raw}`, path);
    case 'enum':
      if (!spec.values.includes(raw)) {
        throw invalidParam(`Invalid ${path}: must be one of ${formatChoices(spec.values)}`, path);
      }
      return raw;
  }
}

function formatChoices(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

function checkArray(spec: ArraySpec, raw: RawParam, path: string): unknown[] {
  if (typeof raw === 'string') {
    throw invalidParam(`Invalid array`, path);
  }
  const entries = Object.entries(raw);
  const indexed: Array<[number, RawParam]> = [];
  for (const [key, value] of entries) {
    if (!/^\d+$/.test(key)) throw invalidParam(`Invalid array`, path);
    indexed.push([Number(key), value]);
  }
  indexed.sort(([a], [b]) => a - b);
  if (spec.maxItems !== undefined && indexed.length > spec.maxItems) {
    throw invalidParam(`Invalid array: must contain at most ${spec.maxItems} items`, path);
  }
  return indexed.map(([index, value]) => checkValue(spec.items, value, `${path}[${index}]`));
}

const RANGE_BOUND = { kind: 'integer' } as const;

function checkRange(raw: RawParam, path: string): Range {
  if (typeof raw === 'string') {
    const exact = checkScalar(RANGE_BOUND, raw, path) as number;
    return { gte: exact, lte: exact };
  }
  const range: Range = {};
  for (const [key, value] of Object.entries(raw)) {
    const boundPath = pathOf(path, key);
    if (key !== 'gt' && key !== 'gte' && key !== 'lt' && key !== 'lte') throw parameterUnknown(boundPath);
    if (typeof value !== 'string') throw invalidParam('Invalid integer: {...}', boundPath);
    range[key] = checkScalar(RANGE_BOUND, value, boundPath) as number;
  }
  return range;
}

/** Whether `value` lies in the range (every bound given must hold). */
export function inRange(value: number, range: Range | undefined): boolean {
  if (!range) return true;
  return (
    (range.gt === undefined || value > range.gt) &&
    (range.gte === undefined || value >= range.gte) &&
    (range.lt === undefined || value < range.lt) &&
    (range.lte === undefined || value <= range.lte)
  );
}

function checkMetadata(raw: RawParam, path: string): Record<string, string> | null {
  if (raw === '') return null;
  if (typeof raw === 'string') throw invalidParam('Invalid hash', path);
  const out: Record<string, string> = {};
  const entries = Object.entries(raw);
  if (entries.length > 50) throw invalidParam('Metadata can have at most 50 keys.', path);
  for (const [key, value] of entries) {
    const keyPath = `${path}[${key}]`;
    if (typeof value !== 'string') throw invalidParam('Metadata values must be strings.', keyPath);
    if (key.length > 40) throw invalidParam('Metadata keys can be at most 40 characters long.', keyPath);
    if (value.length > 500)
      throw invalidParam('Metadata values can be at most 500 characters long.', keyPath);
    out[key] = value;
  }
  return out;
}

/** Stripe's metadata update rule: keys merge, `''` deletes one key, a null (from `metadata=`) clears all. */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string> | null | undefined,
): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

/** Metadata on create: deletions make no sense yet, so empty values are simply dropped. */
export function createMetadata(update: Record<string, string> | null | undefined): Record<string, string> {
  return mergeMetadata({}, update);
}
