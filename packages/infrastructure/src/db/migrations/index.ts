// Every migration, in order. A list (not a folder glob) so bundlers and type-stripping Node agree.
import { Migration0001InitialSchema } from './0001-initial-schema.ts';
import { Migration0002Payments } from './0002-payments.ts';
import { Migration0003Messaging } from './0003-messaging.ts';
import { Migration0004Analytics } from './0004-analytics.ts';
import { Migration0005AnalyticsIndexes } from './0005-analytics-indexes.ts';
import { Migration0006StaffInvites } from './0006-staff-invites.ts';
import { Migration0007LinkListIndexes } from './0007-link-list-indexes.ts';
import { Migration0009ShortCodeGuesses } from './0009-short-code-guesses.ts';
import { Migration0010LinkReplacements } from './0010-link-replacements.ts';
import { Migration0011MoneyBigint } from './0011-money-bigint.ts';
import { Migration0012AccessPolicies } from './0012-access-policies.ts';

export const MIGRATIONS = [
  { name: '0001-initial-schema', class: Migration0001InitialSchema },
  { name: '0002-payments', class: Migration0002Payments },
  { name: '0003-messaging', class: Migration0003Messaging },
  { name: '0004-analytics', class: Migration0004Analytics },
  { name: '0005-analytics-indexes', class: Migration0005AnalyticsIndexes },
  { name: '0006-staff-invites', class: Migration0006StaffInvites },
  { name: '0007-link-list-indexes', class: Migration0007LinkListIndexes },
  { name: '0009-short-code-guesses', class: Migration0009ShortCodeGuesses },
  { name: '0010-link-replacements', class: Migration0010LinkReplacements },
  { name: '0011-money-bigint', class: Migration0011MoneyBigint },
  { name: '0012-access-policies', class: Migration0012AccessPolicies },
];
