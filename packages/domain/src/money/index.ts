// Money alone, for code that runs in the browser (the dashboard's live totals): the same parser and
// formatting as the server, without the rest of the domain in the bundle.
export * from './currency.ts';
export * from './money.ts';
export * from './money-error.ts';
export * from './parse-money.ts';
