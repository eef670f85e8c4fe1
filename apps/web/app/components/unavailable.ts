// What patients and staff read while our database can't be reached: the root error boundary's page
// and the server's fallback page (apps/web/server/errors.ts) say the same words.
export const UNAVAILABLE_TITLE = 'We can’t reach our system right now';
export const UNAVAILABLE_TEXT = 'Please try again in a minute.';
