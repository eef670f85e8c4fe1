// Turning a stored object into a response body: a JSON copy, with `expand[]` applied.
import type { SandboxContext } from './context.ts';
import { applyExpand } from './expand.ts';
import { toJson, type JsonObject, type JsonValue } from './json.ts';
import { paginate, type PageParams } from './pagination.ts';

export function render(context: SandboxContext, object: object, expand: readonly string[] = []): JsonObject {
  return applyExpand(toJson(object), expand, resolver(context));
}

export function renderList<T extends { id: string }>(
  context: SandboxContext,
  newestFirst: readonly T[],
  params: PageParams & { expand?: readonly string[] },
  options: { url: string; noun: string },
): JsonObject {
  const list = paginate(newestFirst, params, { ...options, toJson: (item) => toJson(item) });
  return applyExpand(list, params.expand ?? [], resolver(context));
}

function resolver(context: SandboxContext) {
  return {
    find: (id: string) => context.store.findJson(id),
    include: (owner: JsonObject, field: string): JsonValue | undefined => {
      if (owner.object === 'checkout.session' && field === 'line_items' && typeof owner.id === 'string') {
        const record = context.store.sessions.get(owner.id);
        if (!record) return undefined;
        return {
          object: 'list',
          data: record.lineItems.map((item) => toJson(item)),
          has_more: false,
          url: `/v1/checkout/sessions/${owner.id}/line_items`,
        };
      }
      return undefined;
    },
  };
}
