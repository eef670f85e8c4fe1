// What the front desk is told, in a real browser: every page that sends a message says what really
// happened to it — on its way, held for texting hours (until when, in the clinic's time zone), or not
// sent and why — and the timeline keeps the reason. Then the bulk send's review and results, the link
// generator's preview, errors and button, and the 404 page. Screenshots go to test-artifacts/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, signIn, watchProblems } from './browser.ts';
import { createLink, startStack, type Stack } from './stack.ts';

let stack: Stack;
let browser: Browser;

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const CAPPED = 'Email not sent: contact limit reached (3 messages a week).';

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** A signed-in admin whose console errors and server errors are collected. */
async function frontDesk(viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport })).newPage();
  const problems = watchProblems(page);
  await signIn(page, stack.base, stack.demo.email, stack.demo.password);
  return { page, problems };
}

const patient = (name: string) => stack.demo.patientIds[PATIENTS.indexOf(name)]!;
// The demo clinic's patients, in the seed's order.
const PATIENTS = [
  'Jordan Rivera',
  'Priya Patel',
  'Marcus Chen',
  'Elena Novak',
  'Samira Haddad',
  'Tom Becker',
  'Grace Kim',
  'Luis Ortega',
  'Hannah Schultz',
  'Omar Farouk',
  'Beatrice Okafor',
  'Noah Williams',
];

/** Three emails this week (still waiting to go count too): the patient is at the weekly cap. */
async function reachWeeklyCap(name: string) {
  for (let i = 0; i < 3; i += 1)
    await createLink(stack, { patientId: patient(name), items: undefined, amount: 10, sendVia: ['email'] });
}

async function setSettings(settings: Record<string, number>) {
  await stack.c
    .scope()
    .em.execute(`update organizations set settings = settings || ?::jsonb where id = ?`, [
      JSON.stringify(settings),
      stack.demo.organizationId,
    ]);
}

/** Texting hours that exclude this moment (the stack's clock stands still), in New York time. */
function hoursExcludingNow(): { quietHoursStart: number; quietHoursEnd: number } {
  const hour = Number(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: 'numeric',
      hourCycle: 'h23',
    }).format(stack.c.clock.now()),
  );
  return hour >= 22
    ? { quietHoursStart: 0, quietHoursEnd: 1 }
    : { quietHoursStart: hour + 1, quietHoursEnd: hour + 2 };
}

async function generate(page: Page, who: string, channels: Array<'Email' | 'SMS'>) {
  await page.goto(`${stack.base}/dashboard/links/new`, { waitUntil: 'networkidle' });
  await page.getByLabel('Item', { exact: true }).fill('Consultation');
  await page.getByLabel('Price', { exact: true }).fill('40.00');
  await page.getByLabel('Search by name, email or phone').fill(who.split(' ')[0]!);
  await page.getByRole('button', { name: new RegExp(who) }).click();
  for (const channel of channels) await page.getByRole('checkbox', { name: new RegExp(channel) }).check();
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment link ready');
}

describe('what staff are told about each message', () => {
  it('the generator says an email past the weekly cap was not sent, and why; so do resend and the timeline', async () => {
    await reachWeeklyCap('Luis Ortega');
    const { page, problems } = await frontDesk();
    await generate(page, 'Luis Ortega', ['Email']);
    const status = page.getByRole('status');
    expect(await status.textContent()).toContain(CAPPED);
    expect(await status.textContent()).not.toMatch(/Sending to|sent to/);
    await shot(page, 'front-desk-generator-capped-desktop');

    await page.getByRole('link', { name: 'View the link' }).click();
    await page.waitForURL(/\/dashboard\/links\/[0-9a-f-]{36}$/);
    expect(await page.locator('.timeline li', { hasText: 'Message refused' }).textContent()).toContain(
      'contact limit reached (3 messages a week)',
    );
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Resend' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe(CAPPED);
    await shot(page, 'front-desk-resend-capped-desktop');
    expect(problems).toEqual([]);
  });

  it('a text outside texting hours says when it will go, in the clinic’s time zone', async () => {
    await setSettings(hoursExcludingNow());
    try {
      const { page, problems } = await frontDesk(PHONE);
      await generate(page, 'Omar Farouk', ['SMS']);
      const [held] = await stack.c
        .scope()
        .em.execute<Array<{ scheduled_for: Date }>>(
          `select m.scheduled_for from messages m join patients p on p.id = m.patient_id where p.name = 'Omar Farouk' and m.status = 'scheduled'`,
        );
      const when = new Intl.DateTimeFormat('en-US', {
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
        timeZone: 'America/New_York',
      }).format(new Date(held!.scheduled_for));
      expect(await page.getByRole('status').textContent()).toContain(
        `Text to +12025550120: held for texting hours, goes ${when}.`,
      );
      expect(when).toMatch(/ E[DS]T$/);
      await shot(page, 'front-desk-generator-held-phone');
      expect(problems).toEqual([]);
    } finally {
      await setSettings({ quietHoursStart: 8, quietHoursEnd: 20 });
    }
  });

  it('a card-update request from the patient page says it was refused at the cap, not "sent"', async () => {
    await reachWeeklyCap('Hannah Schultz');
    const { page } = await frontDesk();
    await page.goto(`${stack.base}/dashboard/patients/${patient('Hannah Schultz')}`, {
      waitUntil: 'networkidle',
    });
    await page.getByRole('button', { name: 'Send card-update link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(CAPPED);
    expect(await page.getByRole('status').textContent()).not.toContain('sent to');
    await shot(page, 'front-desk-card-update-capped-desktop');
  });

  it('the expiring-cards page says, patient by patient, what happened to each request', async () => {
    await reachWeeklyCap('Beatrice Okafor');
    const { page, problems } = await frontDesk();
    await page.goto(`${stack.base}/dashboard/cards`, { waitUntil: 'networkidle' });
    // Known before anything is sent: she is at the weekly cap, so no link is made for her.
    expect(await page.getByRole('row', { name: /Beatrice Okafor/ }).textContent()).toContain(
      'Skip: contact limit reached (3 messages a week)',
    );
    await page.getByRole('button', { name: /Request \d+ card update/ }).click();
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent()).toContain('card-update links created');
    const beatrice = status.locator('li', { hasText: 'Beatrice Okafor' });
    expect(await beatrice.textContent()).toBe(
      'Beatrice Okafor: skipped — contact limit reached (3 messages a week)',
    );
    const priya = status.locator('li', { hasText: 'Priya Patel' });
    expect(await priya.textContent()).toContain('Email to priya.patel@example.com: sending now.');
    expect(await priya.getByRole('link', { name: 'Priya Patel' }).getAttribute('href')).toMatch(
      /^\/dashboard\/links\/[0-9a-f-]{36}$/,
    );
    await shot(page, 'front-desk-expiring-cards-desktop');
    expect(problems).toEqual([]);
  });
});

describe('bulk send', () => {
  const paste = async (page: Page, csv: string) => {
    await page.goto(`${stack.base}/dashboard/bulk`, { waitUntil: 'networkidle' });
    await page.getByLabel('Or paste the rows').fill(csv);
    await page.getByRole('button', { name: 'Check rows' }).click();
  };
  const sendButton = (page: Page) => page.getByRole('button', { name: /^Send \d+ links?$/ });

  it('checks what sending checks, and holds "Send" back (saying why) until bad rows are fixed or skipped', async () => {
    await reachWeeklyCap('Noah Williams');
    const { page, problems } = await frontDesk();
    const csv =
      'patient,amount,description,channel\nmarcus.chen@example.com,25.00,Copay,both\n' +
      'noah.williams@example.com,30,,email\nnobody@example.com,-3,,fax\nsamira.haddad@example.com,15,,email';
    await paste(page, csv);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('2 rows ready, 2 with problems.');
    // Noah is at the weekly cap: sending would refuse him, so the review does.
    expect(await page.getByRole('row', { name: /Noah Williams/ }).textContent()).toContain(
      'Cannot send: contact limit reached (3 messages a week)',
    );
    expect(await page.getByRole('row', { name: /Noah Williams/ }).getAttribute('class')).toBe('row-error');
    // Marcus has no phone: his row goes by email, and says the text won't.
    const marcus = await page.getByRole('row', { name: /Marcus Chen/ }).textContent();
    expect(marcus).toContain('Email to marcus.chen@example.com: sending now.');
    expect(marcus).toContain('Text not sent: the patient has no mobile number.');

    expect(await sendButton(page).isDisabled()).toBe(true);
    expect(await page.locator('#send-blocked').textContent()).toContain(
      'Fix the rows with problems and check again, or skip them.',
    );
    await shot(page, 'front-desk-bulk-review-desktop');
    await page.getByLabel(/Skip the 2 rows/).check();
    expect(await sendButton(page).isDisabled()).toBe(false);
    // Rows edited after the check: checked again before anything is sent.
    await page.getByLabel('Or paste the rows').fill(`${csv}\nluis.ortega@example.com,5,,email`);
    expect(await sendButton(page).isDisabled()).toBe(true);
    expect(await page.locator('#send-blocked').textContent()).toContain(
      'The rows changed since they were checked: check them again.',
    );
    await page.getByLabel('Or paste the rows').fill(csv);
    expect(await sendButton(page).isDisabled()).toBe(false);
    expect(problems).toEqual([]);
  });

  it('keeps the review when a row goes bad before sending, and the results link to the links made', async () => {
    const { page, problems } = await frontDesk();
    await paste(
      page,
      'patient,amount,description,channel\nmarcus.chen@example.com,12.50,,email\ntom.becker@example.com,20,,email',
    );
    await expect.poll(() => page.getByRole('status').textContent()).toBe('2 rows ready.');
    // Tom unsubscribes while the front desk looks at the review.
    await stack.c
      .scope()
      .em.execute(`update patients set email_opted_out_at = now() where name = 'Tom Becker'`);
    await sendButton(page).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('nothing was sent');
    // The review is still there, checked again: Tom's row now says why.
    expect(await page.getByRole('status').textContent()).toBe('1 row ready, 1 with problems.');
    expect(await page.getByRole('row', { name: /Tom Becker/ }).textContent()).toContain(
      'Cannot send: the patient unsubscribed from email',
    );
    await shot(page, 'front-desk-bulk-review-kept-desktop');
    await page.getByLabel(/Skip the 1 row/).check();
    await sendButton(page).click();
    await page.waitForURL(/\/dashboard\/bulk\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
      .toBe('Bulk send finished');
    const marcus = page.getByRole('row', { name: /Marcus Chen/ });
    await expect.poll(() => marcus.textContent()).toContain('Email to marcus.chen@example.com: sent.');
    const href = await marcus.getByRole('link', { name: '$12.50' }).getAttribute('href');
    expect(href).toMatch(/^\/dashboard\/links\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('row', { name: /Tom Becker/ }).textContent()).toContain(
      'Skipped: Cannot send: the patient unsubscribed from email',
    );
    await shot(page, 'front-desk-bulk-results-desktop');
    await marcus.getByRole('link', { name: '$12.50' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Pending');
    expect(await page.locator('.details').textContent()).toContain('Marcus Chen');
    // The refused send's 422 is the answer under test; nothing else may go wrong.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
  });
});

describe('the link generator', () => {
  it('previews the text with the clinic’s short-link address and the expiry the chosen validity gives', async () => {
    const { page, problems } = await frontDesk();
    await page.goto(`${stack.base}/dashboard/links/new`, { waitUntil: 'networkidle' });
    const expiry = (hours: number) =>
      new Intl.DateTimeFormat('en-US', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'America/New_York',
      }).format(new Date(stack.c.clock.now().getTime() + hours * 3_600_000));
    const bubble = page.locator('.sms-bubble');
    await expect.poll(() => bubble.textContent()).toContain(`${stack.base}/go/`);
    expect(await bubble.textContent()).toContain(expiry(72));
    expect(await bubble.textContent()).not.toContain('pay.example.com');
    await page.getByLabel('Expiry').selectOption('168');
    await expect.poll(() => bubble.textContent()).toContain(expiry(168));
    await shot(page, 'front-desk-generator-preview-desktop');
    expect(problems).toEqual([]);
  });

  it('names each empty field in words at the field, and creates one link however fast the button is pressed', async () => {
    const { page, problems } = await frontDesk(PHONE);
    await page.goto(`${stack.base}/dashboard/links/new`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Create link' }).click();
    await expect.poll(() => page.locator('#item-0-name-error').textContent()).toBe('Item name is required');
    expect(await page.locator('#item-0-price-error').textContent()).toBe('Enter a price');
    expect(await page.locator('#patient-error').textContent()).toBe('Choose a patient');
    expect(await page.locator('input[name=itemName]').getAttribute('aria-describedby')).toBe(
      'item-0-name-error',
    );
    expect(await page.locator('main').textContent()).not.toMatch(/Too small|expected string/);
    await shot(page, 'front-desk-generator-empty-phone');
    await page.getByRole('radio', { name: 'One amount' }).check();
    await page.getByRole('button', { name: 'Create link' }).click();
    await expect.poll(() => page.locator('#amount-error').textContent()).toBe('Enter an amount');

    // A slow network: the server has the request at once, its answer takes a second to arrive, and
    // the front desk presses again meanwhile.
    await page.getByLabel(/^Amount/).fill('35.00');
    await page.getByLabel('Search by name, email or phone').fill('Grace');
    await page.getByRole('button', { name: /Grace Kim/ }).click();
    await page.route('**/dashboard/links/new*', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch();
      await new Promise((r) => setTimeout(r, 1000));
      await route.fulfill({ response }).catch(() => undefined); // the page may have given up on it
    });
    const button = page.getByRole('button', { name: /Create link|Creating…/ });
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Creating…');
    expect(await button.isDisabled()).toBe(true);
    await button.click({ force: true });
    // And a script-like submit of the form itself, past the disabled button: still one link.
    await page.locator('form.generator').evaluate((f: HTMLFormElement) => f.requestSubmit());
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 })
      .toBe('Payment link ready');
    const [made] = await stack.c
      .scope()
      .em.execute<Array<{ n: string }>>(
        `select count(*) as n from payment_links l join patients p on p.id = l.patient_id where p.name = 'Grace Kim' and l.amount_minor = 3500`,
      );
    expect(Number(made!.n)).toBe(1);
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
  });
});

describe('the 404 page', () => {
  // Addresses under a real route's first segment were the ones whose page failed to hydrate.
  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`renders without a hydration error on a ${name}`, async () => {
      const page = await (await browser.newContext({ viewport })).newPage();
      const watched = watchProblems(page);
      for (const address of ['/no-such-page', '/dashboard/no-such-page', '/go/abc/def/ghi']) {
        const res = await page.goto(`${stack.base}${address}`, { waitUntil: 'networkidle' });
        expect(res?.status()).toBe(404);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('404 Not Found');
        // The 404 answer itself is what was asked for; a hydration error is what must not happen.
        expect({ address, problems: watched.filter((p) => !p.includes('status of 404')) }).toEqual({
          address,
          problems: [],
        });
      }
      expect(await page.getByText('There is no page at this address.').count()).toBe(1);
      await shot(page, `not-found-${name}`);
    });
  }
});
