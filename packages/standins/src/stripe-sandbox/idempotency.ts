// Idempotency-Key handling as Stripe documents it: the first request to execute saves its status and
// body (errors included) and a retry with the same key replays them; a key reused with different
// parameters is an `idempotency_error`; a key still executing answers 409; nothing is saved when
// validation failed; keys are forgotten after 24 hours.
import { canonicalJson, type JsonObject } from './json.ts';

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export type IdempotencyRecord = {
  scope: string;
  key: string;
  fingerprint: string;
  createdAtMs: number;
  requestId: string;
  response: { status: number; body: JsonObject } | null;
};

export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; status: number; body: JsonObject; originalRequestId: string };

export function requestFingerprint(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${canonicalJson(params)}`;
}

export class IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();
  readonly #nowMs: () => number;

  constructor(nowMs: () => number) {
    this.#nowMs = nowMs;
  }

  /** Reserve the key before the body is read, so a concurrent duplicate sees it as in progress. */
  reserve(scope: string, key: string, requestId: string): boolean {
    const id = `${scope} ${key}`;
    const existing = this.#records.get(id);
    if (existing && this.#nowMs() - existing.createdAtMs < KEY_LIFETIME_MS) return false;
    this.#records.set(id, {
      scope,
      key,
      fingerprint: '',
      createdAtMs: this.#nowMs(),
      requestId,
      response: null,
    });
    return true;
  }

  lookup(scope: string, key: string, fingerprint: string): IdempotencyLookup {
    const record = this.#records.get(`${scope} ${key}`);
    if (!record) return { kind: 'new' };
    if (record.response === null) return { kind: 'in_progress' };
    if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
    return { kind: 'replay', ...record.response, originalRequestId: record.requestId };
  }

  complete(scope: string, key: string, fingerprint: string, response: { status: number; body: JsonObject }) {
    const record = this.#records.get(`${scope} ${key}`);
    if (record) {
      record.fingerprint = fingerprint;
      record.response = response;
    }
  }

  /** Validation failed or the request conflicted: nothing is kept, the key is free again. */
  release(scope: string, key: string) {
    const record = this.#records.get(`${scope} ${key}`);
    if (record && record.response === null) this.#records.delete(`${scope} ${key}`);
  }

  prune() {
    const now = this.#nowMs();
    for (const [id, record] of this.#records) {
      if (record.response !== null && now - record.createdAtMs >= KEY_LIFETIME_MS) this.#records.delete(id);
    }
  }

  snapshot(): IdempotencyRecord[] {
    return [...this.#records.values()].filter((record) => record.response !== null);
  }

  restore(records: readonly IdempotencyRecord[]) {
    for (const record of records) this.#records.set(`${record.scope} ${record.key}`, record);
  }
}
