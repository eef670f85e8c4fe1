// The patient's "ask the clinic for a new link" on an expired and on a cancelled link, in a real
// browser on a phone: the page is served with `Referrer-Policy: no-referrer`, so Chromium submits the
// form with `Origin: null` — the button must work all the same, and the link's provider must get the
// notice (once, however often the button is pressed).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expireDueLinks } from '@clinicpay/domain';
import { ARTIFACTS, launchBrowser, newPhonePage, signIn, watchProblems } from './browser.ts';
import { createLink, startStack, type Stack } from './stack.ts';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const codeOf = (shortUrl: string) => shortUrl.split('/').pop()!;

/** A link that expired by itself: valid one hour, the clock moved past it, the sweep ran. */
async function expiredLink() {
  const link = await createLink(stack, { amount: 80, items: undefined, expiresIn: 1 });
  const now = stack.c.clock.now();
  stack.c.clock.advance(2 * 3_600_000);
  try {
    await expireDueLinks(stack.c.paymentDeps());
  } finally {
    stack.c.clock.set(now);
  }
  return { id: link.id, code: codeOf(link.shortUrl) };
}

async function cancelledLink() {
  const link = await createLink(stack, { amount: 80, items: undefined });
  const res = await fetch(`${stack.base}/api/billing/links/${link.id}/cancel`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.demo.apiKey}` },
  });
  if (!res.ok) throw new Error(`cancelling the link answered ${res.status}`);
  return { id: link.id, code: codeOf(link.shortUrl) };
}

/** What the clinic was told about this link's patient asking for a new one, and who was told. */
async function notices(linkId: string) {
  return stack.c
    .scope()
    .em.execute<Array<{ type: string; email: string | null }>>(
      `select n.type, u.email from notifications n left join users u on u.id = n.user_id where n.link_id = ? and n.type = 'new_link_requested' order by n.created_at`,
      [linkId],
    );
}

async function watchedPhone(): Promise<{ page: Page; problems: string[] }> {
  const page = await newPhonePage(browser);
  return { page, problems: watchProblems(page) };
}

describe('asking the clinic for a new link, in a browser', () => {
  for (const kind of ['expired', 'cancelled'] as const) {
    it(`works on a phone for ${kind === 'expired' ? 'an expired' : 'a cancelled'} link, and the link's provider gets the notice`, async () => {
      const link = kind === 'expired' ? await expiredLink() : await cancelledLink();
      const { page, problems } = await watchedPhone();
      const requests: Array<{ origin: string | undefined; referer: string | undefined }> = [];
      page.on('request', (r) => {
        if (r.method() === 'POST')
          requests.push({ origin: r.headers().origin, referer: r.headers().referer });
      });
      await page.goto(`${stack.base}/go/${link.code}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        kind === 'expired' ? 'This payment link has expired' : 'This payment link was cancelled',
      );
      await page.screenshot({ path: path.join(ARTIFACTS, `patient-${kind}-phone.png`), fullPage: true });

      await page.getByRole('button', { name: 'Ask Riverside Family Clinic for a new link' }).click();
      await page.waitForURL(/requested=1$/);
      expect(await page.getByRole('status').textContent()).toBe(
        'Riverside Family Clinic has been asked to send you a new link.',
      );
      await page.screenshot({
        path: path.join(ARTIFACTS, `patient-${kind}-requested-phone.png`),
        fullPage: true,
      });
      // The browser really did send what made it fail: no referrer, an opaque origin.
      expect(requests).toEqual([{ origin: 'null', referer: undefined }]);
      expect(problems).toEqual([]);
      expect(await notices(link.id)).toEqual([
        { type: 'new_link_requested', email: stack.demo.providerLogin.email },
      ]);

      // Opened again later, the page remembers: no second button, the same confirmation.
      await page.goto(`${stack.base}/go/${link.code}`);
      expect(await page.getByRole('button').count()).toBe(0);
      expect(await page.getByRole('status').textContent()).toContain('has been asked');
    });
  }

  it("shows the request in the provider's notifications", async () => {
    const link = await expiredLink();
    const { page } = await watchedPhone();
    await page.goto(`${stack.base}/go/${link.code}`);
    await page.getByRole('button', { name: /Ask .* for a new link/ }).click();
    await page.waitForURL(/requested=1$/);

    const provider = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(provider, stack.base, stack.demo.providerLogin.email, stack.demo.providerLogin.password);
    await provider.goto(`${stack.base}/dashboard/notifications`);
    expect(await provider.getByText('A patient asked for a new payment link').count()).toBeGreaterThanOrEqual(
      1,
    );
  });

  it('a script pressing the button 1,000 times makes one notice, and never an error', async () => {
    const link = await cancelledLink();
    const statuses = new Map<number, number>();
    const press = async () => {
      const res = await fetch(`${stack.base}/go/${link.code}/request`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' },
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    };
    for (let batch = 0; batch < 50; batch += 1) await Promise.all(Array.from({ length: 20 }, press));
    expect(Object.fromEntries(statuses)).toEqual({ 303: 1000 });
    expect(await notices(link.id)).toEqual([
      { type: 'new_link_requested', email: stack.demo.providerLogin.email },
    ]);
  });

  it('answers an unknown code exactly as a real one, so the button is no way to test guesses', async () => {
    const before = await stack.c
      .scope()
      .em.execute<Array<{ n: string }>>(`select count(*) as n from notifications`);
    const res = await fetch(`${stack.base}/go/zzzzzzzzzzzzzzz/request`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'null' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/go/zzzzzzzzzzzzzzz?requested=1');
    const after = await stack.c
      .scope()
      .em.execute<Array<{ n: string }>>(`select count(*) as n from notifications`);
    expect(after).toEqual(before);
  });
});
