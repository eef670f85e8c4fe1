// Stripe's bracket encoding (`metadata[a]=b`, `expand[0]=x`, `line_items[0][quantity]=1`), parsed with
// qs. Arrays are kept as objects with index keys ("0", "1", …) and turned into arrays by the parameter
// specs, because qs's own array handling compacts sparse indices and would swallow metadata keys such
// as `metadata[1]`. `expand[]=a&expand[]=b` is rewritten to explicit indices first.
import type { IncomingMessage } from 'node:http';
import qs from 'qs';
import { invalidRequest } from './errors.ts';

export type RawParam = string | RawParams;
export type RawParams = { [key: string]: RawParam };

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw invalidRequest('Request body too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseFormParams(text: string): RawParams {
  const appendCounters = new Map<string, number>();
  const parsed = qs.parse(text, {
    parseArrays: false,
    depth: 20,
    parameterLimit: 10_000,
    duplicates: 'last',
    decoder(value, defaultDecoder, charset, type) {
      const decoded: unknown = defaultDecoder(value, defaultDecoder, charset);
      if (type !== 'key' || typeof decoded !== 'string') return decoded;
      return numberAppendedKeys(decoded, appendCounters);
    },
  });
  return normalize(parsed);
}

/** `expand[]` → `expand[0]`, `expand[1]`, … counted per key prefix. */
function numberAppendedKeys(key: string, counters: Map<string, number>): string {
  let result = key;
  let index = result.indexOf('[]');
  while (index !== -1) {
    const prefix = result.slice(0, index);
    const next = counters.get(prefix) ?? 0;
    counters.set(prefix, next + 1);
    result = `${prefix}[${next}]${result.slice(index + 2)}`;
    index = result.indexOf('[]');
  }
  return result;
}

function normalize(value: unknown): RawParams {
  const out: RawParams = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, entry] of Object.entries(value)) {
    const normalized = normalizeValue(entry);
    if (normalized !== undefined) out[key] = normalized;
  }
  return out;
}

function normalizeValue(value: unknown): RawParam | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    // Only reachable through duplicate keys mixed with nested ones; keep the last like `duplicates`.
    return normalizeValue(value[value.length - 1]);
  }
  if (typeof value === 'object' && value !== null) return normalize(value);
  return undefined;
}
