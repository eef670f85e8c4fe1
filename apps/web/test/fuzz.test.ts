// The fuzz test (issue #10, item 11): hostile input against every route docs/api.md documents and
// every procedure of the tRPC router (enumerated from the router itself, so a new one is covered
// without anyone remembering to add it), as the clinic's API key (REST) and a signed-in admin (tRPC).
// Each request starts from a valid input and spoils one thing: one field (a table of hostile values,
// then random ones from fast-check), the path, the query string, or the whole body and its type.
// It asserts what a client would notice: never a 5xx; a 4xx is a JSON error, naming the field when
// it says the input is invalid (422); a rejected request changes no row of any table; nothing
// reaches Object.prototype. It prints how many requests it sent, by kind and status class.
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@clinicpay/api';
import { callerFor } from '../../../test/api-caller.ts';
import { serveDemo, type Served } from './serve.ts';
import {
  documentedRoutes,
  HOSTILE_BODIES,
  HOSTILE_QUERY_VALUES,
  HOSTILE_SEGMENTS,
  HOSTILE_VALUES,
} from './fuzz-values.ts';

/** Fixed, so a failure in CI reproduces; FUZZ_SEED explores other corners locally. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RANDOM_RUNS_PER_PROCEDURE = 5;

let s: Served;
let fixtures: Awaited<ReturnType<typeof makeFixtures>>;

beforeAll(async () => {
  s = await serveDemo();
  fixtures = await makeFixtures();
  await watchWrites();
}, 120_000);
afterAll(async () => {
  await s?.close();
});

// ——— What the server answered, tallied and checked ———

type Kind = 'rest' | 'trpc' | 'page';
const tally: Record<Kind, Record<string, number>> = { rest: {}, trpc: {}, page: {} };
const problems: string[] = [];

type Sent = { kind: Kind; method: string; path: string; headers?: Record<string, string>; body?: string };

async function send(req: Sent, label: string): Promise<{ status: number; json: unknown }> {
  const auth: Record<string, string> =
    req.kind === 'trpc' ? { cookie: s.adminCookie } : { authorization: `Bearer ${s.demo.apiKey}` };
  let res: { status: number; text: string };
  try {
    res = await exchange(`${s.base}${req.path}`, req.method, { ...auth, ...req.headers }, req.body);
  } catch (error) {
    problems.push(`${label}: no answer (${String(error)})`);
    tally[req.kind].dropped = (tally[req.kind].dropped ?? 0) + 1;
    return { status: 0, json: null };
  }
  const { text } = res;
  const klass = `${Math.floor(res.status / 100)}xx`;
  tally[req.kind][klass] = (tally[req.kind][klass] ?? 0) + 1;
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  if (res.status >= 500) problems.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
  // 431: Node's own limit on the size of the request line and headers, before our app sees it.
  else if (res.status >= 400 && res.status !== 431 && req.kind !== 'page')
    for (const one of Array.isArray(json) ? json : [json]) checkErrorBody(req.kind, res.status, one, label);
  return { status: res.status, json };
}

/**
 * One request, on a connection of its own. A pooled `fetch` may reuse a kept-alive connection the
 * server is closing at that moment (its idle timeout, or after a 413 it answered before reading the
 * body), which fails the request on the client's side before our server ever saw it; on a loaded
 * machine that race is real. A fresh connection per request leaves only the server's answer.
 */
async function exchange(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const out = request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    // The server may stop reading once it has answered; that is not a failure of the answer.
    out.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? undefined : reject(error)));
    out.end(body);
  });
}

type ErrorBody = {
  error?: {
    code?: unknown;
    fieldErrors?: Array<{ field?: unknown }>;
    data?: { appCode?: unknown; fieldErrors?: Array<{ field?: unknown }> };
  };
};

/** A 4xx is JSON with a code; one that says the input is invalid says which field. */
function checkErrorBody(kind: Kind, status: number, json: unknown, label: string) {
  const error = (json as ErrorBody | null)?.error;
  // tRPC's errors carry the code in `data`; our own refusals in front of it (403) at the top.
  const code = kind === 'rest' ? error?.code : (error?.data?.appCode ?? error?.code);
  if (typeof code !== 'string') {
    problems.push(`${label}: ${status} without a JSON error code`);
    return;
  }
  const fields = kind === 'rest' ? error?.fieldErrors : error?.data?.fieldErrors;
  const needsField = status === 422 || status === 400 || status === 413 || status === 415;
  if (code === 'VALIDATION' && needsField) {
    if (!fields?.length || !fields.every((f) => typeof f.field === 'string' && f.field.length > 0))
      problems.push(`${label}: ${status} names no field (${JSON.stringify(json).slice(0, 200)})`);
  }
}

// ——— State: every write to a table that holds clinic data, noted by a trigger ———

/** Columns every authenticated request touches (last use of a key or session): not a change. */
const VOLATILE_COLUMNS = ['last_used_at', 'last_seen_at'];
/**
 * Process bookkeeping and throttle counters (a failed sign-in, an unknown short code, every request
 * against its rate budget: counting those is the point), not clinic data; and clicks, which are recorded off the response path (bots and
 * HEAD too, by design), so they can't be pinned to the request that was answered.
 */
const BOOKKEEPING = [
  'mikro_orm_migrations',
  'system_heartbeats',
  'worker_processes',
  'auth_throttle',
  'short_code_guesses',
  'rate_limits',
  'payment_link_clicks',
  'visitor_salts',
];

/**
 * Test scaffolding in this file's own database: a trigger on every other table notes each insert,
 * delete and real update (one that changes more than the volatile columns) in `fuzz_writes`.
 */
async function watchWrites() {
  const volatile = VOLATILE_COLUMNS.map((c) => `'${c}'`).join(', ');
  await s.c.pool.query(`
    create table fuzz_writes (table_name text not null);
    create function fuzz_note() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and (to_jsonb(new) - array[${volatile}]) = (to_jsonb(old) - array[${volatile}]) then
        return null;
      end if;
      insert into fuzz_writes values (tg_table_name);
      return null;
    end $$;`);
  const { rows } = await s.c.pool.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and not (table_name = any($1))`,
    [[...BOOKKEEPING, 'fuzz_writes']],
  );
  for (const { name } of rows)
    await s.c.pool.query(
      `create trigger fuzz_note after insert or update or delete on "${name}" for each row execute function fuzz_note()`,
    );
}

/** After an answer: a rejection must have written nothing. */
async function settle(status: number, label: string) {
  const { rows } = await s.c.pool.query<{ table_name: string }>(
    `delete from fuzz_writes returning table_name`,
  );
  if (status >= 400 && rows.length > 0)
    problems.push(
      `${label}: rejected with ${status} but wrote to ${[...new Set(rows.map((r) => r.table_name))].join(', ')}`,
    );
}

// ——— Fixtures: real ids for the valid inputs the variations start from ———

async function makeFixtures() {
  const rest = async (method: string, p: string, body: unknown) => {
    const res = await fetch(`${s.base}${p}`, {
      method,
      headers: { authorization: `Bearer ${s.demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`fixture ${method} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown> & { id: string; shortUrl: string };
  };
  const [patientId, otherPatientId] = [s.demo.patientIds[0]!, s.demo.patientIds[1]!];
  const link = await rest('POST', '/api/billing/checkout-link', {
    patientId,
    amount: 42,
    description: 'Fuzz base',
    sendVia: ['email'],
  });
  const cancelled = await rest('POST', '/api/billing/checkout-link', { patientId, amount: 10 });
  await rest('POST', `/api/billing/links/${cancelled.id}/cancel`, {});
  const messages = (await (
    await fetch(`${s.base}/api/billing/links/${link.id}/messages`, {
      headers: { authorization: `Bearer ${s.demo.apiKey}` },
    })
  ).json()) as Array<{ id: string }>;
  const row = { patient: otherPatientId, amount: '12.00', channel: 'email' };
  const batch = await rest('POST', '/api/billing/bulk', { idempotencyKey: 'fuzz-fixture', rows: [row] });
  const admin = await s.c.scope().users.unsafeFindByEmailForSignIn(s.demo.email);
  const asAdmin = callerFor(s.c, {
    kind: 'user',
    user: admin!,
    role: admin!.role,
    organizationId: admin!.organizationId,
  });
  const key = await asAdmin.apiKeys.create({ name: 'fuzz throwaway' });
  const invited = await asAdmin.users.invite({
    name: 'Fuzz Person',
    email: 'fuzz.person@example.com',
    role: 'BILLING',
  });
  const providers = await asAdmin.organization.providers();
  return {
    patientId,
    otherPatientId,
    providerId: providers[0]!.id,
    linkId: link.id,
    shortCode: link.shortUrl.split('/').pop()!,
    cancelledLinkId: cancelled.id,
    messageId: messages[0]!.id,
    batchId: String(batch.batchId),
    bulkRow: row,
    apiKeyId: key.apiKey.id,
    invitedUserId: invited.user.id,
  };
}

// ——— tRPC: every procedure of the router ———

type ProcedureDef = { type: string; inputs: unknown[] };

function isProcedure(p: unknown): p is { _def: ProcedureDef } {
  const def = (p as { _def?: Partial<ProcedureDef> } | null)?._def;
  return typeof def?.type === 'string' && Array.isArray(def.inputs);
}

/** The router's procedures by path (tRPC keeps them flattened: `links.createCheckout`). */
function procedures(): Array<{ path: string; type: string; keys: string[] }> {
  const all: Record<string, unknown> = appRouter._def.procedures;
  return Object.entries(all).flatMap(([path, p]) => {
    if (!isProcedure(p)) return [];
    const shape = (p._def.inputs[0] as { shape?: Record<string, unknown> } | undefined)?.shape;
    return [{ path, type: p._def.type, keys: Object.keys(shape ?? {}) }];
  });
}

/** A valid input for each procedure that takes one; others start from `{}`. */
function baseInput(path: string): Record<string, unknown> | undefined {
  const f = fixtures;
  const bases: Record<string, Record<string, unknown>> = {
    'me.setNotifyByEmail': { enabled: false },
    'organization.update': { name: 'Riverside Family Clinic' },
    'patients.list': { query: 'jordan', limit: 5, offset: 0 },
    'patients.byId': { id: f.patientId },
    'patients.updateContact': { id: f.otherPatientId, preferredChannel: 'email' },
    'apiKeys.create': { name: 'fuzz' },
    'apiKeys.revoke': { id: f.apiKeyId },
    'users.invite': { name: 'Fuzz Person', email: 'fuzz.person@example.com', role: 'BILLING' },
    'users.resendInvite': { id: f.invitedUserId },
    'users.update': { id: f.invitedUserId, role: 'BILLING' },
    'links.createCheckout': { patientId: f.patientId, amount: 10, description: 'Fuzz' },
    'links.createCardUpdate': { patientId: f.patientId },
    'links.get': { id: f.linkId },
    'links.list': { status: 'ACTIVE', providerId: f.providerId, limit: 5 },
    'links.cancel': { id: f.cancelledLinkId },
    'links.regenerate': { id: f.cancelledLinkId },
    'cards.sync': { patientId: f.patientId },
    'messaging.send': { linkId: f.linkId, channels: ['email'] },
    'messaging.retry': { messageId: f.messageId },
    'messaging.forLink': { linkId: f.linkId },
    'messaging.setTemplate': { kind: 'payment_request', part: 'sms', body: 'Pay {{link}}' },
    'messaging.preview': { kind: 'payment_request' },
    'bulk.validate': { rows: [f.bulkRow] },
    'bulk.start': { idempotencyKey: 'fuzz-fixture', rows: [f.bulkRow] },
    'bulk.status': { batchId: f.batchId },
    'analytics.link': { linkId: f.linkId },
    'analytics.organization': { from: '2026-01-01' },
    'analytics.summary': {},
    'analytics.payments': { limit: 5 },
    'analytics.exportFilter': {},
  };
  return bases[path];
}

/** Spoiled inside arrays and objects, where a single field's swap can't reach. */
const NESTED: Record<string, Array<Record<string, unknown>>> = {
  'links.createCheckout': [
    { items: [{ name: 'a\u0000', price: 10, quantity: 1 }] },
    { items: [{ name: 'Visit', price: '1e400', quantity: 2 ** 53 + 1 }] },
    { items: Array.from({ length: 101 }, () => ({ name: 'x', price: 1, quantity: 1 })) },
    { sendVia: ['fax', 'email\u0000'] },
  ],
  'bulk.validate': [
    { rows: [{ patient: 'x\u0000', amount: {}, channel: [] }] },
    { csv: 'patient,amount\n\u0000,1' },
  ],
  'messaging.preview': [{ overrides: { sms: '\u0000', email_subject: 'a\nb' } }],
};

function trpcRequest(path: string, type: string, input: unknown): Sent {
  if (type === 'query') {
    const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return { kind: 'trpc', method: 'GET', path: `/api/trpc/${path}${q}` };
  }
  return {
    kind: 'trpc',
    method: 'POST',
    path: `/api/trpc/${path}`,
    headers: { 'content-type': 'application/json' },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  };
}

type Case = readonly [label: string, req: Sent];

/**
 * Writes one at a time, each followed by the state check; reads (which never write) four at a time,
 * with one check after them all.
 */
async function run(cases: readonly Case[], writes: boolean, after: string) {
  if (writes) {
    for (const [label, req] of cases) await settle((await send(req, label)).status, label);
    return;
  }
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const [label, req] = cases[next++]!;
      await send(req, label);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await settle(400, after);
}

/** The transport spoiled: wrong method, content type, body, origin, batch. */
function trpcTransportVariants(path: string, type: string): Array<[string, Sent]> {
  const url = `/api/trpc/${path}`;
  const json = { 'content-type': 'application/json' };
  const variants: Array<[string, Sent]> = [
    [
      'the other method',
      type === 'query'
        ? { kind: 'trpc', method: 'POST', path: url, headers: json, body: '{}' }
        : { kind: 'trpc', method: 'GET', path: url },
    ],
    ['a query input that is not JSON', { kind: 'trpc', method: 'GET', path: `${url}?input=%7B%22a%22` }],
    [
      'a batch of garbage',
      {
        kind: 'trpc',
        method: 'POST',
        path: `${url},${url}?batch=1`,
        headers: json,
        body: '{"0":[],"1":"x"}',
      },
    ],
  ];
  if (type === 'mutation') {
    for (const [label, body, contentType] of HOSTILE_BODIES)
      variants.push([
        label,
        { kind: 'trpc', method: 'POST', path: url, headers: { 'content-type': contentType }, body },
      ]);
    variants.push([
      'Origin: null',
      { kind: 'trpc', method: 'POST', path: url, headers: { ...json, origin: 'null' }, body: '{}' },
    ]);
  }
  return variants;
}

/** Random values, in random fields (known ones and not), over the valid base. */
function randomInput(keys: string[]) {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...HOSTILE_VALUES.map(([, v]) => v)),
    fc.jsonValue({ maxDepth: 2 }),
    fc.double(),
    fc.integer(),
  );
  const key = keys.length
    ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 }))
    : fc.string({ maxLength: 8 });
  return fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 });
}

/** Every fixed variation of one procedure's input and transport. */
function trpcCases(
  path: string,
  type: string,
  keys: string[],
  start: Record<string, unknown> | undefined,
): Case[] {
  const label = (what: string) => `tRPC ${path} with ${what}`;
  const cases: Case[] = [[label('its valid input'), trpcRequest(path, type, start)]];
  const wholes: Array<[string, unknown]> = [
    ['no input', undefined],
    ['null', null],
    ['an array', [start]],
    ['a string', 'text'],
    ['unknown fields only', { unknownField: 1 }],
  ];
  for (const [what, input] of wholes) cases.push([label(what), trpcRequest(path, type, input)]);
  for (const key of keys) {
    const { [key]: _dropped, ...without } = start ?? {};
    cases.push([`tRPC ${path} without ${key}`, trpcRequest(path, type, without)]);
    for (const [what, value] of HOSTILE_VALUES)
      cases.push([label(`${what} in ${key}`), trpcRequest(path, type, { ...start, [key]: value })]);
  }
  for (const spoiled of NESTED[path] ?? [])
    cases.push([
      label(JSON.stringify(spoiled).slice(0, 60)),
      trpcRequest(path, type, { ...start, ...spoiled }),
    ]);
  for (const [what, req] of trpcTransportVariants(path, type)) cases.push([label(what), req]);
  return cases;
}

/** Every fixed variation of one route's path, query string and body. */
function restCases(route: RestRoute): Case[] {
  const kind: Kind = route.path.startsWith('/api/') ? 'rest' : 'page';
  const at = (what: string) => `${route.method} ${route.path} ${what}`;
  const url = (segment = route.param ?? '', query = route.query ?? '') =>
    `${route.path.replace(/\{\w+\}/, segment)}${query ? `?${query}` : ''}`;
  const req = (path: string, body?: string, contentType = 'application/json'): Sent => ({
    kind,
    method: route.method,
    path,
    ...(body !== undefined ? { headers: { 'content-type': contentType }, body } : {}),
  });
  const body = route.body ? JSON.stringify(route.body) : undefined;
  const cases: Case[] = [[at('as documented'), req(url(), body)]];
  if (route.param !== undefined)
    for (const [what, segment] of HOSTILE_SEGMENTS)
      cases.push([at(`with ${what} in the path`), req(url(segment), body)]);
  for (const key of route.queryKeys ?? [])
    for (const [what, make] of HOSTILE_QUERY_VALUES)
      cases.push([at(`with ${what} in ${key}`), req(url(undefined, make(key)))]);
  for (const key of Object.keys(route.body ?? {}))
    for (const [what, value] of HOSTILE_VALUES)
      cases.push([at(`with ${what} in ${key}`), req(url(), JSON.stringify({ ...route.body, [key]: value }))]);
  if (route.method !== 'GET')
    for (const [what, raw, contentType] of HOSTILE_BODIES)
      cases.push([at(`with ${what} as the body`), req(url(), raw, contentType)]);
  return cases;
}

describe('fuzz', () => {
  it('every tRPC procedure: never a 5xx, a 4xx names the field, a rejection changes nothing', async () => {
    const all = procedures();
    for (const { path, type, keys } of all) {
      const start = baseInput(path) ?? (keys.length ? {} : undefined);
      await run(trpcCases(path, type, keys, start), type === 'mutation', `tRPC queries of ${path}`);
      await fc
        .assert(
          fc.asyncProperty(randomInput(keys), async (spoiled) => {
            const label = `tRPC ${path} with random ${JSON.stringify(spoiled).slice(0, 120)}`;
            const before = problems.length;
            const req = trpcRequest(path, type, { ...start, ...spoiled });
            await run([[label, req]], type === 'mutation', label);
            return problems.length === before;
          }),
          { seed: SEED, numRuns: RANDOM_RUNS_PER_PROCEDURE, endOnFailure: true },
        )
        .catch((error: unknown) => problems.push(`tRPC ${path}: ${String(error).split('\n')[0]}`));
    }
    expect(all.length).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  }, 600_000);

  it('every documented REST route and patient page: never a 5xx, a 4xx names the field, a rejection changes nothing', async () => {
    const routes = restRoutes(fixtures);
    const documented = documentedRoutes();
    expect(documented.length).toBeGreaterThan(30);
    expect(documented.filter((r) => !routes.some((x) => `${x.method} ${x.path}` === r))).toEqual([]);
    for (const route of routes)
      await run(restCases(route), route.method !== 'GET', `${route.method} ${route.path} (reads)`);
    expect(problems).toEqual([]);
  }, 600_000);

  it('left Object.prototype alone, and printed its counts', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const lines = Object.entries(tally).map(
      ([kind, counts]) =>
        `${kind.padEnd(5)} ${String(Object.values(counts).reduce((a, b) => a + b, 0)).padStart(5)} requests: ${Object.entries(
          counts,
        )
          .sort()
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
    );
    console.log(`fuzz (seed ${SEED}):\n${lines.join('\n')}`);
    expect(tally.rest['5xx'] ?? 0).toBe(0);
    expect(tally.trpc['5xx'] ?? 0).toBe(0);
    expect(tally.page['5xx'] ?? 0).toBe(0);
  });
});

type RestRoute = {
  method: string;
  path: string;
  /** The valid value of the path's `{param}`. */
  param?: string;
  query?: string;
  queryKeys?: string[];
  body?: Record<string, unknown>;
};

function restRoutes(f: typeof fixtures): RestRoute[] {
  const range = ['from', 'to', 'providerId', 'type'];
  const webhook = (p: string): RestRoute => ({ method: 'POST', path: p });
  return [
    {
      method: 'POST',
      path: '/api/billing/checkout-link',
      body: {
        patientId: f.patientId,
        amount: '15.00',
        description: 'Fuzz',
        items: [{ name: 'Visit', price: 15, quantity: 1 }],
        expiresIn: 24,
        sendVia: ['email'],
        customMessage: 'Thanks',
      },
    },
    {
      method: 'POST',
      path: '/api/billing/card-update-link',
      body: { patientId: f.patientId, reason: 'Card expiring soon', sendVia: ['email'] },
    },
    {
      method: 'GET',
      path: '/api/billing/links',
      query: 'status=ACTIVE&limit=5',
      queryKeys: [
        'status',
        'type',
        'patientId',
        'providerId',
        'channel',
        'q',
        'from',
        'to',
        'sort',
        'limit',
        'offset',
      ],
    },
    { method: 'GET', path: '/api/billing/links/{id}', param: f.linkId },
    { method: 'POST', path: '/api/billing/links/{id}/cancel', param: f.cancelledLinkId },
    {
      method: 'POST',
      path: '/api/billing/links/{id}/regenerate',
      param: f.cancelledLinkId,
      body: { expiresIn: 48 },
    },
    { method: 'POST', path: '/api/billing/cards/expiring-scan', query: 'dryRun=true', queryKeys: ['dryRun'] },
    { method: 'POST', path: '/api/patients/{id}/sync-card', param: f.patientId },
    {
      method: 'POST',
      path: '/api/billing/links/{id}/send',
      param: f.linkId,
      body: { channels: ['email'], customMessage: 'Reminder' },
    },
    { method: 'GET', path: '/api/billing/links/{id}/messages', param: f.linkId },
    { method: 'POST', path: '/api/messages/{id}/retry', param: f.messageId },
    { method: 'POST', path: '/api/billing/bulk/validate', body: { rows: [f.bulkRow] } },
    {
      method: 'POST',
      path: '/api/billing/bulk',
      body: { idempotencyKey: 'fuzz-fixture', rows: [f.bulkRow], skipInvalid: false },
    },
    { method: 'GET', path: '/api/billing/bulk/{id}', param: f.batchId },
    { method: 'GET', path: '/api/billing/links/{id}/analytics', param: f.linkId },
    { method: 'GET', path: '/api/billing/analytics', query: 'from=2026-01-01', queryKeys: range },
    { method: 'GET', path: '/api/billing/exports/links.csv', queryKeys: range },
    { method: 'GET', path: '/api/billing/exports/payments.csv', queryKeys: range },
    { method: 'GET', path: '/api/patients', query: 'query=jordan', queryKeys: ['query', 'limit', 'offset'] },
    { method: 'GET', path: '/api/patients/{id}', param: f.patientId },
    {
      method: 'PATCH',
      path: '/api/patients/{id}',
      param: f.otherPatientId,
      body: {
        name: 'Priya Patel',
        email: 'priya.patel@example.com',
        phone: '+12025550112',
        preferredChannel: 'email',
      },
    },
    { method: 'GET', path: '/api/providers' },
    { method: 'GET', path: '/api/webhook-events', query: 'limit=10', queryKeys: ['limit'] },
    { method: 'GET', path: '/api/webhook-events/unassigned', query: 'limit=10', queryKeys: ['limit'] },
    { method: 'GET', path: '/go/{code}', param: f.shortCode, queryKeys: ['via'] },
    { method: 'GET', path: '/go/{code}/done', param: f.shortCode },
    { method: 'GET', path: '/go/{code}/cancelled', param: f.shortCode },
    { method: 'POST', path: '/go/{code}/request', param: f.shortCode },
    { method: 'GET', path: '/unsubscribe/{messageId}', param: f.messageId },
    { method: 'POST', path: '/unsubscribe/{messageId}', param: f.messageId },
    { method: 'GET', path: '/dev/outbox' },
    webhook('/webhooks/stripe'),
    webhook('/webhooks/twilio/status'),
    webhook('/webhooks/twilio/inbound'),
    webhook('/webhooks/sendgrid/events'),
  ];
}
