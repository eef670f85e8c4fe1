// What staff read when the card processor says no. Never the processor's own sentence (it is for
// developers, sometimes names internal ids, and is logged by the adapter instead): words that say
// what happened and what to do, keyed by the processor's error code.
import { AppError } from '../../shared/app-error.ts';
import type { GatewayError } from '../payment-gateway.ts';

const NOTHING_CREATED = 'Nothing was created';

/** Stripe said the customer in the request does not exist (deleted there, or made elsewhere). */
export function isMissingCustomer(error: GatewayError): boolean {
  return error.kind === 'permanent' && error.code === 'resource_missing' && error.param === 'customer';
}

export const CUSTOMER_DELETED_MESSAGE =
  "The patient's payment profile at Stripe was deleted, so any card saved there is gone too. A new " +
  'profile was created: send the patient a card-update link to collect a card.';

export function gatewayFailure(error: GatewayError): AppError {
  if (error.kind === 'transient') {
    return AppError.providerTransient(
      `The card processor is not reachable right now. ${NOTHING_CREATED}; try again in a minute.`,
    );
  }
  switch (error.code) {
    case 'amount_too_small':
      return new AppError(
        'PROVIDER_PERMANENT',
        `The amount is below the smallest amount the card processor accepts (the equivalent of about 0.50 US dollars). ${NOTHING_CREATED}.`,
        { fieldErrors: [{ field: 'amount', message: 'Below the card processor’s minimum charge' }] },
      );
    case 'amount_too_large':
      return new AppError(
        'PROVIDER_PERMANENT',
        `The amount is above what the card processor accepts in one payment. ${NOTHING_CREATED}.`,
        { fieldErrors: [{ field: 'amount', message: 'Above the card processor’s maximum charge' }] },
      );
    case 'resource_missing':
      return AppError.providerPermanent(
        error.param === 'customer'
          ? `The patient's payment profile at Stripe is missing (it may have been deleted there). ${NOTHING_CREATED}; try again, and contact support if it happens again.`
          : `The card processor no longer has a record this request needs. ${NOTHING_CREATED}; if it happens again, contact support.`,
      );
    case 'authentication_error':
    case 'permission_error':
      return AppError.providerPermanent(
        `The card processor refused ClinicPay's key, so no payment request can be made. ${NOTHING_CREATED}; ask your administrator to check the Stripe settings.`,
      );
    default:
      return AppError.providerPermanent(
        `The card processor refused the request (${error.code}). ${NOTHING_CREATED}; check the amount and the patient's details, and contact support if it happens again.`,
      );
  }
}
