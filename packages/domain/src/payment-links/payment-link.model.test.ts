import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LinkStatus } from './link-status.ts';
import { PAID_STATUSES } from './link-status.ts';
import { PaymentLink } from './payment-link.ts';
import { parseShortCode } from './short-code.ts';
import type { ShortCode } from './short-code.ts';
import { minorUnits } from '../money/money.ts';
import type { MinorUnits } from '../money/money.ts';
import { ZERO_MINOR } from '../money/money.ts';

// Drives links through random sequences of everything that can happen to them — in any order, at
// any time, with duplicates — the way webhooks, jobs and staff actually interleave, and checks the
// invariants the rest of the system relies on after every step.

const HOUR = 60 * 60 * 1000;
const t0 = new Date('2026-05-01T00:00:00Z').getTime();
const code = parseShortCode('23456789abcdefg') as ShortCode;

type Step =
  | { kind: 'complete'; paymentIntentId: 'pi_1' | 'pi_2' | null; setupIntentId: 'seti_1' | 'seti_2' | null }
  | { kind: 'expire' }
  | { kind: 'cancel' }
  | { kind: 'refund'; perMille: number }
  | { kind: 'failure' }
  | { kind: 'attachSession'; sessionNumber: number; lifetimeHours: number }
  | { kind: 'click' }
  | { kind: 'sent'; channel: 'email' | 'sms' };

// Weighted so that sequences often get past the first terminal step: cancel is rarer than
// complete, and refunds are common enough to reach both refund states.
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('complete' as const),
      paymentIntentId: fc.constantFrom('pi_1' as const, 'pi_2' as const, null),
      setupIntentId: fc.constantFrom('seti_1' as const, 'seti_2' as const, null),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'expire' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
  // Refund totals from 0 to 120% of the amount, so both caps and out-of-order smaller totals occur.
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      perMille: fc.integer({ min: 0, max: 1200 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'failure' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('attachSession' as const),
      sessionNumber: fc.integer({ min: 1, max: 4 }),
      lifetimeHours: fc.integer({ min: -1, max: 24 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'click' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sent' as const),
      channel: fc.constantFrom('email' as const, 'sms' as const),
    }),
  },
);

// Each step happens 0 to 24 hours after the previous one, so expiry is hit before, at and after
// expiresAt (which is mostly short, so that expiry actually happens within a sequence).
const timedStepArb = fc.record({ step: stepArb, delayMinutes: fc.integer({ min: 0, max: 24 * 60 }) });

const scenarioArb = fc.record({
  type: fc.constantFrom('CHECKOUT' as const, 'CARD_UPDATE' as const),
  amountMinor: fc.integer({ min: 1, max: 1_000_000 }).map(minorUnits),
  expiresInHours: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 72 }) },
    fc.integer({ min: 1, max: 720 }),
  ),
  steps: fc.array(timedStepArb, { maxLength: 40 }),
});

function apply(link: PaymentLink, step: Step, now: Date, amountMinor: MinorUnits) {
  switch (step.kind) {
    case 'complete':
      return link.complete({ now, paymentIntentId: step.paymentIntentId, setupIntentId: step.setupIntentId });
    case 'expire':
      return link.expire(now);
    case 'cancel':
      return link.cancel(now);
    case 'refund':
      return link.recordRefund({
        totalRefundedMinor: minorUnits(Math.floor((amountMinor * step.perMille) / 1000)),
        now,
      });
    case 'failure':
      return link.recordPaymentFailure({ code: 'card_declined', message: 'Declined', now });
    case 'attachSession':
      return link.attachSession(
        {
          id: `cs_${step.sessionNumber}`,
          url: `https://checkout.example/${step.sessionNumber}`,
          expiresAt: new Date(now.getTime() + step.lifetimeHours * HOUR),
        },
        now,
      );
    case 'click':
      return link.recordClick(now);
    case 'sent':
      return link.recordSent({ channel: step.channel, recipient: 'x', now });
  }
}

const isPaid = (status: LinkStatus) => PAID_STATUSES.includes(status);

describe('PaymentLink under random sequences of events', () => {
  it('keeps its invariants whatever order things happen in', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const created = PaymentLink.create({
          id: 'link',
          organizationId: 'org',
          patientId: 'pat',
          type: scenario.type,
          currency: 'USD',
          amountMinor: scenario.type === 'CHECKOUT' ? scenario.amountMinor : null,
          shortCode: code,
          expiresInHours: scenario.expiresInHours,
          now: new Date(t0),
        });
        if (!created.ok) throw created.error;
        const link = created.value.link;
        const amount = link.amountMinor ?? ZERO_MINOR;

        let time = t0;
        let everPaid = false;
        let everClosed: LinkStatus | null = null;
        let completedAt: Date | null = null;
        let paymentIntentId: string | null = null;
        let refunded = 0;
        let clicks = 0;

        for (const { step, delayMinutes } of scenario.steps) {
          time += delayMinutes * 60 * 1000;
          const now = new Date(time);
          const before = link.status;

          // Expected outcomes are results, never exceptions.
          const result = apply(link, step, now, amount);

          if (result.ok) {
            for (const event of result.value) {
              expect(event).toMatchObject({ linkId: 'link', organizationId: 'org', occurredAt: now });
            }
          } else {
            expect(['CONFLICT', 'VALIDATION', 'INTERNAL']).toContain(result.error.code);
            // A refused action changes nothing that matters.
            expect(link.status).toBe(before);
          }

          // Once paid, always paid, and never payable again.
          if (everPaid) {
            expect(isPaid(link.status)).toBe(true);
            expect(link.isPayable(now)).toBe(false);
            expect(link.needsNewSession(now)).toBe(false);
          }
          // Once expired or cancelled, frozen there: never payable, never completed.
          if (everClosed !== null) {
            expect(link.status).toBe(everClosed);
            expect(link.isPayable(now)).toBe(false);
            expect(link.completedAt).toBeNull();
          }
          // completedAt and the payment intent are written once.
          if (completedAt !== null) {
            expect(link.completedAt).toEqual(completedAt);
            expect(link.paymentIntentId).toBe(paymentIntentId);
          }
          // Refunds only grow, never past the amount, and only on checkout links.
          expect(link.refundedMinor).toBeGreaterThanOrEqual(refunded);
          expect(link.refundedMinor).toBeLessThanOrEqual(amount);
          if (link.type === 'CARD_UPDATE') {
            expect(link.refundedMinor).toBe(0);
            expect(['REFUNDED', 'PARTIALLY_REFUNDED']).not.toContain(link.status);
          }
          // Status and fields agree.
          if (isPaid(link.status)) expect(link.completedAt).not.toBeNull();
          if (link.status === 'REFUNDED') expect(link.refundedMinor).toBe(amount);
          if (link.status === 'PARTIALLY_REFUNDED') {
            expect(link.refundedMinor).toBeGreaterThan(0);
            expect(link.refundedMinor).toBeLessThan(amount);
          }
          if (link.status === 'EXPIRED') expect(link.expiredAt).not.toBeNull();
          if (link.status === 'CANCELLED') expect(link.cancelledAt).not.toBeNull();
          if (link.isPayable(now)) {
            expect(link.status).toBe('ACTIVE');
            expect(now.getTime()).toBeLessThan(link.expiresAt.getTime());
          }
          if (step.kind === 'click') expect(link.clickCount).toBe(++clicks);

          everPaid ||= isPaid(link.status);
          if (link.status === 'EXPIRED' || link.status === 'CANCELLED') everClosed = link.status;
          completedAt ??= link.completedAt;
          if (completedAt !== null) paymentIntentId = link.paymentIntentId;
          refunded = link.refundedMinor;
        }
      }),
      { numRuns: 500 },
    );
  });
});
