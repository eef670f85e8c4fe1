// PaymentMethods: retrieve, list (by customer), attach, detach.
import type { SandboxContext } from '../context.ts';
import { invalidRequest, parameterMissing } from '../errors.ts';
import { newestFirst } from '../pagination.ts';
import { expandSpec, idSpec, listSpecFields, parseParams } from '../params.ts';
import { render, renderList } from '../render.ts';
import { pathParam, type ApiRequest, type ApiRoute } from '../router.ts';

const retrieveSpec = { kind: 'object', fields: { expand: expandSpec } } as const;
const listSpec = {
  kind: 'object',
  fields: { ...listSpecFields, customer: idSpec, type: { kind: 'string', maxLength: 100 } },
  unsupported: ['allow_redisplay', 'customer_account'],
} as const;
const customerListSpec = {
  kind: 'object',
  fields: { ...listSpecFields, type: { kind: 'string', maxLength: 100 } },
  unsupported: ['allow_redisplay'],
} as const;
const attachSpec = {
  kind: 'object',
  fields: { customer: idSpec, expand: expandSpec },
  unsupported: ['customer_account'],
} as const;

// GET /v1/payment_methods/:payment_method — retrieve a PaymentMethod
function retrievePaymentMethod(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  return render(context, context.store.paymentMethod(pathParam(request, 'payment_method')), params.expand);
}

// GET /v1/payment_methods — list PaymentMethods (of a customer)
function listPaymentMethods(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(listSpec, request.params);
  if (params.customer !== undefined) context.store.customer(params.customer, 'customer');
  const methods = newestFirst(context.store.paymentMethods.values()).filter(
    (pm) =>
      // Without `customer`: the PaymentMethods attached to no customer (e.g. from guest checkouts).
      (params.customer === undefined ? pm.customer === null : pm.customer === params.customer) &&
      (params.type === undefined || pm.type === params.type),
  );
  return renderList(context, methods, params, { url: '/v1/payment_methods', noun: 'PaymentMethod' });
}

// GET /v1/customers/:customer/payment_methods — list a Customer's PaymentMethods
function listCustomerPaymentMethods(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(customerListSpec, request.params);
  const customer = context.store.customer(pathParam(request, 'customer'));
  const methods = newestFirst(context.store.paymentMethods.values()).filter(
    (pm) => pm.customer === customer.id && (params.type === undefined || pm.type === params.type),
  );
  return renderList(context, methods, params, {
    url: `/v1/customers/${customer.id}/payment_methods`,
    noun: 'PaymentMethod',
  });
}

// POST /v1/payment_methods/:payment_method/attach — attach a PaymentMethod to a Customer
function attachPaymentMethod(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(attachSpec, request.params);
  if (params.customer === undefined) throw parameterMissing('customer');
  const pm = context.store.paymentMethod(pathParam(request, 'payment_method'));
  const customer = context.store.customer(params.customer, 'customer');
  if (pm.customer !== null && pm.customer !== customer.id) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      code: 'payment_method_unexpected_state',
    });
  }
  pm.customer = customer.id;
  return render(context, pm, params.expand);
}

// POST /v1/payment_methods/:payment_method/detach — detach a PaymentMethod from its Customer
function detachPaymentMethod(request: ApiRequest, context: SandboxContext) {
  const params = parseParams(retrieveSpec, request.params);
  const pm = context.store.paymentMethod(pathParam(request, 'payment_method'));
  if (typeof pm.customer !== 'string') {
    throw invalidRequest(
      `The payment method ${pm.id} is not attached to a customer so detachment is impossible.`,
      { code: 'payment_method_unexpected_state' },
    );
  }
  const customer = context.store.customers.get(pm.customer);
  // A detached card can no longer be the customer's default.
  if (customer && customer.invoice_settings.default_payment_method === pm.id) {
    customer.invoice_settings.default_payment_method = null;
  }
  pm.customer = null;
  return render(context, pm, params.expand);
}

export const paymentMethodRoutes: ApiRoute[] = [
  { method: 'GET', pattern: '/v1/payment_methods', handler: listPaymentMethods },
  { method: 'GET', pattern: '/v1/payment_methods/:payment_method', handler: retrievePaymentMethod },
  { method: 'POST', pattern: '/v1/payment_methods/:payment_method/attach', handler: attachPaymentMethod },
  { method: 'POST', pattern: '/v1/payment_methods/:payment_method/detach', handler: detachPaymentMethod },
  { method: 'GET', pattern: '/v1/customers/:customer/payment_methods', handler: listCustomerPaymentMethods },
];
