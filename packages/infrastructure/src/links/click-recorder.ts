// Click recording off the response path: clicks are buffered and written in one statement every
// few milliseconds (with the link's click count and, for redirects, the audit row), so the patient's
// redirect never waits for the database and an analytics failure never breaks a redirect.
import type pg from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { describeUserAgent, visitorHash } from './click-enrichment.ts';

export type Click = {
  linkId: string;
  organizationId: string;
  at: Date;
  method: string;
  ip: string | null;
  userAgent: string | null;
  referrer: string | null;
  channel: string | null;
  isBot: boolean;
  botReason: string | null;
  /** The click led to the payment page (audited as a click-through). */
  redirected: boolean;
};

const FLUSH_EVERY_MS = 25;
const MAX_BATCH = 1000;

export class ClickRecorder {
  private buffer: Click[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly pool: pg.Pool;
  private readonly onError: (error: Error, lost: number) => void;
  private readonly salts = new Map<string, string>();

  constructor(pool: pg.Pool, onError: (error: Error, lost: number) => void) {
    this.pool = pool;
    this.onError = onError;
  }

  record(click: Click): void {
    this.buffer.push(click);
    if (this.buffer.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes everything buffered so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  /** Today's salt (UTC day), made by whichever process needs it first. */
  private async saltFor(day: string): Promise<string> {
    const cached = this.salts.get(day);
    if (cached) return cached;
    await this.pool.query(`insert into visitor_salts (day, salt) values ($1, $2) on conflict do nothing`, [
      day,
      randomBytes(32).toString('hex'),
    ]);
    const { rows } = await this.pool.query<{ salt: string }>(
      `select salt from visitor_salts where day = $1`,
      [day],
    );
    const salt = rows[0]!.salt;
    if (this.salts.size > 4) this.salts.clear();
    this.salts.set(day, salt);
    return salt;
  }

  private async write(batch: Click[]): Promise<void> {
    const col = <T>(pick: (c: Click) => T) => batch.map(pick);
    try {
      const salts = new Map<string, string>();
      for (const c of batch) {
        const day = c.at.toISOString().slice(0, 10);
        if (!salts.has(day)) salts.set(day, await this.saltFor(day));
      }
      const facts = batch.map((c) => describeUserAgent(c.userAgent));
      // The link's click facts move in the same statement as the clicks, so they always equal the
      // raw rows: human clicks only; the last click's channel only while the link can be paid.
      await this.pool.query(
        `with inserted as (
           insert into payment_link_clicks
             (id, organization_id, link_id, created_at, method, ip_address, user_agent, referrer, channel, is_bot, bot_reason,
              device_type, browser, os, visitor_hash)
           select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[], $6::inet[], $7::text[],
                                $8::text[], $9::text[], $10::boolean[], $11::text[], $20::text[], $21::text[], $22::text[], $23::text[])
           returning link_id, organization_id, created_at, is_bot, coalesce(channel, 'direct') as channel
         ), counted as (
           update payment_links p set click_count = p.click_count + x.n,
                  last_clicked_at = greatest(coalesce(p.last_clicked_at, x.last_at), x.last_at),
                  first_clicked_at = least(coalesce(p.first_clicked_at, x.first_at), x.first_at),
                  clicked_via = array(select distinct v from unnest(p.clicked_via || x.channels) v order by v),
                  last_click_channel = case when p.status = 'ACTIVE' and x.last_at >= coalesce(p.last_clicked_at, '-infinity')
                                            then x.last_channel else p.last_click_channel end
             from (select link_id, count(*) as n, min(created_at) as first_at, max(created_at) as last_at,
                          array_agg(distinct channel) as channels,
                          (array_agg(channel order by created_at desc))[1] as last_channel
                     from inserted where not is_bot group by link_id) x
            where p.id = x.link_id
         )
         insert into audit_log (id, organization_id, actor_type, actor_id, action, entity_type, entity_id, occurred_at)
         select * from unnest($12::uuid[], $13::uuid[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::timestamptz[])`,
        [
          col(() => randomUUID()),
          col((c) => c.organizationId),
          col((c) => c.linkId),
          col((c) => c.at),
          col((c) => c.method),
          col((c) => c.ip),
          col((c) => c.userAgent?.slice(0, 1000) ?? null),
          col((c) => c.referrer?.slice(0, 1000) ?? null),
          col((c) => c.channel),
          col((c) => c.isBot),
          col((c) => c.botReason),
          ...auditColumns(batch.filter((c) => c.redirected && !c.isBot)),
          facts.map((f) => f.deviceType),
          facts.map((f) => f.browser),
          facts.map((f) => f.os),
          batch.map((c) =>
            visitorHash(
              salts.get(c.at.toISOString().slice(0, 10))!,
              c.ip,
              c.userAgent?.slice(0, 1000) ?? null,
            ),
          ),
        ],
      );
    } catch (error) {
      this.onError(error as Error, batch.length);
    }
  }
}

function auditColumns(clicks: Click[]): unknown[] {
  return [
    clicks.map(() => randomUUID()),
    clicks.map((c) => c.organizationId),
    clicks.map(() => 'system'),
    clicks.map(() => 'patient-link'),
    clicks.map(() => 'link.click_through'),
    clicks.map(() => 'payment_link'),
    clicks.map((c) => c.linkId),
    clicks.map((c) => c.at),
  ];
}
