// What every route handler and the hosted pages get: the store, the injected clock, the public URL,
// and the two side effects that follow a change (an event, and a persistence tick).
import type { JsonObject } from './json.ts';
import type { SandboxStore } from './store.ts';

/** The API request that caused a change, recorded on events as Stripe does (`request.id`, key). */
export type RequestInfo = { id: string | null; idempotencyKey: string | null };

export const NO_REQUEST: RequestInfo = { id: null, idempotencyKey: null };

export type SandboxContext = {
  store: SandboxStore;
  now(): Date;
  /** Unix seconds from `now()`, the unit of every Stripe timestamp. */
  nowSeconds(): number;
  publicUrl: string;
  /** Records an event with a deep-copied snapshot of `object` and queues it for the webhook. */
  emit(type: string, object: object, request: RequestInfo, previousAttributes?: JsonObject): void;
  /** Something changed: schedule a save of the state file (if any). */
  changed(): void;
};
