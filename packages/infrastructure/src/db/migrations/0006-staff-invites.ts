// Staff invitations: an invited user has no password yet and a one-time link (its hash here) that
// expires after 7 days.
import { Migration } from '@mikro-orm/migrations';

const statements = [
  `alter table users add column invite_token_hash text`,
  `alter table users add column invite_expires_at timestamptz`,
  `create unique index users_invite_token_idx on users (invite_token_hash) where invite_token_hash is not null`,
];

export class Migration0006StaffInvites extends Migration {
  override name = '0006-staff-invites';

  override up(): void {
    for (const sql of statements) this.addSql(sql);
  }
}
