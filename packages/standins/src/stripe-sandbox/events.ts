// Event objects: a deep-copied snapshot of the object at that moment (later changes must not leak into
// an earlier event), the API version the snapshot is rendered in, and the request that caused it.
import type { RequestInfo } from './context.ts';
import { newId } from './ids.ts';
import { toJson, type JsonObject } from './json.ts';
import type { SandboxEvent } from './store.ts';

export const SANDBOX_API_VERSION = '2026-10-28.endive';

export function buildEvent(
  type: string,
  object: object,
  request: RequestInfo,
  options: { created: number; pendingWebhooks: number; previousAttributes?: JsonObject },
): SandboxEvent {
  return {
    id: newId('event'),
    object: 'event',
    api_version: SANDBOX_API_VERSION,
    created: options.created,
    data: {
      object: toJson(object),
      ...(options.previousAttributes ? { previous_attributes: options.previousAttributes } : {}),
    },
    livemode: false,
    pending_webhooks: options.pendingWebhooks,
    request: { id: request.id, idempotency_key: request.idempotencyKey },
    type,
  };
}
