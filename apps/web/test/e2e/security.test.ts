// The security headers in a real browser: every dashboard page loads, hydrates and works under its
// Content-Security-Policy with nothing blocked (no violation reported, no console error about it),
// the patient pages run no script at all, and signing in with a hostile `next=` lands on the
// dashboard of our own origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser.ts';
import { createLink, eventually, startStack, type Stack } from './stack.ts';

let stack: Stack;
let browser: Browser;
let linkId: string;
let cancelledCode: string;

const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** A page that records every CSP violation (in any frame), CSP console errors and uncaught errors. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation(t: string): void }).reportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { page, problems };
}

/** Waits for React to take over the page (Remix's router exists only once the bundle has run). */
async function hydrated(page: Page, problems: string[]) {
  try {
    await page.waitForFunction(
      () => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter),
      null,
      {
        timeout: 10_000,
      },
    );
  } catch {
    throw new Error(`${page.url()} did not hydrate: ${problems.join('; ') || 'no CSP report'}`);
  }
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  // A link sent by email (so the outbox shows an email in its frame), and a cancelled one.
  const sent = await createLink(stack, { sendVia: ['email'] });
  linkId = sent.id;
  const cancelled = await createLink(stack);
  cancelledCode = cancelled.shortUrl.split('/').pop()!;
  const res = await fetch(`${stack.base}/api/billing/links/${cancelled.id}/cancel`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.demo.apiKey}` },
  });
  if (!res.ok) throw new Error(`cancelling the link answered ${res.status}`);
  await eventually(async () => {
    const rows = await stack.c
      .scope()
      .em.execute(`select id from captured_messages where recipient = 'jordan.rivera@example.com'`);
    return rows.length > 0;
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('in Chromium', () => {
  it('signs in with a hostile next= and lands on our own dashboard', async () => {
    for (const next of ['/%09/evil.example', '/\\evil.example', '//evil.example', 'https://evil.example']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${stack.base}/sign-in?next=${next}`);
      await page.getByLabel('Email').fill(stack.demo.email);
      await page.getByLabel('Password').fill(stack.demo.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dashboard$/);
      expect(new URL(page.url()).origin, next).toBe(stack.base);
      await context.close();
    }
  });

  it('runs every dashboard page under its CSP with nothing blocked: hydrated, navigating, posting', async () => {
    const context = await browser.newContext({ userAgent: DESKTOP_UA });
    const { page, problems } = await watchedPage(context);
    await signIn(page, stack.base, stack.demo.email, stack.demo.password);
    for (const p of [
      '/dashboard',
      '/dashboard/links/new',
      '/dashboard/links',
      `/dashboard/links/${linkId}`,
      '/dashboard/bulk',
      '/dashboard/patients',
      `/dashboard/patients/${stack.demo.patientIds[0]}`,
      '/dashboard/cards',
      '/dashboard/payments',
      '/dashboard/analytics',
      '/dashboard/notifications',
      '/dashboard/templates',
      '/dashboard/settings',
      '/dashboard/staff',
      '/dev/outbox',
    ]) {
      const res = await page.goto(`${stack.base}${p}`, { waitUntil: 'networkidle' });
      expect(res?.status(), p).toBe(200);
      expect(res?.headers()['content-security-policy'], p).toContain("'nonce-");
      await hydrated(page, problems);
    }
    // Client-side navigation (route modules and data fetched by the router) and a form post.
    await page.goto(`${stack.base}/dashboard`, { waitUntil: 'networkidle' });
    await hydrated(page, problems);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Links' }).click();
    await page.waitForURL(/\/dashboard\/links$/);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.goto(`${stack.base}/dashboard/links/${linkId}`, { waitUntil: 'networkidle' });
    await hydrated(page, problems);
    await page.getByRole('button', { name: 'Cancel link' }).click();
    await page.getByRole('status').filter({ hasText: 'The link is cancelled' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000); // every dashboard page in turn: about 13 s on a quiet machine, twice that under load

  it('shows the patient pages with no script running and nothing blocked', async () => {
    const context = await browser.newContext({ userAgent: DESKTOP_UA });
    const { page, problems } = await watchedPage(context);
    const res = await page.goto(`${stack.base}/go/${cancelledCode}`, { waitUntil: 'networkidle' });
    expect(res?.headers()['content-security-policy']).toContain("script-src 'none'");
    await page.getByRole('heading', { name: 'This payment link was cancelled' }).waitFor();
    expect(await page.locator('script').count()).toBe(0);
    await page.goto(`${stack.base}/go/zzzzzzzzzzzzzzz`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'We couldn’t find this payment link' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
