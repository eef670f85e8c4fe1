// The /go guess throttle as a rate (GCRA, one timestamp per client address) instead of a lockout:
// a client that opens unknown codes may do so in a burst and then at a steady trickle, and the
// restriction wears off by itself. Shared by every web process. Not tenant-owned: the client is
// throttled before any link — and so any clinic — is known.
import { Migration } from '@mikro-orm/migrations';

export class Migration0009ShortCodeGuesses extends Migration {
  override name = '0009-short-code-guesses';

  override up(): void {
    this.addSql(`create table short_code_guesses (
      key text primary key,
      theoretical_arrival_at timestamptz not null
    )`);
    // Earlier counters of unknown codes lived with the sign-in throttle; they mean nothing now.
    this.addSql(`delete from auth_throttle where key like 'go-miss:%'`);
  }
}
