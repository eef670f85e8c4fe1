// Regenerate over HTTP (issue #10, item 6): one link in, at most one live replacement out — under
// twenty concurrent calls too — and an Idempotency-Key that makes a repeat return the same link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemo, type Served } from './serve.ts';

let s: Served;
beforeAll(async () => {
  s = await serveDemo();
});
afterAll(async () => {
  await s?.close();
});

type Link = {
  id: string;
  status: string;
  shortUrl: string;
  duplicate?: boolean;
  regeneratedFromLinkId: string;
};

async function call(method: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${s.demo.apiKey}`, 'content-type': 'application/json', ...headers },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  return { status: res.status, body: (await res.json()) as Link & { error?: { fieldErrors: unknown[] } } };
}

async function cancelledLink(): Promise<string> {
  const res = await fetch(`${s.base}/api/billing/checkout-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.demo.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId: s.demo.patientIds[0], amount: 80, description: 'Physio' }),
  });
  const { id } = (await res.json()) as Link;
  expect((await call('POST', `/api/billing/links/${id}/cancel`)).status).toBe(200);
  return id;
}

async function replacementsOf(id: string) {
  return s.c.scope().em.execute<Array<{ id: string; status: string; stripe_session_id: string | null }>>(
    `select id, status, stripe_session_id from payment_links
        where organization_id = ? and regenerated_from_link_id = ?`,
    [s.demo.organizationId, id],
  );
}

const regenerate = (id: string, key?: string) =>
  call('POST', `/api/billing/links/${id}/regenerate`, key ? { 'idempotency-key': key } : {});

describe('POST /api/billing/links/:id/regenerate', () => {
  it('makes one payable link from twenty concurrent calls, and answers every one with it', async () => {
    const id = await cancelledLink();
    const answers = await Promise.all(Array.from({ length: 20 }, () => regenerate(id)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.body.duplicate).length).toBe(19);
    const rows = await replacementsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: [...ids][0], status: 'ACTIVE' });
    expect(rows[0]!.stripe_session_id).toMatch(/^cs_/);
  });

  it('with twenty concurrent calls under one Idempotency-Key, also makes one link', async () => {
    const id = await cancelledLink();
    const answers = await Promise.all(Array.from({ length: 20 }, () => regenerate(id, 'statement-42')));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(await replacementsOf(id)).toHaveLength(1);
  });

  it('returns the replacement a key made even after it ended; without the key, makes the next one', async () => {
    const id = await cancelledLink();
    const first = await regenerate(id, 'retry-me');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'ACTIVE', duplicate: false, regeneratedFromLinkId: id });
    expect((await call('POST', `/api/billing/links/${first.body.id}/cancel`)).status).toBe(200);

    const repeat = await regenerate(id, 'retry-me');
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ id: first.body.id, status: 'CANCELLED', duplicate: true });
    expect(await replacementsOf(id)).toHaveLength(1);

    // The first replacement was cancelled: a new call (no key, or another key) makes the next one,
    // and a call while that one is live returns it.
    const next = await regenerate(id);
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(first.body.id);
    const other = await regenerate(id, 'another-key');
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ id: next.body.id, status: 'ACTIVE', duplicate: true });
    const live = (await replacementsOf(id)).filter((r) => r.status === 'ACTIVE');
    expect(live.map((r) => r.id)).toEqual([next.body.id]);
  });

  it('refuses a key that is not one line of at most 255 characters, naming the header', async () => {
    const id = await cancelledLink();
    for (const key of ['x'.repeat(256), 'tab\tkey']) {
      const res = await regenerate(id, key);
      expect(res.status).toBe(422);
      expect(res.body.error?.fieldErrors).toEqual([
        { field: 'Idempotency-Key', message: expect.any(String) },
      ]);
    }
    expect(await replacementsOf(id)).toHaveLength(0);
  });

  it('still refuses to regenerate a link that can be paid', async () => {
    const res = await fetch(`${s.base}/api/billing/checkout-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: s.demo.patientIds[0], amount: 12 }),
    });
    const { id } = (await res.json()) as Link;
    expect((await regenerate(id)).status).toBe(409);
    expect(await replacementsOf(id)).toHaveLength(0);
  });
});
