// Every migration, in order. A list (not a folder glob) so bundlers and type-stripping Node agree.
import { Migration0001InitialSchema } from './0001-initial-schema.ts';
import { Migration0002Payments } from './0002-payments.ts';

export const MIGRATIONS = [
  { name: '0001-initial-schema', class: Migration0001InitialSchema },
  { name: '0002-payments', class: Migration0002Payments },
];
