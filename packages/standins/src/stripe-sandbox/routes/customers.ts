// Customers: create, retrieve, update (incl. `invoice_settings[default_payment_method]`), list.
import type { SandboxContext } from '../context.ts';
import { invalidParam } from '../errors.ts';
import { buildCustomer } from '../objects/customer.ts';
import { newestFirst } from '../pagination.ts';
import {
  createMetadata,
  expandSpec,
  listSpecFields,
  mergeMetadata,
  metadataSpec,
  parseParams,
} from '../params.ts';
import { render, renderList } from '../render.ts';
import { pathParam, type ApiRequest, type ApiRoute } from '../router.ts';

const STRIPE_ONLY_CUSTOMER_PARAMS = [
  'address',
  'balance',
  'cash_balance',
  'coupon',
  'invoice_prefix',
  'next_invoice_sequence',
  'promotion_code',
  'shipping',
  'source',
  'tax',
  'tax_exempt',
  'tax_id_data',
  'test_clock',
  'payment_method',
  'business_name',
  'individual_name',
  'validate',
] as const;

const createSpec = {
  kind: 'object',
  fields: {
    email: { kind: 'string', maxLength: 512 },
    name: { kind: 'string', maxLength: 256 },
    phone: { kind: 'string', maxLength: 20 },
    description: { kind: 'string', maxLength: 350 },
    metadata: metadataSpec,
    preferred_locales: { kind: 'array', items: { kind: 'string' } },
    expand: expandSpec,
  },
  unsupported: [...STRIPE_ONLY_CUSTOMER_PARAMS, 'invoice_settings'],
} as const;

const updateSpec = {
  kind: 'object',
  fields: {
    email: { kind: 'string', maxLength: 512, emptyable: true },
    name: { kind: 'string', maxLength: 256, emptyable: true },
    phone: { kind: 'string', maxLength: 20, emptyable: true },
    description: { kind: 'string', maxLength: 350, emptyable: true },
    metadata: metadataSpec,
    preferred_locales: { kind: 'array', items: { kind: 'string' } },
    invoice_settings: {
      kind: 'object',
      fields: { default_payment_method: { kind: 'string', maxLength: 5000, emptyable: true } },
      unsupported: ['custom_fields', 'footer', 'rendering_options'],
    },
    expand: expandSpec,
  },
  unsupported: [...STRIPE_ONLY_CUSTOMER_PARAMS, 'default_source'],
} as const;

const retrieveSpec = { kind: 'object', fields: { expand: expandSpec } } as const;
const listSpec = {
  kind: 'object',
  fields: { ...listSpecFields, email: { kind: 'string', maxLength: 512 } },
} as const;

function checkEmail(email: string | null | undefined) {
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw invalidParam(`Invalid email address: ${email}`, 'email', 'email_invalid');
  }
}

// POST /v1/customers — create a Customer
function createCustomer(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(createSpec, request.params);
  checkEmail(params.email);
  const customer = buildCustomer(
    {
      email: params.email ?? null,
      name: params.name ?? null,
      phone: params.phone ?? null,
      description: params.description ?? null,
      metadata: createMetadata(params.metadata),
      preferredLocales: params.preferred_locales ?? [],
    },
    context.nowSeconds(),
  );
  context.store.customers.set(customer.id, customer);
  return render(context, customer, params.expand);
}

// GET /v1/customers/:customer — retrieve a Customer
function retrieveCustomer(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  return render(context, context.store.customer(pathParam(request, 'customer')), params.expand);
}

// POST /v1/customers/:customer — update a Customer
function updateCustomer(request: ApiRequest, context: SandboxContext) {
  const customer = context.store.customer(pathParam(request, 'customer'));
  const params = parseParams(updateSpec, request.params);
  checkEmail(params.email);
  const defaultPm = params.invoice_settings?.default_payment_method;
  if (typeof defaultPm === 'string') {
    const pm = context.store.paymentMethods.get(defaultPm);
    if (!pm || pm.customer !== customer.id) {
      throw invalidParam(
        `The customer does not have a payment method with the ID ${defaultPm}. ` +
          'The payment method must be attached to the customer.',
        'invoice_settings[default_payment_method]',
        'resource_missing',
      );
    }
  }
  if (params.email !== undefined) customer.email = params.email;
  if (params.name !== undefined) customer.name = params.name;
  if (params.phone !== undefined) customer.phone = params.phone;
  if (params.description !== undefined) customer.description = params.description;
  if (params.preferred_locales !== undefined) customer.preferred_locales = params.preferred_locales;
  customer.metadata = mergeMetadata(customer.metadata, params.metadata);
  if (defaultPm !== undefined) customer.invoice_settings.default_payment_method = defaultPm;
  return render(context, customer, params.expand);
}

// GET /v1/customers — list Customers
function listCustomers(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(listSpec, request.params);
  const all = newestFirst(context.store.customers.values()).filter(
    (customer) => params.email === undefined || customer.email === params.email,
  );
  return renderList(context, all, params, { url: '/v1/customers', noun: 'customer' });
}

export const customerRoutes: ApiRoute[] = [
  { method: 'POST', pattern: '/v1/customers', handler: createCustomer },
  { method: 'GET', pattern: '/v1/customers', handler: listCustomers },
  { method: 'GET', pattern: '/v1/customers/:customer', handler: retrieveCustomer },
  { method: 'POST', pattern: '/v1/customers/:customer', handler: updateCustomer },
];
