// Regenerate looks up a link's replacements (at most one live one, and the one an Idempotency-Key
// made) under the source link's row lock: an index keeps that lookup off a scan of the clinic's links.
import { Migration } from '@mikro-orm/migrations';

export class Migration0010LinkReplacements extends Migration {
  override name = '0010-link-replacements';

  override up(): void {
    this.addSql(
      `create index payment_links_org_regenerated_from_idx on payment_links (organization_id, regenerated_from_link_id)
         where regenerated_from_link_id is not null`,
    );
  }
}
