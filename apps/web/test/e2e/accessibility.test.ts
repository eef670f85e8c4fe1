// Every main page through IBM's accessibility checker (a11y.ts), on a desktop and a phone-sized
// screen: the staff pages signed in as the demo admin, and the pages anyone sees (sign-in, a staff
// invitation, and the patient's pages behind a short link). No violation may be left, and no page
// may scroll sideways. Screenshots go to test-artifacts/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, signIn } from './browser.ts';
import { createLink, startStack, type Stack } from './stack.ts';
import { checkAccessibility, describeViolations, type Violation } from './a11y.ts';

let stack: Stack;
let browser: Browser;
let staff: Page; // signed in as the admin, reused at both sizes
let visitor: Page; // nobody signed in: a patient, or staff before signing in (one per screen size)
let openLink: { id: string; code: string };
let cancelledCode: string;
let invitationPath: string;

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
// Headless Chromium's own user agent counts as a bot: patient pages would show the link-preview page.
const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

const codeOf = (shortUrl: string) => shortUrl.split('/').pop()!;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  // A link the patient opened (so its page has the opens chart, devices and timeline)...
  const open = await createLink(stack);
  openLink = { id: open.id, code: codeOf(open.shortUrl) };
  await fetch(`${stack.base}/go/${openLink.code}?via=e`, {
    redirect: 'manual',
    headers: { 'user-agent': PHONE_UA },
  });
  await stack.c.clicks.flush();
  // ...and one cancelled, whose short link shows the patient a page instead of the payment form.
  const cancelled = await createLink(stack);
  cancelledCode = codeOf(cancelled.shortUrl);
  const res = await fetch(`${stack.base}/api/billing/links/${cancelled.id}/cancel`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.demo.apiKey}` },
  });
  if (!res.ok) throw new Error(`cancelling the link answered ${res.status}`);

  // bypassCSP: the checker's engine is injected as a script, which the pages' Content-Security-Policy
  // rightly refuses (the policy itself is checked in e2e/security.test.ts).
  staff = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signIn(staff, stack.base, stack.demo.email, stack.demo.password);
  // A staff invitation, for the page where the invited person chooses a password.
  await staff.goto(`${stack.base}/dashboard/staff`, { waitUntil: 'networkidle' });
  await staff.getByLabel('Name').fill('Casey Quinn');
  await staff.getByLabel('Email').fill('casey.quinn@riverside.example');
  await staff.getByRole('button', { name: 'Send invitation' }).click();
  await staff.getByRole('status').filter({ hasText: 'Invitation emailed' }).waitFor();
  await staff.goto(`${stack.base}/dev/outbox`);
  const href = await staff
    .locator('.outbox-item', { hasText: 'casey.quinn@riverside.example' })
    .locator('a[href*="/invite/"]')
    .first()
    .getAttribute('href');
  invitationPath = new URL(href!).pathname;
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

type Check = {
  name: string;
  /** The page's path, once the stack is up. */
  path: () => string;
  as: 'staff' | 'visitor';
  /** What to do on the page before checking it (e.g. submit a form to show its errors). */
  prepare?: (page: Page) => Promise<void>;
};

const PAGES: Check[] = [
  { name: 'overview', path: () => '/dashboard', as: 'staff' },
  { name: 'links', path: () => '/dashboard/links', as: 'staff' },
  { name: 'new-link', path: () => '/dashboard/links/new', as: 'staff' },
  {
    name: 'new-link-errors',
    path: () => '/dashboard/links/new',
    as: 'staff',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Create link' }).click();
      await page.getByRole('alert').first().waitFor();
    },
  },
  {
    name: 'new-link-created',
    path: () => '/dashboard/links/new',
    as: 'staff',
    prepare: async (page) => {
      await page.getByLabel('Item', { exact: true }).fill('Consultation');
      await page.getByLabel('Price', { exact: true }).fill('80.00');
      await page.getByLabel('Search by name, email or phone').fill('marcus');
      await page.getByRole('button', { name: /Marcus Chen/ }).click();
      await page.getByRole('button', { name: 'Create link' }).click();
      await page.getByRole('heading', { name: 'Payment link ready' }).waitFor();
    },
  },
  { name: 'link', path: () => `/dashboard/links/${openLink.id}`, as: 'staff' },
  { name: 'patients', path: () => '/dashboard/patients', as: 'staff' },
  { name: 'patient', path: () => `/dashboard/patients/${stack.demo.patientIds[0]}`, as: 'staff' },
  { name: 'expiring-cards', path: () => '/dashboard/cards', as: 'staff' },
  { name: 'bulk', path: () => '/dashboard/bulk', as: 'staff' },
  {
    name: 'bulk-review',
    path: () => '/dashboard/bulk',
    as: 'staff',
    prepare: async (page) => {
      await page
        .getByLabel('Or paste the rows')
        .fill(
          'patient,amount,description,channel\nmarcus.chen@example.com,25.00,Copay,email\nnobody,-3,,fax',
        );
      await page.getByRole('button', { name: 'Check rows' }).click();
      await page.getByRole('status').waitFor();
    },
  },
  { name: 'payments', path: () => '/dashboard/payments', as: 'staff' },
  { name: 'analytics', path: () => '/dashboard/analytics', as: 'staff' },
  { name: 'notifications', path: () => '/dashboard/notifications', as: 'staff' },
  { name: 'settings', path: () => '/dashboard/settings', as: 'staff' },
  { name: 'templates', path: () => '/dashboard/templates', as: 'staff' },
  { name: 'staff', path: () => '/dashboard/staff', as: 'staff' },
  { name: 'sign-in', path: () => '/sign-in', as: 'visitor' },
  {
    name: 'sign-in-errors',
    path: () => '/sign-in',
    as: 'visitor',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#password-error').waitFor();
    },
  },
  { name: 'invitation', path: () => invitationPath, as: 'visitor' },
  {
    name: 'invitation-errors',
    path: () => invitationPath,
    as: 'visitor',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Set password and sign in' }).click();
      await page.locator('#password-error').waitFor();
    },
  },
  { name: 'invitation-unknown', path: () => '/invite/no-such-invitation', as: 'visitor' },
  { name: 'patient-link-cancelled', path: () => `/go/${cancelledCode}`, as: 'visitor' },
  { name: 'patient-link-unknown', path: () => '/go/abcdefghjkmnpqr', as: 'visitor' },
  { name: 'patient-payment-abandoned', path: () => `/go/${openLink.code}/cancelled`, as: 'visitor' },
  { name: 'patient-payment-done', path: () => `/go/${openLink.code}/done`, as: 'visitor' },
  { name: 'unsubscribe', path: () => '/unsubscribe/00000000-0000-4000-8000-000000000000', as: 'visitor' },
];

/**
 * Violations known and not fixed yet, by page (none today): expected, so that nothing else slips in
 * next to them, and required to still be there, so that an entry goes with its fix.
 */
const KNOWN: Record<string, Array<{ ruleId: string; snippet: RegExp; why: string }>> = {};

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800, userAgent: DESKTOP_UA },
  { name: 'phone', width: 375, height: 812, userAgent: PHONE_UA },
];

describe.each(VIEWPORTS)('accessibility on a $name screen', ({ name: screen, userAgent, ...viewport }) => {
  beforeAll(async () => {
    await staff.setViewportSize(viewport);
    visitor = await (await browser.newContext({ viewport, userAgent, bypassCSP: true })).newPage();
  });
  afterAll(async () => {
    await visitor?.context().close();
  });

  it.each(PAGES)('$name has no violations', async (check) => {
    const page = check.as === 'staff' ? staff : visitor;
    // networkidle: hydrated, and what the page fetches once there (previews) is shown.
    await page.goto(`${stack.base}${check.path()}`, { waitUntil: 'networkidle' });
    if (check.as === 'staff') expect(page.url()).toContain('/dashboard'); // still signed in
    await check.prepare?.(page);
    await page.screenshot({ path: path.join(ARTIFACTS, `a11y-${check.name}-${screen}.png`), fullPage: true });

    const known = KNOWN[check.name] ?? [];
    const isKnown = (v: Violation) => known.some((k) => k.ruleId === v.ruleId && k.snippet.test(v.snippet));
    const violations = await checkAccessibility(page);
    const fresh = violations.filter((v) => !isKnown(v));
    expect(fresh, `${check.path()} on a ${screen}:\n${describeViolations(fresh)}`).toEqual([]);
    // Reflow (WCAG 1.4.10), which the checker leaves out: nothing makes the page scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${check.path()} is wider than a ${screen} screen`).toBeLessThanOrEqual(0);
    for (const k of known)
      expect(
        violations.some((v) => v.ruleId === k.ruleId && k.snippet.test(v.snippet)),
        `fixed? remove it from KNOWN: ${k.ruleId} (${k.why})`,
      ).toBe(true);
  });
});
