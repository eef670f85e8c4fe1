// Bad input from outside (issue #10, item 11): each case that used to answer 500 (or drop the
// connection, or quietly do nothing) is a 4xx naming the field, and changes nothing.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemo, type Served } from './serve.ts';

let s: Served;
beforeAll(async () => {
  s = await serveDemo();
});
afterAll(async () => {
  await s?.close();
});

type Answer = { status: number; body: { error?: { code: string; fieldErrors?: Array<{ field: string }> } } };

async function rest(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${s.demo.apiKey}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: Answer['body'] = {};
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed };
}

const fields = (a: Answer) => (a.body.error?.fieldErrors ?? []).map((f) => f.field);

async function countLinks(): Promise<number> {
  const rows = await s.c
    .scope()
    .em.execute<Array<{ n: string }>>(`select count(*) as n from payment_links where organization_id = ?`, [
      s.demo.organizationId,
    ]);
  return Number(rows[0]!.n);
}

async function patientRow(id: string) {
  const rows = await s.c.scope().em.execute(`select * from patients where id = ?`, [id]);
  return rows[0];
}

async function activeLinkId(): Promise<string> {
  const created = await rest('POST', '/api/billing/checkout-link', {
    patientId: s.demo.patientIds[0],
    amount: 25,
  });
  expect(created.status).toBe(201);
  return (created.body as unknown as { id: string }).id;
}

describe('a NUL byte (or another control character) in text', () => {
  it.each([
    ['description', { description: 'Visit\u0000' }],
    ['customMessage', { customMessage: 'Hi\u0000there' }],
    ['description', { description: 'bell\u0007' }],
  ])('in a new link’s %s is a 422 naming it, and no link is made', async (field, extra) => {
    const before = await countLinks();
    const res = await rest('POST', '/api/billing/checkout-link', {
      patientId: s.demo.patientIds[0],
      amount: 10,
      ...extra,
    });
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual([field]);
    expect(await countLinks()).toBe(before);
  });

  it('in a send’s message text is a 422 naming customMessage', async () => {
    const id = await activeLinkId();
    const res = await rest('POST', `/api/billing/links/${id}/send`, {
      channels: ['email'],
      customMessage: 'Please pay\u0000',
    });
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual(['customMessage']);
  });

  it('in a patient’s name is a 422 naming it, and the patient is unchanged', async () => {
    const id = s.demo.patientIds[1]!;
    const before = await patientRow(id);
    const res = await rest('PATCH', `/api/patients/${id}`, { name: 'Jo\u0000rdan' });
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual(['name']);
    expect(await patientRow(id)).toEqual(before);
  });

  it('keeps line breaks where text may have them, and refuses them in a name', async () => {
    const ok = await rest('POST', '/api/billing/checkout-link', {
      patientId: s.demo.patientIds[0],
      amount: 10,
      description: 'Office visit\nLab work\ttwo tubes',
    });
    expect(ok.status).toBe(201);
    const name = await rest('PATCH', `/api/patients/${s.demo.patientIds[1]}`, { name: 'Jordan\nRivera' });
    expect(name.status).toBe(422);
    expect(fields(name)).toEqual(['name']);
  });

  it('in a search is a 422 naming q or query', async () => {
    const links = await rest('GET', '/api/billing/links?q=%00');
    expect(links.status).toBe(422);
    expect(fields(links)).toEqual(['q']);
    const patients = await rest('GET', '/api/patients?query=%00');
    expect(patients.status).toBe(422);
    expect(fields(patients)).toEqual(['query']);
  });
});

describe('dates out of any sane range', () => {
  it.each([
    ['/api/billing/links?from=0001-01-01', 'from'],
    ['/api/billing/links?to=9999-12-31', 'to'],
    ['/api/billing/analytics?from=0001-01-01&to=2026-01-01', 'from'],
    ['/api/billing/analytics?to=9999-12-31', 'to'],
    ['/api/billing/exports/links.csv?to=0001-01-01', 'to'],
    ['/api/billing/exports/payments.csv?to=0001-01-01', 'to'],
  ])('%s is a 422 naming %s', async (path, field) => {
    const res = await rest('GET', path);
    expect(res.status).toBe(422);
    expect(fields(res)).toEqual([field]);
  });
});

describe('query strings', () => {
  it('refuses a filter by an id that cannot be one, naming it', async () => {
    for (const field of ['providerId', 'patientId']) {
      const res = await rest('GET', `/api/billing/links?${field}=abc`);
      expect(res.status).toBe(422);
      expect(fields(res)).toEqual([field]);
    }
  });

  it('refuses a repeated or nested parameter instead of skipping its check', async () => {
    const repeated = await rest('GET', '/api/billing/links?status=ACTIVE&status=PAID');
    expect(repeated.status).toBe(422);
    expect(fields(repeated)).toEqual(['status']);
    const nested = await rest('GET', '/api/patients?limit[a]=1');
    expect(nested.status).toBe(422);
    expect(fields(nested)).toEqual(['limit']);
    const notANumber = await rest('GET', '/api/patients?limit=ten');
    expect(notANumber.status).toBe(422);
    expect(fields(notANumber)).toEqual(['limit']);
  });

  it('still reads ordinary filters, numbers included', async () => {
    const res = await rest('GET', '/api/billing/links?status=ACTIVE&limit=2&offset=0');
    expect(res.status).toBe(200);
    expect((res.body as unknown as { items: unknown[] }).items.length).toBeLessThanOrEqual(2);
  });
});

describe('PATCH /api/patients/:id with a body that is not an object of changes', () => {
  it.each([
    ['an array', JSON.stringify([{ name: 'X' }]), 'application/json', 422],
    ['an empty body', '', 'application/json', 422],
    ['an empty object', '{}', 'application/json', 422],
    ['text/plain', 'name=X', 'text/plain', 415],
  ])('%s is refused naming the body, and the patient is unchanged', async (_label, body, type, status) => {
    const id = s.demo.patientIds[2]!;
    const before = await patientRow(id);
    const res = await rest('PATCH', `/api/patients/${id}`, body, { 'content-type': type });
    expect(res.status).toBe(status);
    expect(fields(res)).toEqual([status === 415 ? 'Content-Type' : 'body']);
    expect(await patientRow(id)).toEqual(before);
  });

  it('a POST that takes JSON refuses another content type with 415', async () => {
    const before = await countLinks();
    const res = await rest('POST', '/api/billing/checkout-link', 'patientId=x&amount=10', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(fields(res)).toEqual(['Content-Type']);
    expect(await countLinks()).toBe(before);
  });
});

describe('webhook bodies over the limit', () => {
  it.each([
    '/webhooks/stripe',
    '/webhooks/twilio/status',
    '/webhooks/twilio/inbound',
    '/webhooks/sendgrid/events',
  ])('%s answers 413', async (path) => {
    const res = await fetch(`${s.base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': path.includes('twilio') ? 'application/x-www-form-urlencoded' : 'application/json',
      },
      body: 'a'.repeat(6 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });
});

describe('tRPC', () => {
  const trpc = (path: string, headers: Record<string, string>, body: string) =>
    fetch(`${s.base}/api/trpc/${path}`, {
      method: 'POST',
      headers: { cookie: s.adminCookie, ...headers },
      body,
    });

  it('refuses Origin: null (a sandboxed or privacy-stripped page) with 403', async () => {
    const res = await trpc(
      'apiKeys.create',
      { origin: 'null', 'content-type': 'application/json' },
      JSON.stringify({ name: 'x' }),
    );
    expect(res.status).toBe(403);
    const malformed = await trpc(
      'apiKeys.create',
      { origin: 'http://[::1', 'content-type': 'application/json' },
      JSON.stringify({ name: 'x' }),
    );
    expect(malformed.status).toBe(403);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await trpc('apiKeys.create', { 'content-type': 'text/plain' }, '{"name":"x"}');
    expect(res.status).toBe(415);
  });

  it('refuses a NUL in a procedure’s text with 422 naming the field', async () => {
    const res = await trpc(
      'messaging.setTemplate',
      { 'content-type': 'application/json' },
      JSON.stringify({ kind: 'payment_request', part: 'sms', body: 'Pay {{link}}\u0000' }),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { data: { fieldErrors: Array<{ field: string }> } } };
    expect(body.error.data.fieldErrors.map((f) => f.field)).toEqual(['body']);
  });
});

describe('dashboard pages', () => {
  const page = (path: string) => fetch(`${s.base}${path}`, { headers: { cookie: s.adminCookie } });

  it('answer 404 for a patient id that cannot be one', async () => {
    expect((await page('/dashboard/patients/not-a-uuid')).status).toBe(404);
  });

  it('answer a search with a control character with 422 and the page, not a 500', async () => {
    const res = await page('/dashboard/patients?q=%00');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Search patients by name, email or phone');
  });
});

describe('a request Node refuses before any route sees it', () => {
  /**
   * Sends a whole request on a raw connection, then reads only after a pause — as a busy client
   * does. A server that resets the connection after answering (Node's default for these) makes the
   * client lose the answer it had not read yet; one that closes gracefully lets it read the answer.
   */
  const slowReader = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const { port } = new URL(s.base);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(request);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); // busy elsewhere
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('latin1')));
        socket.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
      });
      socket.on('error', reject);
    });

  it('is answered 431 when its headers are too large, not cut off with a reset', async () => {
    const padding = 'x'.repeat(200_000);
    for (const request of [
      `GET /api/billing/links HTTP/1.1\r\nHost: x\r\nX-Padding: ${padding}\r\n\r\n`,
      `GET /api/trpc/auth.me?input=${padding} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ])
      expect(await slowReader(request)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    // …and the server keeps answering.
    expect((await rest('GET', '/api/providers')).status).toBe(200);
  });
});
