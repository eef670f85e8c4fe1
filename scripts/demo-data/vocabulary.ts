// The demo data's vocabulary: names, phone area codes, line items, the user agents clicks come
// from and how often by channel, office hours, and the provider failure codes and messages the
// application stores. Plain data; parameters.ts hands it to PostgreSQL as arrays.

export const FIRST_NAMES = (
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard ' +
  'Susan Joseph Jessica Thomas Sarah Carlos Karen Daniel Lisa Matthew Nancy Anthony Sandra Mark Ashley ' +
  'Luis Emily Kevin Michelle Brian Maria George Amanda Wei Priya Ahmed Fatima Hiroshi Aisha Mateo ' +
  'Sofia Noah Olivia Liam Emma Ethan Ava'
).split(' ');

export const LAST_NAMES = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez ' +
  'Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark ' +
  'Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams ' +
  'Nelson Baker Hall Rivera Campbell Mitchell Carter Patel Chen Kim Novak Haddad'
).split(' ');

/** Chicago-area codes; numbers are 555 exchanges, e.g. +13125550123. */
export const AREA_CODES = ['312', '773', '872', '630', '847', '708', '224', '331'];

export const ITEM_NAMES = (
  'Office visit, Copay, Annual physical, Follow-up visit, Lab work, Blood panel, X-ray, Ultrasound, ' +
  'Physical therapy session, Consultation, Vaccination, Flu shot, Allergy testing, Dental cleaning, ' +
  'Filling, Crown, Orthodontic adjustment, Eye exam, Contact lens fitting, Dermatology consultation, ' +
  'Minor procedure, Telehealth visit, Prescription refill, Outstanding balance, Deductible balance, ' +
  'Medical records fee'
).split(', ');

export type UserAgent = {
  /** iPhone Safari, Android Chrome, Samsung Internet, iPad, Windows Chrome/Edge/Firefox, Mac Safari/Chrome. */
  ua: string;
  /** Relative weights by the channel the visitor came through: SMS is read on phones. */
  weight: { sms: number; email: number; direct: number };
};

export const USER_AGENTS: UserAgent[] = [
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    weight: { sms: 46, email: 24, direct: 30 },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    weight: { sms: 26, email: 12, direct: 20 },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 14; SM-S921U) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
    weight: { sms: 8, email: 3, direct: 5 },
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
    weight: { sms: 5, email: 3, direct: 4 },
  },
  {
    ua: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    weight: { sms: 3, email: 6, direct: 5 },
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    weight: { sms: 1, email: 2, direct: 1 },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    weight: { sms: 4, email: 22, direct: 16 },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
    weight: { sms: 2, email: 12, direct: 7 },
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    weight: { sms: 2, email: 8, direct: 6 },
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    weight: { sms: 1, email: 4, direct: 3 },
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
    weight: { sms: 1, email: 3, direct: 2 },
  },
];

/** Link-preview fetchers and crawlers: all recognised by detectBot (isbot). */
export const BOT_USER_AGENTS = [
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'WhatsApp/2.24.12.78 A',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Twitterbot/1.0',
];

/** Relative link-creation volume by local hour: office hours, a lunch dip, little at night. */
export const HOUR_WEIGHTS = [
  0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 0.6, 1.5, 2.2, 2.4, 2.3, 1.8, 2.0, 2.3, 2.2, 2.0, 1.5, 0.8, 0.5,
  0.35, 0.25, 0.15, 0.08,
];

/** Stripe decline codes as the app stores them (declineCode ?? code), common ones repeated. */
export const PAYMENT_FAILURES: Array<[string, string]> = [
  ['card_declined', 'Your card was declined.'],
  ['card_declined', 'Your card was declined.'],
  ['card_declined', 'Your card was declined.'],
  ['insufficient_funds', 'Your card has insufficient funds.'],
  ['insufficient_funds', 'Your card has insufficient funds.'],
  ['expired_card', 'Your card has expired.'],
  ['incorrect_cvc', "Your card's security code is incorrect."],
  ['authentication_required', 'Your card was declined. This transaction requires authentication.'],
  ['processing_error', 'An error occurred while processing your card. Try again in a little bit.'],
];

export const SMS_FAILED: Array<[string, string]> = [
  ['21211', "The 'To' number is not a valid phone number."],
  ['21610', 'Attempt to send to unsubscribed recipient'],
];
export const SMS_UNDELIVERED: Array<[string, string]> = [
  ['30003', 'Unreachable destination handset'],
  ['30005', 'Unknown destination handset'],
  ['30006', 'Landline or unreachable carrier'],
  ['30007', 'Message filtered by the carrier'],
];
export const EMAIL_FAILED: Array<[string, string]> = [
  ['invalid_recipient', 'The email address was rejected'],
];
export const EMAIL_UNDELIVERED: Array<[string, string]> = [
  ['bounce', '550 5.1.1 The email account that you tried to reach does not exist'],
  ['dropped', 'Bounced Address'],
];

export const CARD_BRANDS = ['visa', 'visa', 'mastercard', 'amex', 'discover'];
