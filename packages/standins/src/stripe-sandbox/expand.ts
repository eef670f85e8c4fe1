// `expand[]=payment_intent.latest_charge`, `expand[]=data.customer`, … : generic dotted-path expansion.
// Any string id on the path that names a stored object is replaced by a copy of that object; lists are
// walked through their `data` array. Fields that are not ids (or not there) fail as Stripe's do.
import { invalidParam } from './errors.ts';
import { isJsonObject, type JsonObject, type JsonValue } from './json.ts';

const MAX_EXPAND_DEPTH = 4;

export type ExpandResolver = {
  /** A stored object by id, as a fresh JSON copy; null when no such object exists. */
  find(id: string): JsonObject | null;
  /** Fields that only exist when expanded (e.g. a session's `line_items`). */
  include(owner: JsonObject, field: string): JsonValue | undefined;
};

export function applyExpand(
  body: JsonObject,
  paths: readonly string[],
  resolver: ExpandResolver,
): JsonObject {
  paths.forEach((path, index) => {
    const segments = path.split('.');
    if (segments.length > MAX_EXPAND_DEPTH) {
      throw invalidParam(
        `You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`,
        `expand[${index}]`,
      );
    }
    expandInto(body, segments, path, index, resolver);
  });
  return body;
}

function cannotExpand(path: string, index: number) {
  return invalidParam(`This property cannot be expanded (${path}).`, `expand[${index}]`);
}

function expandInto(
  container: JsonValue,
  segments: readonly string[],
  path: string,
  index: number,
  resolver: ExpandResolver,
): void {
  if (Array.isArray(container)) {
    for (const element of container) expandInto(element, segments, path, index, resolver);
    return;
  }
  const [field, ...rest] = segments;
  if (field === undefined || !isJsonObject(container)) throw cannotExpand(path, index);
  if (!(field in container)) {
    const included = resolver.include(container, field);
    if (included === undefined) throw cannotExpand(path, index);
    container[field] = included;
  }
  let value = container[field];
  if (typeof value === 'string') {
    const found = resolver.find(value);
    if (!found) throw cannotExpand(path, index);
    container[field] = found;
    value = found;
  }
  if (value === null || value === undefined) return;
  if (rest.length === 0) {
    if (!isJsonObject(value) && !Array.isArray(value)) throw cannotExpand(path, index);
    return;
  }
  expandInto(value, rest, path, index, resolver);
}
