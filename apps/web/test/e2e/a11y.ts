// Automated accessibility check of the page as the browser shows it, with IBM's Equal Access engine
// (accessibility-checker-engine, Apache-2.0): its browser bundle ace.js is put into the page and run on
// the whole document with the "IBM_Accessibility" guideline (IBM Accessibility 7.x: WCAG 2.2 A and AA
// plus IBM's own requirements). Only certain violations count: value ['VIOLATION', 'FAIL'];
// 'POTENTIAL' and 'MANUAL' results need a person's judgement, recommendations are advice.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const ACE_JS = createRequire(import.meta.url).resolve('accessibility-checker-engine/ace.js');

export type Violation = { ruleId: string; message: string; path: string; snippet: string };

/** The subset of the engine's API the page uses (see the package's v4/api/*.d.ts). */
type AceResult = {
  ruleId: string;
  value: [string, string];
  node: Node;
  message: string;
  path: { dom?: string };
  snippet: string;
};
type Ace = {
  Checker: new () => {
    check(node: Document, guidelineIds: string[]): Promise<{ results: AceResult[] }>;
  };
};

/** Runs the check on the page's current document and returns its violations, compact. */
export async function checkAccessibility(page: Page): Promise<Violation[]> {
  // Once per document: a client-side navigation keeps the engine loaded.
  if (!(await page.evaluate(() => 'ace' in window))) await page.addScriptTag({ path: ACE_JS });
  return page.evaluate(async () => {
    // The one exception, a false positive: the engine gives every <form> the "form" landmark role
    // (its implicit-role table), so two forms without a name in one region fail "landmarks need
    // unique names". A form without a name is no landmark (HTML-AAM; the rule's own help page says
    // so too) and browsers expose it as a plain group: our one-button forms in table rows (cancel,
    // regenerate, revoke...) are that. Forms with a name, and every other landmark, are still checked.
    const notALandmark = ({ ruleId, node }: AceResult) =>
      ['aria_form_label_unique', 'aria_landmark_name_unique'].includes(ruleId) &&
      node instanceof HTMLFormElement &&
      !['role', 'aria-label', 'aria-labelledby', 'title'].some((name) => node.hasAttribute(name));
    const { Checker } = (window as unknown as { ace: Ace }).ace;
    const report = await new Checker().check(document, ['IBM_Accessibility']);
    return report.results
      .filter((r) => r.value[0] === 'VIOLATION' && r.value[1] === 'FAIL' && !notALandmark(r))
      .map((r) => ({ ruleId: r.ruleId, message: r.message, path: r.path.dom ?? '', snippet: r.snippet }));
  });
}

/** The violations, readable, for a failed assertion's message. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.ruleId}: ${v.message}\n    at ${v.path}\n    ${v.snippet}`).join('\n');
}
