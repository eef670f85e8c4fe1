// How a REST route reads its input: the query string and the JSON body go through the procedure's
// own zod schema, so a bad value is refused exactly as tRPC refuses it (422 naming the field), and
// the procedure receives a typed value rather than whatever the client sent.
import { z } from 'zod';
import { AppError } from '@clinicpay/domain';
import { describeError } from './errors.ts';

/** Parses with `schema`; failures become one validation error, fields renamed for this transport. */
function parse<S extends z.ZodType>(schema: S, value: unknown, rename: Record<string, string>): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw AppError.validationErrors(
    describeError(result.error).fieldErrors.map((f) => ({ ...f, field: rename[f.field] ?? f.field })),
  );
}

function scalarKind(field: unknown): 'number' | 'boolean' | 'text' {
  let t = field;
  while (t instanceof z.ZodOptional || t instanceof z.ZodNullable || t instanceof z.ZodDefault)
    t = t.unwrap();
  return t instanceof z.ZodNumber ? 'number' : t instanceof z.ZodBoolean ? 'boolean' : 'text';
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * The query string, read by the schema: text becomes a number or a boolean where the schema wants
 * one (anything else stays text and is refused by name), an empty parameter (`from=`) is the same as
 * leaving it out, and a repeated (`status=A&status=B`) or nested (`limit[a]=1`) parameter reaches the
 * schema as an array or object — refused, never silently reduced to one of its values.
 */
export function fromQuery<S extends z.ZodObject>(schema: S, query: Record<string, unknown>): z.output<S> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === '') continue;
    if (typeof value !== 'string') {
      input[key] = value;
      continue;
    }
    const kind = scalarKind(schema.shape[key]);
    input[key] =
      kind === 'number' && DECIMAL.test(value)
        ? Number(value)
        : kind === 'boolean' && (value === 'true' || value === 'false')
          ? value === 'true'
          : value;
  }
  return parse(schema, input, {});
}

/**
 * The JSON body, which must be an object, with the path's fields on top (a body cannot redirect a
 * call to another id). No body at all reads as `{}`, so the schema names what is missing.
 */
export function fromBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  path: Record<string, unknown> = {},
  rename: Record<string, string> = {},
): z.output<S> {
  const value: unknown = body ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw AppError.validation('body', 'must be a JSON object');
  return parse(schema, { ...value, ...path }, rename);
}
