// The patient entry point's hot lookup: short code → where to send the patient, cached for a
// moment. Only links that are plainly payable right now (ACTIVE, not expired, a session with time
// left) are answered here; everything else goes to the full OpenLink use case.
import type pg from 'pg';

export type RedirectTarget = { linkId: string; organizationId: string; url: string; validUntil: number };

// The pool is MikroORM's, which leaves timestamps as strings.
type Row = {
  id: string;
  organization_id: string;
  status: string;
  expires_at: string | Date;
  stripe_session_url: string | null;
  stripe_session_expires_at: string | Date | null;
};

const CACHE_TTL_MS = 2_000;
const SESSION_MARGIN_MS = 2 * 60_000;
const MAX_ENTRIES = 50_000;

export class FastLinkLookup {
  private readonly cache = new Map<string, { target: RedirectTarget | null; fetchedAt: number }>();
  private readonly pool: pg.Pool;
  private readonly allowedHosts: Set<string>;

  constructor(pool: pg.Pool, allowedRedirectHosts: string[]) {
    this.pool = pool;
    this.allowedHosts = new Set(allowedRedirectHosts);
  }

  /** A redirect target if the link can be paid right now with its current session, else null. */
  async redirectFor(shortCode: string, nowMs: number): Promise<RedirectTarget | null> {
    const cached = this.cache.get(shortCode);
    if (cached && nowMs - cached.fetchedAt < CACHE_TTL_MS) {
      return cached.target && cached.target.validUntil > nowMs ? cached.target : null;
    }
    const { rows } = await this.pool.query<Row>(
      `select id, organization_id, status, expires_at, stripe_session_url, stripe_session_expires_at
         from payment_links where short_code = $1`,
      [shortCode],
    );
    const row = rows[0];
    let target: RedirectTarget | null = null;
    if (row && row.status === 'ACTIVE' && row.stripe_session_url && row.stripe_session_expires_at) {
      const validUntil = Math.min(
        new Date(row.expires_at).getTime(),
        new Date(row.stripe_session_expires_at).getTime() - SESSION_MARGIN_MS,
      );
      if (validUntil > nowMs && this.isAllowed(row.stripe_session_url)) {
        target = {
          linkId: row.id,
          organizationId: row.organization_id,
          url: row.stripe_session_url,
          validUntil,
        };
      }
    }
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(shortCode, { target, fetchedAt: nowMs });
    return target;
  }

  /**
   * Listens for `payment_link_changed` (a trigger on payment_links) so a link paid, cancelled or
   * renewed by any process stops being served from this cache at once. Returns a stop function.
   */
  async listen(onError: (error: Error) => void): Promise<() => Promise<void>> {
    let stopped = false;
    /** The listening connection, and how to give it back. */
    let current: { connection: pg.PoolClient; drop: (error?: Error) => void } | null = null;
    const retry = () => {
      if (!stopped) setTimeout(() => void connect(), 1_000).unref();
    };
    const connect = async () => {
      if (stopped) return;
      let connection: pg.PoolClient | null = null;
      let released = false;
      // Back to the pool exactly once, whichever comes first: the connection's error event, a
      // failed LISTEN (the database went away in between), or stop(). A client never released
      // keeps the pool — and so shutdown — waiting for ever.
      const drop = (error?: Error) => {
        if (released || !connection) return;
        released = true;
        if (current?.connection === connection) current = null;
        connection.release(error);
      };
      try {
        connection = await this.pool.connect();
        if (stopped) return drop();
        connection.on('notification', (message) => {
          if (message.payload) this.cache.delete(message.payload);
        });
        connection.on('error', (error) => {
          // Missed notifications are possible while reconnecting: forget everything.
          this.cache.clear();
          onError(error);
          drop(error);
          retry();
        });
        await connection.query('listen payment_link_changed');
        if (released) return;
        current = { connection, drop };
        // stop() may have run while LISTEN was on its way.
        if (stopped) drop();
      } catch (error) {
        if (released) return; // the error event has already reported it and scheduled a retry
        this.cache.clear();
        onError(error as Error);
        drop(error as Error);
        retry();
      }
    };
    await connect();
    return async () => {
      stopped = true;
      const listening = current;
      if (listening) {
        await listening.connection.query('unlisten payment_link_changed').catch(() => {});
        listening.drop();
      }
    };
  }

  /** Forget a code (its link changed in this process). */
  invalidate(shortCode: string): void {
    this.cache.delete(shortCode);
  }

  /** Only the payment provider's checkout host (decision 7): never an open redirect. */
  isAllowed(url: string): boolean {
    try {
      const parsed = new URL(url);
      return (
        (parsed.protocol === 'https:' || parsed.protocol === 'http:') && this.allowedHosts.has(parsed.host)
      );
    } catch {
      return false;
    }
  }
}
