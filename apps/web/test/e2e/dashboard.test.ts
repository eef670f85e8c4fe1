// Staff pages in a real browser, desktop and phone: sign in, the links list, one link's detail with
// its analytics and timeline, cancel it, and the analytics page. Screenshots go to test-artifacts/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { createLink, startStack, type Stack } from './stack.ts';

let stack: Stack;
let browser: Browser;
let linkId: string;

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const created = await createLink(stack, { sendVia: ['email'] });
  linkId = created.id;
  // The patient opens it twice from a phone (the payment page itself isn't needed here).
  const code = created.shortUrl.split('/').pop();
  for (let i = 0; i < 2; i += 1)
    await fetch(`${stack.base}/go/${code}?via=e`, {
      redirect: 'manual',
      headers: { 'user-agent': PHONE_UA },
    });
  await stack.c.clicks.flush();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${stack.base}/sign-in`);
  await page.getByLabel('Email').fill(stack.demo.email);
  await page.getByLabel('Password').fill(stack.demo.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard/);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('staff dashboard', () => {
  it('lists links, shows one with its opens and timeline, and cancels it', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Links' }).click();
    await page.waitForURL(/\/dashboard\/links/);
    await expect.poll(() => page.getByRole('cell', { name: '$150.00' }).count()).toBeGreaterThan(0);
    await shot(page, 'dashboard-links-desktop');

    await page.goto(`${stack.base}/dashboard/links/${linkId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Pending');
    const opened = page.locator('.stat', { hasText: 'Opened' });
    expect(await opened.textContent()).toContain('2');
    expect(await opened.textContent()).toContain('1 visitor');
    expect(await page.getByText('Consultation').count()).toBe(1);
    expect(await page.locator('.timeline li', { hasText: 'Opened' }).count()).toBe(2);
    await shot(page, 'dashboard-link-detail-desktop');

    await page.waitForLoadState('networkidle'); // hydrated: the click is the app's, not a half-loaded page's
    await page.getByRole('button', { name: 'Cancel link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('cancelled');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Cancelled');
    expect(await page.getByRole('button', { name: 'Cancel link' }).count()).toBe(0);
  });

  it('shows the analytics for a range and names a bad date next to the field', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.waitForURL(/\/dashboard\/analytics/);
    const created = page.locator('.stat', { hasText: 'Links created' });
    expect(
      Number((await created.locator('.stat-value').textContent())?.replace(/,/g, '')),
    ).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole('row', { name: /Email/ }).count()).toBe(1);
    await shot(page, 'dashboard-analytics-desktop');

    await page.goto(`${stack.base}/dashboard/analytics?from=2026-02-30`);
    expect(await page.locator('#from-error').textContent()).toContain('must be a date');
    expect(await page.getByLabel('From').getAttribute('aria-invalid')).toBe('true');
  });

  it('works on a phone-sized screen', async () => {
    const page = await signedIn({ width: 375, height: 812 });
    await page.goto(`${stack.base}/dashboard/links/${linkId}`);
    // Nothing wider than the screen: no sideways scrolling of the page itself.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'dashboard-link-detail-phone');
    await page.goto(`${stack.base}/dashboard/analytics`);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot(page, 'dashboard-analytics-phone');
  });
});
