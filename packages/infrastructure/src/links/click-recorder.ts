// Click recording off the response path: clicks are buffered and written in batches (with the
// link's click count and, for redirects, the audit row, in the same statement), so the patient's
// redirect doesn't wait for the database and an analytics failure never breaks a redirect.
//
// The buffer is bounded (ARCHITECTURE.md decision 12). When redirects come faster than clicks can be
// written, a redirect waits for room (back-pressure: the redirect rate falls to the write rate and
// memory stays flat) — but never longer than `maxWaitMs`: then its click is dropped and counted, so
// a slow or unreachable database slows patients down by at most that much and never fails them.
// Shutdown flushes everything (container.close()). A crash loses what is buffered, at most
// `maxBuffered` clicks and usually a few milliseconds' worth; spilling to disk first would put a
// write on every redirect's path to save analytics rows, which is not worth it.
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

/** How far behind this process's recorder is: exposed by /readyz. */
export type ClickStats = {
  /** Accepted and not yet in the database (queued or being written). */
  buffered: number;
  /** Redirects waiting for room in the buffer right now. */
  waiting: number;
  /** Written since this process started. */
  written: number;
  /** Lost since this process started: the write failed, or no room came in time. */
  dropped: number;
};

export type ClickRecorderOptions = {
  /** Clicks held in memory at most, queued and being written (about 1 kB each). */
  maxBuffered: number;
  /** The longest a redirect waits for room before its click is dropped. */
  maxWaitMs: number;
  /** Largest batch per statement; a deep queue is written in fewer, larger statements. */
  maxBatch: number;
  /** Statements in flight at once. */
  maxInFlight: number;
  /** How long a click may wait for companions before a write starts. */
  flushEveryMs: number;
};

const DEFAULTS: ClickRecorderOptions = {
  maxBuffered: 10_000,
  maxWaitMs: 1_000,
  maxBatch: 4_000,
  maxInFlight: 2,
  flushEveryMs: 25,
};
const START_BATCH = 1000; // a write starts at once when this many are queued
const DONE = Promise.resolve();

type Waiter = { click: Click; resolve: () => void; timer: NodeJS.Timeout };

export class ClickRecorder {
  private queue: Click[] = [];
  private waiters: Waiter[] = [];
  private inFlight = 0; // clicks in statements under way
  private readonly writes = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private written = 0;
  private dropped = 0;
  private readonly pool: pg.Pool;
  private readonly onError: (error: Error, lost: number) => void;
  private readonly options: ClickRecorderOptions;
  private readonly salts = new Map<string, string>();

  constructor(
    pool: pg.Pool,
    onError: (error: Error, lost: number) => void,
    options: Partial<ClickRecorderOptions> = {},
  ) {
    this.pool = pool;
    this.onError = onError;
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Accepts a click for writing. Resolves at once while there is room; when the buffer is full,
   * once room is made (or after `maxWaitMs`, the click then dropped). Never rejects.
   */
  record(click: Click): Promise<void> {
    if (this.held() < this.options.maxBuffered) {
      this.queue.push(click);
      this.schedule();
      return DONE;
    }
    return new Promise<void>((resolve) => {
      const waiter: Waiter = {
        click,
        resolve,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          this.dropped += 1;
          resolve();
        }, this.options.maxWaitMs),
      };
      this.waiters.push(waiter);
      this.pump();
    });
  }

  stats(): ClickStats {
    return {
      buffered: this.held(),
      waiting: this.waiters.length,
      written: this.written,
      dropped: this.dropped,
    };
  }

  /** Writes everything accepted so far, waiting redirects' clicks included; resolves when done. */
  async flush(): Promise<void> {
    for (;;) {
      this.admitWaiters();
      this.pump();
      if (this.writes.size === 0) return;
      await Promise.race(this.writes);
    }
  }

  private held(): number {
    return this.queue.length + this.inFlight;
  }

  private schedule(): void {
    if (this.queue.length >= START_BATCH) this.pump();
    else this.timer ??= setTimeout(() => this.pump(), this.options.flushEveryMs);
  }

  /** Starts writes while there is something queued and a free slot. */
  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.length > 0 && this.writes.size < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += batch.length;
      const write: Promise<void> = this.write(batch).then((ok) => {
        this.inFlight -= batch.length;
        if (ok) this.written += batch.length;
        else this.dropped += batch.length;
        this.writes.delete(write);
        this.admitWaiters();
        if (this.queue.length > 0) this.schedule();
      });
      this.writes.add(write);
    }
  }

  /** Room was made: the longest-waiting redirects go first. */
  private admitWaiters(): void {
    while (this.waiters.length > 0 && this.held() < this.options.maxBuffered) {
      const waiter = this.waiters.shift()!;
      clearTimeout(waiter.timer);
      this.queue.push(waiter.click);
      waiter.resolve();
    }
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

  /** True when the batch is in the database; false when it was lost (and reported). */
  private async write(batch: Click[]): Promise<boolean> {
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
      // Two statements may be in flight: each locks its links in id order first (`locked`), so
      // two batches sharing links wait for each other instead of deadlocking.
      await this.pool.query(
        `with inserted as (
           insert into payment_link_clicks
             (id, organization_id, link_id, created_at, method, ip_address, user_agent, referrer, channel, is_bot, bot_reason,
              device_type, browser, os, visitor_hash)
           select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[], $6::inet[], $7::text[],
                                $8::text[], $9::text[], $10::boolean[], $11::text[], $20::text[], $21::text[], $22::text[], $23::text[])
           returning link_id, organization_id, created_at, is_bot, coalesce(channel, 'direct') as channel
         ), x as (
           select link_id, count(*) as n, min(created_at) as first_at, max(created_at) as last_at,
                  array_agg(distinct channel) as channels,
                  (array_agg(channel order by created_at desc))[1] as last_channel
             from inserted where not is_bot group by link_id
         ), locked as (
           select id from payment_links where id in (select link_id from x) order by id for update
         ), counted as (
           update payment_links p set click_count = p.click_count + x.n,
                  last_clicked_at = greatest(coalesce(p.last_clicked_at, x.last_at), x.last_at),
                  first_clicked_at = least(coalesce(p.first_clicked_at, x.first_at), x.first_at),
                  clicked_via = array(select distinct v from unnest(p.clicked_via || x.channels) v order by v),
                  last_click_channel = case when p.status = 'ACTIVE' and x.last_at >= coalesce(p.last_clicked_at, '-infinity')
                                            then x.last_channel else p.last_click_channel end
             from x join locked l on l.id = x.link_id
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
      return true;
    } catch (error) {
      this.onError(error as Error, batch.length);
      return false;
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
