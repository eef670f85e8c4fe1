// Money columns become bigint. Every stored value is kept as it is (an integer widens to bigint
// exactly); the check constraints (non-negative, refunds at most the amount, an amount above zero on
// checkout links) and the defaults stay, and the indexes that include these columns are rebuilt.
import { Migration } from '@mikro-orm/migrations';

export const MONEY_COLUMNS = [
  ['payment_links', 'amount_minor'],
  ['payment_links', 'refunded_minor'],
  ['payments', 'amount_minor'],
  ['payments', 'refunded_minor'],
] as const;

export class Migration0011MoneyBigint extends Migration {
  override name = '0011-money-bigint';

  override up(): void {
    this.addSql(
      `alter table payment_links alter column amount_minor type bigint, alter column refunded_minor type bigint`,
    );
    this.addSql(
      `alter table payments alter column amount_minor type bigint, alter column refunded_minor type bigint`,
    );
  }
}
