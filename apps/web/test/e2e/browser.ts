// Chromium driven by playwright-core: the system's, or the one packaged on npm (chromium.ts).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from './chromium.ts';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../../../test-artifacts');

export async function launchBrowser(): Promise<Browser> {
  const { executablePath, env, source } = await findChromium();
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    env: { ...process.env, ...env },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  // Which browser ran is part of the result (CI runs one pass with each).
  console.log(`browser: Chromium ${browser.version()} (${source}: ${executablePath})`);
  return browser;
}

/** A phone: 375 px wide, an iPhone's user agent. */
export async function newPhonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  });
  return context.newPage();
}

/** Fills the (sandbox) Stripe Checkout card form. */
export async function fillCard(page: Page, number: string) {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiration date (MM / YY)').fill('12 / 34');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByLabel('Name on card').fill('Jordan Rivera');
  await page.getByLabel('ZIP / postal code').fill('20001');
}

/** Signs in on the staff pages. */
export async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard/);
}

/**
 * What a user never sees but a developer must: console errors, uncaught page errors and 5xx
 * answers, collected for the page's life (a test ends by expecting none).
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return problems;
}
