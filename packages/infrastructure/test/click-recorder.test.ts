// The click buffer behind /go/:code (ARCHITECTURE.md decision 12): bounded — redirects wait for room
// instead of memory growing — with nothing lost under load, concurrent writes that never deadlock,
// and a database that is down or hanging costing a redirect at most `maxWaitMs`, never an error.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type DemoCredentials } from '@clinicpay/standins/dev';
import { createTestContainer, type TestContainer } from '@clinicpay/standins/testing';
import { ClickRecorder, type Click } from '../src/links/click-recorder.ts';

let c: TestContainer;
let demo: DemoCredentials;

beforeAll(async () => {
  c = await createTestContainer({ now: new Date('2026-03-20T15:00:00Z'), cuttableDatabase: true });
  demo = await seedDemoData(c, undefined);
});
afterAll(async () => {
  await c.dropDatabase();
});

async function insertLinks(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const id of ids) {
    await c.pool.query(
      `insert into payment_links (id, organization_id, provider_id, patient_id, type, status, currency, amount_minor,
         line_items, short_code, expires_at, session_count, created_at, updated_at)
       select $1, p.organization_id, v.id, p.id, 'CHECKOUT', 'ACTIVE', 'USD', 5000, '[]'::jsonb, $2,
              now() + interval '3 days', 0, now(), now()
         from patients p join providers v on v.organization_id = p.organization_id
        where p.organization_id = $3 limit 1`,
      [id, randomUUID().replace(/-/g, '').slice(0, 15), demo.organizationId],
    );
  }
  return ids;
}

const clickOf = (linkId: string, i: number): Click => ({
  linkId,
  organizationId: demo.organizationId,
  at: new Date(Date.UTC(2026, 2, 20, 15, 0, 0, i)),
  method: 'GET',
  ip: `198.51.100.${i % 200}`,
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148 Safari/604.1',
  referrer: null,
  channel: i % 2 ? 'sms' : 'email',
  isBot: false,
  botReason: null,
  redirected: true,
});

async function rowsFor(linkIds: string[]) {
  const { rows } = await c.pool.query<{ link_id: string; raw: number; counted: number }>(
    `select l.id as link_id, (select count(*)::int from payment_link_clicks k where k.link_id = l.id) as raw,
            l.click_count as counted
       from payment_links l where l.id = any($1::uuid[])`,
    [linkIds],
  );
  return rows;
}

describe('the click recorder', () => {
  it('never holds more than maxBuffered clicks: redirects wait for room, and none is lost', async () => {
    const [linkId] = await insertLinks(1);
    const errors: Error[] = [];
    const recorder = new ClickRecorder(c.pool, (e) => errors.push(e), {
      maxBuffered: 200,
      maxBatch: 100,
      // Long enough for the whole backlog on a busy machine: this test is about waiting, not dropping.
      maxWaitMs: 60_000,
    });
    let waited = 0;
    let peak = 0;
    const accepted: Array<Promise<void>> = [];
    // 3,000 redirects arriving together, far faster than the database takes them.
    for (let i = 0; i < 3000; i += 1) {
      const admitted = recorder.record(clickOf(linkId!, i));
      let settled = false;
      void admitted.then(() => (settled = true));
      await Promise.resolve();
      if (!settled) waited += 1;
      peak = Math.max(peak, recorder.stats().buffered);
      accepted.push(admitted);
    }
    expect(peak).toBeLessThanOrEqual(200);
    expect(waited).toBeGreaterThan(2000);
    expect(recorder.stats().waiting).toBeGreaterThan(0);
    await Promise.all(accepted);
    await recorder.flush();
    expect(errors).toEqual([]);
    expect(recorder.stats()).toEqual({ buffered: 0, waiting: 0, written: 3000, dropped: 0 });
    expect(await rowsFor([linkId!])).toEqual([{ link_id: linkId, raw: 3000, counted: 3000 }]);
  });

  it('writes two batches at once over the same links without deadlocks or lost counts', async () => {
    const links = await insertLinks(40);
    const errors: Error[] = [];
    const recorder = new ClickRecorder(c.pool, (e) => errors.push(e), {
      maxBuffered: 400,
      maxBatch: 50,
      maxInFlight: 2,
      maxWaitMs: 60_000,
    });
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const all: Array<Promise<void>> = [];
    for (let i = 0; i < 4000; i += 1)
      all.push(recorder.record(clickOf(links[Math.floor(random() * 40)]!, i)));
    await Promise.all(all);
    await recorder.flush();
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(recorder.stats()).toMatchObject({ buffered: 0, written: 4000, dropped: 0 });
    const rows = await rowsFor(links);
    expect(rows.reduce((n, r) => n + r.raw, 0)).toBe(4000);
    for (const row of rows) expect(row.counted).toBe(row.raw);
  });

  it('drops and counts clicks while the database is down, never failing a redirect, and writes again after', async () => {
    const [linkId] = await insertLinks(1);
    const lost: number[] = [];
    const recorder = new ClickRecorder(c.pool, (_e, n) => lost.push(n), { maxBuffered: 50, maxWaitMs: 300 });
    await c.databaseProxy!.cut();
    try {
      const started = Date.now();
      await Promise.all(Array.from({ length: 500 }, (_, i) => recorder.record(clickOf(linkId!, i))));
      await recorder.flush();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(recorder.stats()).toMatchObject({ buffered: 0, waiting: 0, written: 0, dropped: 500 });
      expect(lost.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(500);
    } finally {
      await c.databaseProxy!.restore();
    }
    for (let i = 0; i < 10; i += 1) await recorder.record(clickOf(linkId!, i));
    await recorder.flush();
    expect(recorder.stats()).toMatchObject({ written: 10, dropped: 500 });
    expect(await rowsFor([linkId!])).toEqual([{ link_id: linkId, raw: 10, counted: 10 }]);
  });

  it('lets a redirect wait at most maxWaitMs when the database hangs', async () => {
    // A "database" that accepts connections and never answers.
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => void sockets.add(s.on('error', () => {})));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const pool = new pg.Pool({ host: '127.0.0.1', port: (silent.address() as AddressInfo).port, max: 2 });
    pool.on('error', () => {});
    const recorder = new ClickRecorder(pool, () => {}, { maxBuffered: 20, maxWaitMs: 200, maxBatch: 10 });
    try {
      const started = Date.now();
      const waits = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const t0 = Date.now();
          await recorder.record(clickOf(randomUUID(), i));
          return Date.now() - t0;
        }),
      );
      expect(Math.max(...waits)).toBeLessThan(1_000);
      expect(Date.now() - started).toBeLessThan(1_500);
      // The 20 in the buffer stay there (the writes hang); the 80 that found no room were dropped.
      expect(recorder.stats()).toEqual({ buffered: 20, waiting: 0, written: 0, dropped: 80 });
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
      await recorder.flush();
      await pool.end();
    }
  });
});
