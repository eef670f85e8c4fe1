// For tests: what a patient does on the sandbox's hosted checkout page, over plain HTTP.
export const TEST_CARDS = {
  success: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
} as const;

/** Submits the hosted page's form; returns the response (303 to success_url when it went through). */
export async function submitCard(
  sessionUrl: string,
  cardNumber: string,
  expiry = '12 / 34',
): Promise<Response> {
  return fetch(sessionUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      card_number: cardNumber,
      card_expiry: expiry,
      card_cvc: '123',
      cardholder_name: 'Test Patient',
      postal_code: '10001',
    }),
  });
}
