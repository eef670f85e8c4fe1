// The product's core journey in a real browser on a phone-sized screen: a link created through the
// API is opened, paid on the (sandbox) Stripe page, the webhook arrives, the link shows paid.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, fillCard, launchBrowser, newPhonePage } from './browser.ts';
import { createLink, eventually, startStack, type Stack } from './stack.ts';

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

const newLink = () => createLink(stack, { amount: 150.0 });

const phonePage = () => newPhonePage(browser);

async function linkRow(id: string) {
  const rows = await stack.c
    .scope()
    .em.execute<Array<{ status: string; last_payment_failure_code: string | null }>>(
      `select status, last_payment_failure_code from payment_links where id = ?`,
      [id],
    );
  return rows[0]!;
}

describe('paying a link in a browser', () => {
  it('pays with 4242 on a phone: redirect, sandbox checkout, webhook, COMPLETED with a payment row', async () => {
    const link = await newLink();
    const page = await phonePage();
    await page.goto(link.shortUrl.replace(/^http:\/\/[^/]+/, stack.base));
    await expect.poll(() => page.url()).toContain('/checkout/cs_');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-checkout-phone.png'), fullPage: true });
    await expect.poll(() => page.getByText('Lab Work').count()).toBeGreaterThan(0);

    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: /Pay/ }).click();
    await page.waitForURL(/\/go\/[a-z2-9]{15}\/done$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'payment-done-phone.png'), fullPage: true });

    const row = await eventually(async () =>
      (await linkRow(link.id)).status === 'COMPLETED' ? linkRow(link.id) : null,
    );
    expect(row?.status).toBe('COMPLETED');
    const payments = await stack.c
      .scope()
      .em.execute(`select status, amount_minor from payments where link_id = ?`, [link.id]);
    expect(payments).toEqual([{ status: 'SUCCEEDED', amount_minor: 15000 }]);

    await page.goto(link.shortUrl.replace(/^http:\/\/[^/]+/, stack.base));
    await expect.poll(() => page.getByRole('heading', { name: 'This bill is paid' }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'link-paid-phone.png'), fullPage: true });
  });

  it('a declined card keeps the link ACTIVE, shows the decline, and records the failure', async () => {
    const link = await newLink();
    const page = await phonePage();
    await page.goto(link.shortUrl.replace(/^http:\/\/[^/]+/, stack.base));
    await expect.poll(() => page.url()).toContain('/checkout/cs_');
    await fillCard(page, '4000 0000 0000 0002');
    await page.getByRole('button', { name: /Pay/ }).click();
    await expect.poll(() => page.getByText(/declined/i).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-declined-phone.png'), fullPage: true });

    const row = await eventually(async () =>
      (await linkRow(link.id)).last_payment_failure_code ? linkRow(link.id) : null,
    );
    expect(row).toEqual({ status: 'ACTIVE', last_payment_failure_code: 'generic_decline' });
  });
});
