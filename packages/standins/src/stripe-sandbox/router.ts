// The API route table: `METHOD /v1/path/:param` patterns mapped to synchronous handlers. Handlers get
// the raw bracket-parsed parameters and validate them with their own spec (see params.ts).
import type { RequestInfo, SandboxContext } from './context.ts';
import type { RawParams } from './form-params.ts';
import type { JsonObject } from './json.ts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type ApiRequest = {
  method: HttpMethod;
  path: string;
  pathParams: Readonly<Record<string, string>>;
  params: RawParams;
  request: RequestInfo;
};

export type ApiHandler = (request: ApiRequest, context: SandboxContext) => JsonObject;

export type ApiRoute = { method: HttpMethod; pattern: string; handler: ApiHandler };

export type RouteMatch =
  { kind: 'found'; route: ApiRoute; pathParams: Record<string, string> } | { kind: 'not_found' };

export function matchRoute(routes: readonly ApiRoute[], method: string, path: string): RouteMatch {
  const segments = path.split('/').filter((segment) => segment !== '');
  for (const route of routes) {
    if (route.method !== method) continue;
    const pathParams = matchPattern(route.pattern, segments);
    if (pathParams) return { kind: 'found', route, pathParams };
  }
  return { kind: 'not_found' };
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | null {
  const parts = pattern.split('/').filter((part) => part !== '');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index];
    if (segment === undefined) return null;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segment);
    else if (part !== segment) return null;
  }
  return params;
}

/** Path parameter by name; the pattern guarantees it is there. */
export function pathParam(request: ApiRequest, name: string): string {
  return request.pathParams[name] ?? '';
}
