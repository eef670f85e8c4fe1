// Cursor pagination as in every Stripe list endpoint: newest first, `limit` 1–100 (default 10),
// `starting_after` (older than the cursor) or `ending_before` (newer), `has_more`, and `url`.
import { invalidParam, resourceMissing } from './errors.ts';
import type { JsonObject } from './json.ts';

export type PageParams = { limit?: number; starting_after?: string; ending_before?: string };

export function paginate<T extends { id: string }>(
  newestFirst: readonly T[],
  params: PageParams,
  options: { url: string; noun: string; toJson: (item: T) => JsonObject },
): JsonObject {
  const limit = params.limit ?? 10;
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    throw invalidParam(
      'You may only specify one of these parameters: ending_before, starting_after.',
      'ending_before',
      'parameters_exclusive',
    );
  }
  let page: readonly T[];
  let hasMore: boolean;
  if (params.starting_after !== undefined) {
    const at = cursorIndex(newestFirst, params.starting_after, options.noun, 'starting_after');
    const rest = newestFirst.slice(at + 1);
    page = rest.slice(0, limit);
    hasMore = rest.length > limit;
  } else if (params.ending_before !== undefined) {
    const at = cursorIndex(newestFirst, params.ending_before, options.noun, 'ending_before');
    const before = newestFirst.slice(0, at);
    page = before.slice(Math.max(0, before.length - limit));
    hasMore = before.length > limit;
  } else {
    page = newestFirst.slice(0, limit);
    hasMore = newestFirst.length > limit;
  }
  return { object: 'list', data: page.map(options.toJson), has_more: hasMore, url: options.url };
}

function cursorIndex<T extends { id: string }>(
  items: readonly T[],
  id: string,
  noun: string,
  param: string,
): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw resourceMissing(noun, id, param);
  return index;
}

/** Newest first, the order of every list. Maps iterate in insertion (= creation) order. */
export function newestFirst<T>(items: Iterable<T>): T[] {
  return [...items].reverse();
}
