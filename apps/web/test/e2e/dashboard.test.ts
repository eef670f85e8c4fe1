// Staff pages in a real browser, desktop and phone: sign in, the links list, one link's detail with
// its analytics and timeline, cancel it, and the analytics page. Screenshots go to test-artifacts/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, fillCard, launchBrowser, newPhonePage, signIn } from './browser.ts';
import { createLink, eventually, startStack, type Stack } from './stack.ts';

let stack: Stack;
let browser: Browser;
let linkId: string;

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  // Texts go out at any hour, and Jordan may get more than 3 messages this week, in these tests
  // (quiet hours and the weekly contact cap are tested on their own).
  await stack.c
    .scope()
    .em.execute(
      `update organizations set settings = settings || '{"quietHoursStart":0,"quietHoursEnd":24,"contactCapPerWeek":20}'::jsonb`,
    );
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
  const page = await (await browser.newContext({ viewport })).newPage();
  await signIn(page, stack.base, stack.demo.email, stack.demo.password);
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
    // Resend by email (checked by default): a second email is queued and handed over.
    await page.getByRole('button', { name: 'Resend' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Email to jordan.rivera@example.com: sending now.');
    const emails = async () =>
      (
        await stack.c
          .scope()
          .em.execute<Array<{ status: string }>>(
            `select status from messages where link_id = ? and channel = 'email' order by created_at`,
            [linkId],
          )
      ).map((m) => m.status);
    await expect.poll(emails, { timeout: 15_000 }).toEqual(['sent', 'sent']);
    await page.waitForLoadState('networkidle');
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

  it('generates a link with two items for SMS and email, which the patient pays on a phone', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'New link' }).click();
    await page.waitForURL(/\/dashboard\/links\/new/);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Item', { exact: true }).first().fill('Consultation');
    await page.getByLabel('Price', { exact: true }).first().fill('100.00');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.getByLabel('Item', { exact: true }).nth(1).fill('Lab Work');
    await page.getByLabel('Price', { exact: true }).nth(1).fill('50.00');
    await expect.poll(() => page.locator('.total').textContent()).toContain('$150.00');
    // Sending is off until a patient is chosen.
    expect(await page.getByRole('checkbox', { name: /SMS/ }).isDisabled()).toBe(true);
    await page.getByLabel('Search by name, email or phone').fill('jordan');
    await page.getByRole('button', { name: /Jordan Rivera/ }).click();
    await page.getByRole('checkbox', { name: /Email/ }).check();
    await page.getByRole('checkbox', { name: /SMS/ }).check();
    await page.getByLabel(/Custom message/).fill('Thank you for visiting today');
    await expect
      .poll(() => page.locator('.sms-bubble').textContent())
      .toContain('Thank you for visiting today');
    expect(await page.locator('.preview').textContent()).toMatch(/SMS segments? \(GSM-7\)/);
    await shot(page, 'dashboard-new-link-desktop');
    await page.getByRole('button', { name: 'Create link' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment link ready');
    expect(await page.getByRole('status').textContent()).toContain('jordan.rivera@example.com');
    expect(await page.getByRole('img', { name: 'QR code of the short link' }).count()).toBe(1);
    await shot(page, 'dashboard-link-created-desktop');
    const shortUrl = await page.locator('#short-url').inputValue();

    // Both messages reach the dev outbox (the worker sends them).
    await expect
      .poll(
        async () => {
          await page.goto(`${stack.base}/dev/outbox`);
          return page.locator('body').textContent();
        },
        { timeout: 15_000 },
      )
      .toMatch(
        /\+12025550111[\s\S]*jordan\.rivera@example\.com|jordan\.rivera@example\.com[\s\S]*\+12025550111/,
      );

    // The patient opens the text's link on a phone and pays.
    const phone = await newPhonePage(browser);
    await phone.goto(`${shortUrl.replace(/^http:\/\/[^/]+/, stack.base)}?via=s`);
    await expect.poll(() => phone.url()).toContain('/checkout/cs_');
    await fillCard(phone, '4242 4242 4242 4242');
    await phone.getByRole('button', { name: /Pay/ }).click();
    await phone.waitForURL(/\/done$/);
    await stack.c.clicks.flush();

    const id = await eventually(async () => {
      const rows = await stack.c
        .scope()
        .em.execute<Array<{ id: string }>>(
          `select id from payment_links where short_code = ? and status = 'COMPLETED'`,
          [shortUrl.split('/').pop()],
        );
      return rows[0]?.id;
    });
    expect(id).toBeTruthy();
    await page.goto(`${stack.base}/dashboard/links/${id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Paid');
    expect(await page.locator('.stat', { hasText: 'Conversion' }).textContent()).toContain('100%');
    await page.goto(`${stack.base}/dashboard/analytics`);
    expect(await page.getByRole('row', { name: /SMS/ }).textContent()).toMatch(/1\s*100%/);
    // And in the payment history, with its receipt.
    await page.goto(`${stack.base}/dashboard/payments`);
    const paid = page.getByRole('row', { name: /Jordan Rivera/ });
    expect(await paid.textContent()).toMatch(/\$150\.00.*Paid.*Receipt/);
    await shot(page, 'dashboard-payments-desktop');
    await page.goto(`${stack.base}/dashboard/payments?status=REFUNDED`);
    expect(await page.getByText('No payments in this range.').count()).toBe(1);
  });

  it("tells the link's provider it was paid, with an unread count until read", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, stack.base, stack.demo.providerLogin.email, stack.demo.providerLogin.password);
    const badge = page.getByRole('navigation', { name: 'Main' }).locator('.count');
    expect(Number(await badge.textContent())).toBeGreaterThanOrEqual(1);
    await page.getByRole('link', { name: /Notifications/ }).click();
    await page.waitForURL(/\/dashboard\/notifications/);
    await expect.poll(() => page.getByText('A payment link was paid').count()).toBeGreaterThanOrEqual(1);
    await shot(page, 'dashboard-notifications-desktop');
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: /Mark all/ }).click();
    await expect.poll(() => badge.count()).toBe(0);
  });

  it('shows a patient with consent and card on file, and sends card-update requests for expiring cards', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${stack.base}/dashboard/patients?q=Elena`);
    await page.getByRole('link', { name: 'Elena Novak' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Elena Novak');
    expect(await page.getByText('Email: no address').count()).toBe(1);
    await shot(page, 'dashboard-patient-desktop');

    await page.getByRole('link', { name: 'Expiring cards' }).click();
    await page.waitForURL(/\/dashboard\/cards/);
    await expect.poll(() => page.getByRole('cell', { name: /^Send by/ }).count()).toBeGreaterThanOrEqual(1);
    const sends = await page.getByRole('cell', { name: /^Send by/ }).count();
    await shot(page, 'dashboard-expiring-cards-desktop');
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: /Request \d+ card update/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`${sends} card-update link`);
    const created = await stack.c
      .scope()
      .em.execute<Array<{ n: string }>>(`select count(*) as n from payment_links where type = 'CARD_UPDATE'`);
    expect(Number(created[0]!.n)).toBe(sends);

    // One patient opens their card-update link on a phone and saves a new card: the link completes
    // and the patient's page shows the new card, no longer expiring.
    const [request] = await stack.c
      .scope()
      .em.execute<Array<{ short_code: string; patient_id: string }>>(
        `select short_code, patient_id from payment_links where type = 'CARD_UPDATE' order by created_at limit 1`,
      );
    const phone = await newPhonePage(browser);
    await phone.goto(`${stack.base}/go/${request!.short_code}`);
    await expect.poll(() => phone.url()).toContain('/checkout/cs_');
    await fillCard(phone, '4242 4242 4242 4242');
    await phone.getByRole('button', { name: 'Save card' }).click();
    await phone.waitForURL(/\/done$/);
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toContain('Thank you');
    await expect
      .poll(
        async () =>
          (
            await stack.c
              .scope()
              .em.execute<Array<{ status: string }>>(
                `select status from payment_links where short_code = ?`,
                [request!.short_code],
              )
          )[0]?.status,
        { timeout: 15_000 },
      )
      .toBe('COMPLETED');
    await page.goto(`${stack.base}/dashboard/patients/${request!.patient_id}`);
    await expect.poll(() => page.locator('body').textContent()).toContain('•••• 4242 (12/34)');
    expect(
      await page
        .getByRole('row', { name: /Card update/ })
        .first()
        .textContent(),
    ).toContain('Card saved');
    await shot(page, 'dashboard-patient-card-updated-desktop');
  });

  it('bulk-sends from a CSV with one bad row: reviewed first, then sent, with live progress', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Bulk send' }).click();
    await page.waitForURL(/\/dashboard\/bulk/);
    await page.waitForLoadState('networkidle');
    await page
      .getByLabel('Or paste the rows')
      .fill(
        'patient,amount,description,channel\nmarcus.chen@example.com,25.00,Copay,email\n' +
          'priya.patel@example.com,40,,email\nnobody@example.com,-3,,fax',
      );
    // And one more row by picking a patient.
    await page.getByLabel('Find a patient by name, email or phone').fill('Samira');
    await page.getByRole('button', { name: /Samira Haddad/ }).click();
    await page.getByLabel('Amount for each').fill('12.50');
    await page.getByLabel('Send by').selectOption('email');
    await page.getByRole('button', { name: 'Add 1 row below' }).click();
    expect(await page.getByLabel('Or paste the rows').inputValue()).toMatch(
      /,fax\n[0-9a-f-]{36},12\.50,,email$/,
    );
    await page.getByRole('button', { name: 'Check rows' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('3 rows ready, 1 with problems.');
    expect(await page.locator('tr.row-error').textContent()).toMatch(/fax|channel/i);
    await shot(page, 'dashboard-bulk-review-desktop');
    await page.getByLabel(/Skip the 1 row/).check();
    await page.getByRole('button', { name: 'Send 3 links' }).click();
    await page.waitForURL(/\/dashboard\/bulk\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
      .toBe('Bulk send finished');
    expect(await page.locator('.stat', { hasText: 'Sent' }).textContent()).toContain('3');
    expect(await page.locator('.stat', { hasText: 'Links created' }).textContent()).toContain('3 of 4');
    await shot(page, 'dashboard-bulk-progress-desktop');
  });

  it('lets an admin change settings (bad fields named, nothing saved) and manage API keys', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${stack.base}/dashboard/settings`);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('until (hour)').fill('0');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('#quietHoursEnd-error').count()).toBe(1);
    expect(await page.locator('#timeZone-error').textContent()).toContain('IANA time zone');
    expect(await page.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'dashboard-settings-errors-desktop');

    await page.reload();
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York'); // nothing was saved
    await page.getByLabel('Messages per patient per week, at most').fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
    await page.reload();
    expect(await page.getByLabel('Messages per patient per week, at most').inputValue()).toBe('5');

    await page.getByLabel('New key name').fill('Billing system');
    await page.getByRole('button', { name: 'Create API key' }).click();
    await expect.poll(() => page.locator('code.secret').count()).toBe(1);
    const secret = await page.locator('code.secret').textContent();
    expect(secret).toMatch(/^cpk_/);
    expect(
      (await fetch(`${stack.base}/api/patients?limit=1`, { headers: { authorization: `Bearer ${secret}` } }))
        .status,
    ).toBe(200);
    await page.getByRole('button', { name: 'Revoke Billing system' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('API key revoked.');
    expect(
      (await fetch(`${stack.base}/api/patients?limit=1`, { headers: { authorization: `Bearer ${secret}` } }))
        .status,
    ).toBe(401);

    // Providers can't.
    const provider = await (await browser.newContext()).newPage();
    await signIn(provider, stack.base, stack.demo.providerLogin.email, stack.demo.providerLogin.password);
    await provider.goto(`${stack.base}/dashboard/settings`);
    expect(await provider.getByText('Only clinic admins can change settings.').count()).toBe(1);
  });

  it('lets an admin restrict where the dashboard and a key may be used from, never locking themselves out', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${stack.base}/dashboard/settings`);
    await page.waitForLoadState('networkidle');
    const own = page.locator('p', { hasText: 'You are connecting from' });
    expect(await own.textContent()).toBe('You are connecting from 127.0.0.1.');
    expect(await page.locator('#rate-limits').textContent()).toMatch(/Request limits, per API key/);

    const dashboardList = page.getByLabel('Staff may use the dashboard from');
    await dashboardList.fill('10.0.0.0/8');
    await page.getByRole('button', { name: 'Save dashboard access' }).click();
    await expect.poll(() => page.locator('#dashboardRanges-error').count()).toBe(1);
    expect(await page.locator('#dashboardRanges-error').textContent()).toBe(
      'must include the address you are connecting from (127.0.0.1), or you would lock yourself out',
    );
    expect(await dashboardList.getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'dashboard-settings-network-lockout-desktop');

    await dashboardList.fill('127.0.0.1\n10.0.0.0/8');
    await page.getByRole('button', { name: 'Save dashboard access' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Dashboard access saved: staff may use it only from 127.0.0.1/32, 10.0.0.0/8.');
    await page.reload();
    expect(await page.getByLabel('Staff may use the dashboard from').inputValue()).toBe(
      '127.0.0.1/32\n10.0.0.0/8',
    );

    // The demo key, restricted to an address this machine isn't: its calls are refused with the reason.
    const keyRow = page.locator('details', { hasText: 'Anywhere' }).first();
    await keyRow.locator('summary').click();
    await keyRow.getByLabel('Addresses, one per line').fill('192.0.2.10\nnot-an-address');
    await keyRow.getByRole('button', { name: /^Save for / }).click();
    await expect.poll(() => page.locator('.field-error[role=alert]').count()).toBe(1);
    expect(await page.locator('.field-error[role=alert]').textContent()).toContain(
      '"not-an-address" is not an IP address or a CIDR range',
    );
    const open = page.locator('details[open]');
    await open.getByLabel('Addresses, one per line').fill('192.0.2.10');
    await open.getByRole('button', { name: /^Save for / }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('API key restricted to 192.0.2.10/32.');
    const refused = await fetch(`${stack.base}/api/patients?limit=1`, {
      headers: { authorization: `Bearer ${stack.demo.apiKey}` },
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'this request came from 127.0.0.1',
    );
    expect(await page.locator('summary', { hasText: '192.0.2.10/32' }).count()).toBe(1);
    await shot(page, 'dashboard-settings-network-desktop');

    // Back to anywhere, for both.
    const restricted = page.locator('details', { hasText: '192.0.2.10/32' });
    await restricted.locator('summary').click();
    await restricted.getByLabel('Addresses, one per line').fill('');
    await restricted.getByRole('button', { name: /^Save for / }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('API key may be used from anywhere.');
    await page.getByLabel('Staff may use the dashboard from').fill('');
    await page.getByRole('button', { name: 'Save dashboard access' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Dashboard access saved: staff may use it from anywhere.');
    const allowed = await fetch(`${stack.base}/api/patients?limit=1`, {
      headers: { authorization: `Bearer ${stack.demo.apiKey}` },
    });
    expect(allowed.status).toBe(200);
  });

  it('finds links by patient, status and channel, and regenerates a cancelled one from the list', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${stack.base}/dashboard/links?q=Jordan`);
    const jordan = await page.locator('tbody tr').count();
    expect(jordan).toBeGreaterThanOrEqual(2);
    await page.goto(`${stack.base}/dashboard/links?q=nobody-matches-this`);
    expect(await page.getByText('No links match these filters.').count()).toBe(1);
    await page.goto(`${stack.base}/dashboard/links?channel=sms`);
    // Exactly the links that went out by text (the generated one among them).
    const [bySms] = await stack.c
      .scope()
      .em.execute<Array<{ n: string }>>(`select count(*) as n from payment_links where sent_via_sms`);
    expect(Number(bySms!.n)).toBeGreaterThanOrEqual(1);
    expect(await page.locator('tbody tr').count()).toBe(Number(bySms!.n));
    expect(await page.getByRole('row', { name: /\$150\.00/ }).count()).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => page.locator('.stat', { hasText: 'Links (last 30 days)' }).textContent())
      .toMatch(/\d/);
    // A date range: the list and the strip both follow it; a range that runs backwards is named.
    await page.goto(`${stack.base}/dashboard/links?from=2020-01-01&to=2020-01-31`);
    expect(await page.getByText('No links match these filters.').count()).toBe(1);
    await expect
      .poll(() => page.locator('.stat', { hasText: 'Links (Jan 1 – Jan 31)' }).textContent())
      .toMatch(/\)0$/);
    await page.getByLabel('Created from').fill('2020-02-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#from-error').textContent()).toBe('must not be after `to`');

    await page.goto(`${stack.base}/dashboard/links?status=CANCELLED`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('New link created: http');
    await shot(page, 'dashboard-links-filtered-desktop');
  });

  it('edits the text message template with a live preview, refuses an unknown placeholder, and resets it', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${stack.base}/dashboard/templates`);
    await page.waitForLoadState('networkidle');
    const sms = page.locator('#payment_request-sms');
    await sms.fill('{{clinicName}}: please pay {{amount}} here {{bogus}}');
    await page.locator('form', { has: sms }).getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.locator('#payment_request-sms-result').textContent())
      .toContain('{{bogus}} is not a known placeholder.');
    await page.locator('#payment_request-sms').fill('{{clinicName}}: please pay {{amount}} at {{link}}');
    const form = page.locator('form', { has: page.locator('#payment_request-sms') });
    await expect
      .poll(() => form.locator('.sms-bubble').textContent())
      .toMatch(
        new RegExp(
          `^Riverside Family Clinic: please pay \\$150\\.00 at ${stack.base.replace(/\./g, '\\.')}/go/`,
        ),
      );
    expect(await form.locator('.preview').textContent()).toContain('1 SMS segment (GSM-7)');
    await shot(page, 'dashboard-templates-desktop');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#payment_request-sms-result').textContent()).toBe('Saved.');
    await page.reload();
    expect(await page.locator('#payment_request-sms').inputValue()).toBe(
      '{{clinicName}}: please pay {{amount}} at {{link}}',
    );
    await page.waitForLoadState('networkidle');
    await page
      .locator('form', { has: page.locator('#payment_request-sms') })
      .getByRole('button', { name: 'Use the default' })
      .click();
    await expect
      .poll(() => page.locator('#payment_request-sms').inputValue())
      .toContain('Reply STOP to opt out.');
  });

  it('invites a staff member, who chooses a password from the emailed link; disabling them signs them out', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${stack.base}/dashboard/staff`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect
      .poll(() => page.locator('#invite-email-error').textContent())
      .toBe('must be an email address');
    expect(await page.locator('#invite-name-error').textContent()).toBe('must be 1 to 100 characters');
    await page.getByLabel('Name').fill('Casey Quinn');
    await page.getByLabel('Email').fill('casey.quinn@riverside.example');
    await page.getByLabel(/^Billing/).check();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Invitation emailed to casey.quinn@riverside.example');
    expect(await page.locator('tr', { hasText: 'casey.quinn@riverside.example' }).textContent()).toContain(
      'Invited',
    );
    await shot(page, 'dashboard-staff-desktop');

    // The email (in the dev outbox) carries the link; Casey sets a password on a phone and is in.
    await page.goto(`${stack.base}/dev/outbox`);
    const href = await page
      .locator('.outbox-item', { hasText: 'casey.quinn@riverside.example' })
      .locator('a[href*="/invite/"]')
      .first()
      .getAttribute('href');
    const casey = await newPhonePage(browser);
    await casey.goto(href!.replace(/^https?:\/\/[^/]+/, stack.base));
    expect(await casey.getByRole('heading', { level: 1 }).textContent()).toBe('Join Riverside Family Clinic');
    await casey.getByLabel('Password', { exact: true }).fill('too short');
    await casey.getByLabel('Password again').fill('too short');
    await casey.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect
      .poll(() => casey.locator('#password-error').textContent())
      .toBe('Password must be 12 to 200 characters');
    await shot(casey, 'invite-phone');
    await casey.getByLabel('Password', { exact: true }).fill('casey chooses a long one');
    await casey.getByLabel('Password again').fill('casey chooses a long one');
    await casey.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect.poll(() => new URL(casey.url()).pathname).toBe('/dashboard');
    expect(await casey.locator('.account').textContent()).toContain('Casey Quinn · BILLING');
    expect(await casey.getByRole('link', { name: 'Staff' }).count()).toBe(0); // admins only

    // The admin disables Casey: her next page sends her to sign in.
    await page.goto(`${stack.base}/dashboard/staff`);
    await page.waitForLoadState('networkidle');
    await page
      .locator('tr', { hasText: 'casey.quinn@riverside.example' })
      .getByRole('button', { name: 'Disable' })
      .click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Casey Quinn is disabled and signed out.');
    await casey.goto(`${stack.base}/dashboard/links`);
    await expect.poll(() => new URL(casey.url()).pathname).toBe('/sign-in');
  });
});
