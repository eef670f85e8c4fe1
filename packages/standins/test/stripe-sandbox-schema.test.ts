// Sandbox responses against Stripe's own OpenAPI component schemas (shared/reference, API 2023-08-16)
// and the field list of API 2026-10-28.endive (stripe-current-object-fields.md). The spec is older
// than the API version the sandbox speaks, so fields added since are allowed by an explicit list per
// object — checked against the drift documented in the fields file, so it cannot grow silently.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../src/stripe-sandbox/index.ts';

// CI keeps shared/ beside the repository.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const referenceDir = path.resolve(repoRoot, '../shared/reference');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const OBJECTS = [
  'customer',
  'checkout.session',
  'payment_intent',
  'setup_intent',
  'payment_method',
  'charge',
  'refund',
  'event',
] as const;
type ObjectName = (typeof OBJECTS)[number];

/**
 * Top-level fields the 2023-08-16 schemas do not know. Each must appear in the "Added since
 * 2023-08-16" line of stripe-current-object-fields.md for that object (asserted below).
 */
const ADDED_SINCE_SPEC: Record<ObjectName, string[]> = {
  customer: ['customer_account'],
  'checkout.session': [
    'adaptive_pricing',
    'allowed_payment_method_types',
    'client_secret',
    'collected_information',
    'customer_account',
    'discounts',
    'integration_identifier',
    'managed_payments',
    'origin_context',
    'payment_method_configuration_details',
    'permissions',
    'saved_payment_method_options',
    'ui_mode',
    'wallet_options',
  ],
  payment_intent: [
    'allowed_payment_method_types',
    'customer_account',
    'excluded_payment_method_types',
    'managed_payments',
    'payment_method_configuration_details',
    'payment_record',
    'source',
  ],
  setup_intent: [
    'allowed_payment_method_types',
    'customer_account',
    'excluded_payment_method_types',
    'payment_method_configuration_details',
  ],
  payment_method: ['allow_redisplay', 'customer_account'],
  refund: ['customer', 'customer_account', 'destination_details', 'payment_method'],
  charge: ['source'],
  event: [],
};

/**
 * Optional (`?`) fields of the current API that the sandbox leaves out, and why. Every other listed
 * field must be present.
 */
const ABSENT_OPTIONAL: Record<ObjectName, { fields: string[]; why: string }> = {
  customer: {
    fields: [
      'business_name',
      'individual_name',
      'cash_balance',
      'invoice_credit_balance',
      'sources',
      'subscriptions',
      'tax',
      'tax_ids',
    ],
    why: 'only present when set, or only via expand[]',
  },
  'checkout.session': {
    fields: [
      'branding_settings',
      'excluded_payment_method_types',
      'line_items',
      'name_collection',
      'optional_items',
      'presentment_details',
      'redirect_on_completion',
      'return_url',
    ],
    why: 'embedded/elements UI modes, features not simulated, or expand[]-only (line_items)',
  },
  payment_intent: {
    fields: ['hooks', 'payment_details', 'presentment_details'],
    why: 'features not simulated',
  },
  setup_intent: { fields: ['attach_to_self', 'managed_payments'], why: 'Treasury / managed payments only' },
  payment_method: {
    fields: ['radar_options'],
    why: 'Radar session not simulated; the per-type hashes other than `card` are checked separately',
  },
  refund: {
    fields: [
      'description',
      'failure_balance_transaction',
      'failure_reason',
      'instructions_email',
      'next_action',
      'pending_reason',
      'presentment_details',
    ],
    why: 'only present for failed, pending or non-card refunds',
  },
  charge: {
    fields: ['authorization_code', 'level3', 'presentment_details', 'radar_options', 'refunds', 'transfer'],
    why: 'not simulated, or expand[]-only (refunds)',
  },
  event: { fields: ['account', 'context'], why: 'Connect only' },
};

type FieldList = { required: string[]; optional: string[]; added: string[] };

function parseFieldsFile(): Record<string, FieldList> {
  const text = readFileSync(path.join(referenceDir, 'stripe-current-object-fields.md'), 'utf8');
  const result: Record<string, FieldList> = {};
  let current: FieldList | null = null;
  for (const line of text.split('\n')) {
    const heading = /^## (\S+)$/.exec(line);
    if (heading?.[1]) {
      current = { required: [], optional: [], added: [] };
      result[heading[1]] = current;
      continue;
    }
    if (!current) continue;
    const added = /^Added since 2023-08-16: (.*?)\. Removed:/.exec(line);
    if (added?.[1]) current.added = added[1].split(',').map((name) => name.trim());
    const field = /^- `([a-z0-9_]+)(\??)`:/.exec(line);
    if (field?.[1]) (field[2] ? current.optional : current.required).push(field[1]);
  }
  return result;
}

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes a `null` alternative; refs point into `$defs`. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string')
      out[key] = value.replace('#/components/schemas/', '#/$defs/');
    else if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    } else out[key] = toJsonSchema(value);
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function buildValidators(
  fields: Record<string, FieldList>,
): Record<ObjectName | 'item' | 'error', ValidateFunction> {
  const spec = JSON.parse(readFileSync(path.join(referenceDir, 'stripe-openapi-subset.json'), 'utf8')) as {
    components: { schemas: Record<string, Json> };
  };
  const defs: Record<string, JsonObject> = {};
  for (const [name, schema] of Object.entries(spec.components.schemas))
    defs[name] = toJsonSchema(schema) as JsonObject;
  for (const name of OBJECTS) {
    const def = defs[name]!;
    const properties = def.properties as JsonObject;
    // Strict at the top level: a misspelt or invented field fails, only documented additions pass.
    def.additionalProperties = false;
    for (const added of ADDED_SINCE_SPEC[name]) properties[added] = {};
    // Kept by the current API but absent from the 2023 schemas although not in "Added since" either:
    // none known — if one shows up, list it here with the reason.
    expect(Object.keys(properties).length).toBeGreaterThan(0);
    expect(fields[name]).toBeDefined();
  }
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  for (const keyword of [
    'x-expandableFields',
    'x-resourceId',
    'x-expansionResources',
    'x-stripeBypassValidation',
  ]) {
    ajv.addKeyword({ keyword });
  }
  ajv.addFormat('unix-time', { type: 'number', validate: (value: number) => Number.isInteger(value) });
  ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
  ajv.addSchema({ $id: 'stripe', $defs: defs });
  const compile = (name: string) => ajv.compile({ $ref: `stripe#/$defs/${name}` });
  return {
    customer: compile('customer'),
    'checkout.session': compile('checkout.session'),
    payment_intent: compile('payment_intent'),
    setup_intent: compile('setup_intent'),
    payment_method: compile('payment_method'),
    charge: compile('charge'),
    refund: compile('refund'),
    event: compile('event'),
    item: compile('item'),
    error: compile('error'),
  };
}

let sandbox: StripeSandbox;
let stripe: Stripe;
let fields: Record<string, FieldList>;
let validators: ReturnType<typeof buildValidators>;

beforeAll(async () => {
  fields = parseFieldsFile();
  validators = buildValidators(fields);
  sandbox = await startStripeSandbox({ webhookSecret: 'whsec_schema' });
  const api = new URL(sandbox.url);
  stripe = new Stripe('sk_test_sandbox', {
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
});
afterAll(async () => {
  await sandbox.stop();
});

async function raw(pathname: string): Promise<JsonObject> {
  const response = await fetch(`${sandbox.url}${pathname}`, {
    headers: { authorization: 'Bearer sk_test_sandbox' },
  });
  return (await response.json()) as JsonObject;
}

function expectValid(name: keyof typeof validators, value: Json, label: string) {
  const validate = validators[name];
  const valid = validate(value);
  expect(
    valid ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
    `${label} (${name})`,
  ).toEqual([]);
}

function expectCurrentFields(name: ObjectName, value: JsonObject, label: string) {
  const list = fields[name]!;
  const absent = new Set(ABSENT_OPTIONAL[name].fields);
  const expected = [...list.required, ...list.optional.filter((field) => !absent.has(field))];
  if (name === 'payment_method') {
    // A card PaymentMethod has the `card` hash and none of the other ~60 per-type hashes.
    const perType = list.optional.filter((field) => !['allow_redisplay', 'radar_options'].includes(field));
    expect(
      perType.filter((field) => field in value),
      label,
    ).toEqual(['card']);
    expected.splice(0, expected.length, ...list.required, 'allow_redisplay', 'card');
  }
  expect(
    expected.filter((field) => !(field in value)),
    `${label}: missing current fields`,
  ).toEqual([]);
}

function submitCard(url: string, number: string) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      card_number: number,
      card_expiry: '11 / 33',
      card_cvc: '123',
      cardholder_name: 'Pat',
      postal_code: '10001',
    }),
  });
}

describe('schema of sandbox responses', () => {
  it('keeps the allow-lists within the drift the fields file documents', () => {
    for (const name of OBJECTS) {
      const list = fields[name]!;
      expect(
        ADDED_SINCE_SPEC[name].filter((field) => !list.added.includes(field)),
        name,
      ).toEqual([]);
      expect(
        ABSENT_OPTIONAL[name].fields.filter((field) => !list.optional.includes(field)),
        name,
      ).toEqual([]);
    }
  });

  it('every object of a payment, a decline, a setup, a refund and their events matches', async () => {
    const customer = await stripe.customers.create({
      email: 'pat@example.com',
      name: 'Pat',
      metadata: { patient: 'p1' },
    });
    const pay = await stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 15000, product_data: { name: 'Visit' } }, quantity: 1 },
      ],
      success_url: 'https://clinic.example/paid',
      payment_intent_data: { setup_future_usage: 'off_session', metadata: { link: 'l1' } },
      metadata: { link: 'l1' },
      client_reference_id: 'l1',
    });
    const openSession = await raw(`/v1/checkout/sessions/${pay.id}`);
    await submitCard(pay.url!, '4000000000000002');
    const failedIntent = await raw(
      `/v1/payment_intents/${String((await raw(`/v1/checkout/sessions/${pay.id}`)).payment_intent)}`,
    );
    await submitCard(pay.url!, '4242424242424242');
    const paidSession = await raw(`/v1/checkout/sessions/${pay.id}`);
    const intent = await raw(`/v1/payment_intents/${String(paidSession.payment_intent)}`);
    const charge = await raw(`/v1/charges/${String(intent.latest_charge)}`);
    const paymentMethod = await raw(`/v1/payment_methods/${String(intent.payment_method)}`);
    const refundBody = await stripe.refunds.create({ charge: String(charge.id), amount: 2500 });
    const refund = await raw(`/v1/refunds/${refundBody.id}`);
    const refundedCharge = await raw(`/v1/charges/${String(charge.id)}`);

    const setup = await stripe.checkout.sessions.create({
      mode: 'setup',
      currency: 'usd',
      customer: customer.id,
      success_url: 'https://clinic.example/saved',
    });
    await submitCard(setup.url!, '5555555555554444');
    const setupSession = await raw(`/v1/checkout/sessions/${setup.id}`);
    const setupIntent = await raw(`/v1/setup_intents/${String(setupSession.setup_intent)}`);
    const expiredSession = await raw(
      `/v1/checkout/sessions/${(await stripe.checkout.sessions.expire((await stripe.checkout.sessions.create({ mode: 'setup', currency: 'eur' })).id)).id}`,
    );
    const updatedCustomer = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: String(paymentMethod.id) },
    });
    const customerJson = await raw(`/v1/customers/${updatedCustomer.id}`);
    const lineItems = await raw(`/v1/checkout/sessions/${pay.id}/line_items`);

    const checks: Array<[ObjectName, JsonObject, string]> = [
      ['customer', customerJson, 'customer'],
      ['checkout.session', openSession, 'open payment session'],
      ['checkout.session', paidSession, 'paid payment session'],
      ['checkout.session', setupSession, 'completed setup session'],
      ['checkout.session', expiredSession, 'expired setup session'],
      ['payment_intent', failedIntent, 'declined payment intent'],
      ['payment_intent', intent, 'succeeded payment intent'],
      ['setup_intent', setupIntent, 'succeeded setup intent'],
      ['payment_method', paymentMethod, 'card payment method'],
      ['charge', charge, 'charge'],
      ['charge', refundedCharge, 'partially refunded charge'],
      ['refund', refund, 'refund'],
    ];
    for (const [name, value, label] of checks) {
      expectValid(name, value, label);
      expectCurrentFields(name, value, label);
    }
    for (const item of lineItems.data as JsonObject[]) expectValid('item', item, 'line item');

    const events = (await raw('/v1/events?limit=100')).data as JsonObject[];
    expect(events.map((e) => e.type).sort()).toEqual(
      [
        'payment_intent.payment_failed',
        'payment_intent.succeeded',
        'charge.succeeded',
        'checkout.session.completed',
        'charge.refunded',
        'refund.created',
        'setup_intent.succeeded',
        'checkout.session.completed',
        'checkout.session.expired',
      ].sort(),
    );
    const schemaByPrefix: Record<string, ObjectName> = {
      checkout: 'checkout.session',
      payment_intent: 'payment_intent',
      setup_intent: 'setup_intent',
      charge: 'charge',
      refund: 'refund',
    };
    for (const event of events) {
      expectValid('event', event, `event ${String(event.type)}`);
      expectCurrentFields('event', event, `event ${String(event.type)}`);
      const objectName = schemaByPrefix[String(event.type).split('.')[0]!]!;
      const object = (event.data as JsonObject).object as JsonObject;
      expectValid(objectName, object, `${String(event.type)} data.object`);
      expectCurrentFields(objectName, object, `${String(event.type)} data.object`);
    }
  });

  it('errors match the error schema', async () => {
    const response = await fetch(`${sandbox.url}/v1/customers/cus_missing`, {
      headers: { authorization: 'Bearer sk_test_x' },
    });
    expectValid('error', (await response.json()) as Json, 'resource_missing');
    const unknown = await fetch(`${sandbox.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'nope=1',
    });
    expectValid('error', (await unknown.json()) as Json, 'parameter_unknown');
    const unauthenticated = await fetch(`${sandbox.url}/v1/customers`);
    expectValid('error', (await unauthenticated.json()) as Json, 'missing key');
  });
});
