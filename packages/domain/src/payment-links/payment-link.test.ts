import { describe, expect, it } from 'vitest';
import type { AppError } from '../shared/app-error.ts';
import type { Result } from '../shared/result.ts';
import type { LinkEvent } from './link-events.ts';
import { PaymentLink } from './payment-link.ts';
import type { CreatePaymentLinkInput } from './payment-link.ts';
import { parseShortCode } from './short-code.ts';
import type { ShortCode } from './short-code.ts';
import { minorUnits } from '../money/money.ts';

const HOUR = 60 * 60 * 1000;
const t0 = new Date('2026-03-01T09:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);
const code = parseShortCode('abcdefghjkmnpqr') as ShortCode;

function input(overrides: Partial<CreatePaymentLinkInput> = {}): CreatePaymentLinkInput {
  return {
    id: 'link-1',
    organizationId: 'org-1',
    providerId: 'prov-1',
    patientId: 'pat-1',
    createdByUserId: 'user-1',
    type: 'CHECKOUT',
    currency: 'USD',
    amountMinor: minorUnits(15_000),
    lineItems: [
      { name: 'Exam', unitAmountMinor: minorUnits(10_000), quantity: 1 },
      { name: 'X-ray', unitAmountMinor: minorUnits(2_500), quantity: 2 },
    ],
    description: 'Visit on 28 Feb',
    shortCode: code,
    now: t0,
    sendVia: ['email', 'sms'],
    customMessage: 'Thanks for visiting!',
    stripeCustomerId: 'cus_1',
    metadata: { source: 'dashboard' },
    ...overrides,
  };
}

function created(overrides: Partial<CreatePaymentLinkInput> = {}): PaymentLink {
  const result = PaymentLink.create(input(overrides));
  if (!result.ok) throw result.error;
  return result.value.link;
}

function cardUpdate(): PaymentLink {
  return created({ type: 'CARD_UPDATE', amountMinor: null, lineItems: [] });
}

function events(result: Result<LinkEvent[], AppError>): LinkEvent[] {
  if (!result.ok) throw result.error;
  return result.value;
}

function failure(result: Result<unknown, AppError>): AppError {
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

function fields(overrides: Partial<CreatePaymentLinkInput>): string[] {
  return failure(PaymentLink.create(input(overrides))).fieldErrors.map((e) => e.field);
}

function paid(): PaymentLink {
  const link = created();
  events(link.complete({ now: at(1), paymentIntentId: 'pi_1', amountPaidMinor: minorUnits(15_000) }));
  return link;
}

describe('PaymentLink.create', () => {
  it('creates an ACTIVE checkout link expiring after 72 hours by default', () => {
    const result = PaymentLink.create(input());
    if (!result.ok) throw result.error;
    const { link, events: created } = result.value;
    expect(link).toBeInstanceOf(PaymentLink);
    expect(link).toMatchObject({
      id: 'link-1',
      organizationId: 'org-1',
      providerId: 'prov-1',
      patientId: 'pat-1',
      createdByUserId: 'user-1',
      type: 'CHECKOUT',
      status: 'ACTIVE',
      currency: 'USD',
      amountMinor: 15_000,
      shortCode: 'abcdefghjkmnpqr',
      expiresAt: at(72),
      completedAt: null,
      refundedMinor: 0,
      clickCount: 0,
      sendVia: ['email', 'sms'],
      stripeCustomerId: 'cus_1',
      stripeSessionId: null,
      metadata: { source: 'dashboard' },
      createdAt: t0,
      updatedAt: t0,
    });
    expect(created).toEqual([
      {
        type: 'LinkCreated',
        linkId: 'link-1',
        organizationId: 'org-1',
        occurredAt: t0,
        linkType: 'CHECKOUT',
        patientId: 'pat-1',
        providerId: 'prov-1',
        currency: 'USD',
        amountMinor: 15_000,
        expiresAt: at(72),
      },
    ]);
  });

  it('defaults CARD_UPDATE links to 30 days and takes no amount', () => {
    const link = cardUpdate();
    expect(link.expiresAt).toEqual(at(720));
    expect(link.amountMinor).toBeNull();
    expect(fields({ type: 'CARD_UPDATE', amountMinor: minorUnits(100), lineItems: [] })).toEqual(['amount']);
    expect(fields({ type: 'CARD_UPDATE', amountMinor: null })).toEqual(['items']);
  });

  it('has a usable no-argument constructor for the ORM', () => {
    const link = new PaymentLink();
    expect(link.status).toBe('ACTIVE');
    expect(link.lineItems).toEqual([]);
    expect(link.version).toBe(1);
  });

  it('normalizes optional text and channels', () => {
    const link = created({
      description: '   ',
      customMessage: '  Hi  ',
      sendVia: ['sms', 'sms'],
      providerId: undefined,
    });
    expect(link.description).toBeNull();
    expect(link.customMessage).toBe('Hi');
    expect(link.sendVia).toEqual(['sms']);
    expect(link.providerId).toBeNull();
  });

  // Raw values, as a caller without types could send them (10.5, -1): the runtime checks refuse them.
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a zero amount', { amountMinor: 0, lineItems: [] }, ['amount']],
    ['a missing amount', { amountMinor: null, lineItems: [] }, ['amount']],
    ['a fractional amount', { amountMinor: 10.5, lineItems: [] }, ['amount']],
    ['items that do not add up', { amountMinor: 14_999 }, ['amount', 'items']],
    [
      'an invalid item',
      { lineItems: [{ name: '', unitAmountMinor: 15_000, quantity: 1 }] },
      ['items[0].name'],
    ],
    [
      'a negative item price',
      { lineItems: [{ name: 'X', unitAmountMinor: -1, quantity: 1 }] },
      ['items[0].price'],
    ],
    ['expiry of 0 hours', { expiresInHours: 0 }, ['expiresIn']],
    ['expiry over 720 hours', { expiresInHours: 721 }, ['expiresIn']],
    ['a fractional expiry', { expiresInHours: 1.5 }, ['expiresIn']],
    ['a 501-character description', { description: 'x'.repeat(501) }, ['description']],
    ['a 321-character message', { customMessage: 'x'.repeat(321) }, ['customMessage']],
    ['an unknown channel', { sendVia: ['fax'] }, ['sendVia']],
    ['an unsupported currency', { currency: 'XYZ' }, ['currency']],
    [
      'too many metadata keys',
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      ['metadata'],
    ],
  ])('rejects %s', (_label, overrides, expected) => {
    expect(fields(overrides as Partial<CreatePaymentLinkInput>)).toEqual(expected);
  });

  it('reports several problems at once', () => {
    expect(
      fields({ amountMinor: minorUnits(0), lineItems: [], expiresInHours: 0, description: 'x'.repeat(501) }),
    ).toEqual(['amount', 'expiresIn', 'description']);
  });

  it('accepts the boundary values', () => {
    expect(created({ expiresInHours: 1 }).expiresAt).toEqual(at(1));
    expect(created({ expiresInHours: 720 }).expiresAt).toEqual(at(720));
    expect(
      created({ description: 'x'.repeat(500), customMessage: 'y'.repeat(320) }).description,
    ).toHaveLength(500);
    expect(created({ amountMinor: minorUnits(1), lineItems: [] }).amountMinor).toBe(1);
  });

  it('refuses a short code that was forced through a cast', () => {
    expect(failure(PaymentLink.create(input({ shortCode: 'not-a-code' as ShortCode }))).code).toBe(
      'INTERNAL',
    );
  });
});

describe('isPayable / needsNewSession', () => {
  it('is payable while ACTIVE and before expiresAt', () => {
    const link = created();
    expect(link.isPayable(at(71.9))).toBe(true);
    expect(link.isPayable(at(72))).toBe(false);
    events(link.cancel(at(1)));
    expect(link.isPayable(at(2))).toBe(false);
  });

  it('needs a session when none exists or the current one is about to end', () => {
    const link = created();
    expect(link.needsNewSession(at(0))).toBe(true);
    events(link.attachSession({ id: 'cs_1', url: 'https://checkout/1', expiresAt: at(24) }, at(0)));
    expect(link.needsNewSession(at(1))).toBe(false);
    expect(link.needsNewSession(new Date(at(24).getTime() - 61_000))).toBe(false);
    expect(link.needsNewSession(new Date(at(24).getTime() - 60_000))).toBe(true);
    expect(link.needsNewSession(at(80))).toBe(false); // expired link: no session at all
  });
});

describe('attachSession', () => {
  it('attaches the first session silently and announces replacements', () => {
    const link = created();
    expect(events(link.attachSession({ id: 'cs_1', url: 'https://c/1', expiresAt: at(24) }, at(0)))).toEqual(
      [],
    );
    expect(events(link.attachSession({ id: 'cs_1', url: 'https://c/1', expiresAt: at(24) }, at(1)))).toEqual(
      [],
    );
    expect(events(link.attachSession({ id: 'cs_2', url: 'https://c/2', expiresAt: at(48) }, at(24)))).toEqual(
      [
        {
          type: 'SessionRenewed',
          linkId: 'link-1',
          organizationId: 'org-1',
          occurredAt: at(24),
          previousSessionId: 'cs_1',
          sessionId: 'cs_2',
          sessionExpiresAt: at(48),
        },
      ],
    );
    expect(link).toMatchObject({
      stripeSessionId: 'cs_2',
      stripeSessionUrl: 'https://c/2',
      stripeSessionExpiresAt: at(48),
    });
  });

  it('refuses sessions for links that cannot be paid, and sessions already over', () => {
    const link = created();
    expect(failure(link.attachSession({ id: 'cs', url: 'u', expiresAt: at(100) }, at(72))).code).toBe(
      'CONFLICT',
    );
    expect(failure(link.attachSession({ id: 'cs', url: 'u', expiresAt: at(1) }, at(1))).code).toBe(
      'INTERNAL',
    );
    expect(failure(paid().attachSession({ id: 'cs', url: 'u', expiresAt: at(24) }, at(2))).code).toBe(
      'CONFLICT',
    );
  });
});

describe('complete', () => {
  it('marks a checkout link paid', () => {
    const link = created();
    const result = events(
      link.complete({
        now: at(5),
        paymentIntentId: 'pi_1',
        amountPaidMinor: minorUnits(15_000),
        receiptUrl: 'https://r',
      }),
    );
    expect(link).toMatchObject({
      status: 'COMPLETED',
      completedAt: at(5),
      paymentIntentId: 'pi_1',
      receiptUrl: 'https://r',
    });
    expect(result).toEqual([
      {
        type: 'LinkCompleted',
        linkId: 'link-1',
        organizationId: 'org-1',
        occurredAt: at(5),
        linkType: 'CHECKOUT',
        paymentIntentId: 'pi_1',
        setupIntentId: null,
        currency: 'USD',
        amountMinor: 15_000,
        amountPaidMinor: 15_000,
      },
    ]);
    expect(link.isPayable(at(6))).toBe(false);
  });

  it('marks a card update link complete with a setup intent', () => {
    const link = cardUpdate();
    expect(events(link.complete({ now: at(5), setupIntentId: 'seti_1' }))).toHaveLength(1);
    expect(link).toMatchObject({ status: 'COMPLETED', setupIntentId: 'seti_1' });
    expect(events(link.complete({ now: at(6), setupIntentId: 'seti_1' }))).toEqual([]);
    expect(failure(link.complete({ now: at(6), setupIntentId: 'seti_2' })).code).toBe('CONFLICT');
  });

  it('requires the identifier for the link type', () => {
    expect(failure(created().complete({ now: at(1) })).fieldErrors[0]?.field).toBe('paymentIntentId');
    expect(failure(cardUpdate().complete({ now: at(1), paymentIntentId: 'pi' })).fieldErrors[0]?.field).toBe(
      'setupIntentId',
    );
  });

  it('is idempotent for the same payment intent, and may fill in a missing receipt', () => {
    const link = paid();
    expect(events(link.complete({ now: at(2), paymentIntentId: 'pi_1', receiptUrl: 'https://r' }))).toEqual(
      [],
    );
    expect(link.completedAt).toEqual(at(1));
    expect(link.receiptUrl).toBe('https://r');
  });

  it('reports a second, different payment as a conflict', () => {
    const error = failure(paid().complete({ now: at(2), paymentIntentId: 'pi_2' }));
    expect(error.code).toBe('CONFLICT');
  });

  it('still records a payment that lands after expiresAt but before the expiry job ran', () => {
    const link = created();
    events(link.complete({ now: at(72.2), paymentIntentId: 'pi_1' }));
    expect(link.status).toBe('COMPLETED');
  });

  it('refuses payments for expired and cancelled links', () => {
    const expired = created();
    events(expired.expire(at(72)));
    expect(failure(expired.complete({ now: at(73), paymentIntentId: 'pi_1' }))).toMatchObject({
      code: 'CONFLICT',
      message: 'The link has expired',
    });
    expect(expired.status).toBe('EXPIRED');

    const cancelled = created();
    events(cancelled.cancel(at(1)));
    expect(failure(cancelled.complete({ now: at(2), paymentIntentId: 'pi_1' })).code).toBe('CONFLICT');
  });

  it('reports an amount mismatch without refusing money already taken', () => {
    const link = created();
    const [event] = events(
      link.complete({ now: at(1), paymentIntentId: 'pi_1', amountPaidMinor: minorUnits(14_000) }),
    );
    expect(link.status).toBe('COMPLETED');
    expect(event).toMatchObject({ amountMinor: 15_000, amountPaidMinor: 14_000 });
  });
});

describe('expire', () => {
  it('expires an ACTIVE link once its time has come', () => {
    const link = created();
    events(link.attachSession({ id: 'cs_1', url: 'u', expiresAt: at(24) }, at(0)));
    expect(failure(link.expire(at(71))).code).toBe('CONFLICT');
    expect(events(link.expire(at(72)))).toEqual([
      {
        type: 'LinkExpired',
        linkId: 'link-1',
        organizationId: 'org-1',
        occurredAt: at(72),
        stripeSessionId: 'cs_1',
      },
    ]);
    expect(link).toMatchObject({ status: 'EXPIRED', expiredAt: at(72) });
    expect(events(link.expire(at(73)))).toEqual([]);
    expect(link.expiredAt).toEqual(at(72));
  });

  it('is a no-op on paid and cancelled links (out-of-order delivery)', () => {
    const link = paid();
    expect(events(link.expire(at(100)))).toEqual([]);
    expect(link.status).toBe('COMPLETED');
    const cancelled = created();
    events(cancelled.cancel(at(1)));
    expect(events(cancelled.expire(at(100)))).toEqual([]);
    expect(cancelled.status).toBe('CANCELLED');
  });
});

describe('cancel', () => {
  it('cancels an ACTIVE link, idempotently', () => {
    const link = created();
    expect(events(link.cancel(at(3)))).toEqual([
      {
        type: 'LinkCancelled',
        linkId: 'link-1',
        organizationId: 'org-1',
        occurredAt: at(3),
        stripeSessionId: null,
      },
    ]);
    expect(link).toMatchObject({ status: 'CANCELLED', cancelledAt: at(3) });
    expect(events(link.cancel(at(4)))).toEqual([]);
    expect(link.cancelledAt).toEqual(at(3));
  });

  it('refuses to cancel a paid or expired link', () => {
    expect(failure(paid().cancel(at(2)))).toMatchObject({
      code: 'CONFLICT',
      message: 'A paid link cannot be cancelled',
    });
    const expired = created();
    events(expired.expire(at(72)));
    expect(failure(expired.cancel(at(73))).code).toBe('CONFLICT');
  });
});

describe('recordRefund', () => {
  it('moves through partial to full refund, monotonically', () => {
    const link = paid();
    expect(events(link.recordRefund({ totalRefundedMinor: minorUnits(5_000), now: at(2) }))).toEqual([
      {
        type: 'LinkRefunded',
        linkId: 'link-1',
        organizationId: 'org-1',
        occurredAt: at(2),
        currency: 'USD',
        totalRefundedMinor: 5_000,
        newlyRefundedMinor: 5_000,
        fullyRefunded: false,
      },
    ]);
    expect(link).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedMinor: 5_000 });

    // An older webhook with a smaller total arrives late: ignored.
    expect(events(link.recordRefund({ totalRefundedMinor: minorUnits(3_000), now: at(3) }))).toEqual([]);
    expect(link.refundedMinor).toBe(5_000);

    const [full] = events(link.recordRefund({ totalRefundedMinor: minorUnits(15_000), now: at(4) }));
    expect(full).toMatchObject({ newlyRefundedMinor: 10_000, fullyRefunded: true });
    expect(link).toMatchObject({ status: 'REFUNDED', refundedMinor: 15_000 });
    expect(events(link.recordRefund({ totalRefundedMinor: minorUnits(15_000), now: at(5) }))).toEqual([]);
  });

  it('caps the total at the amount charged', () => {
    const link = paid();
    events(link.recordRefund({ totalRefundedMinor: minorUnits(99_999), now: at(2) }));
    expect(link).toMatchObject({ status: 'REFUNDED', refundedMinor: 15_000 });
  });

  it('refuses refunds for unpaid links, card updates and nonsense totals', () => {
    expect(failure(created().recordRefund({ totalRefundedMinor: minorUnits(100), now: at(1) })).code).toBe(
      'CONFLICT',
    );
    const card = cardUpdate();
    events(card.complete({ now: at(1), setupIntentId: 'seti' }));
    expect(failure(card.recordRefund({ totalRefundedMinor: minorUnits(100), now: at(2) })).code).toBe(
      'CONFLICT',
    );
    // @ts-expect-error -- the type refuses it; the runtime check still does, for callers without types
    expect(failure(paid().recordRefund({ totalRefundedMinor: -1, now: at(2) })).code).toBe('VALIDATION');
    // @ts-expect-error -- the type refuses it; the runtime check still does, for callers without types
    expect(failure(paid().recordRefund({ totalRefundedMinor: 1.5, now: at(2) })).code).toBe('VALIDATION');
  });

  it('treats a zero total on a paid link as nothing to record', () => {
    const link = paid();
    expect(events(link.recordRefund({ totalRefundedMinor: minorUnits(0), now: at(2) }))).toEqual([]);
    expect(link.status).toBe('COMPLETED');
  });
});

describe('recordPaymentFailure / recordClick / recordSent', () => {
  it('records a failed attempt and stays ACTIVE', () => {
    const link = created();
    expect(
      events(link.recordPaymentFailure({ code: 'card_declined', message: 'Declined', now: at(1) })),
    ).toEqual([
      {
        type: 'PaymentFailed',
        linkId: 'link-1',
        organizationId: 'org-1',
        occurredAt: at(1),
        code: 'card_declined',
        message: 'Declined',
      },
    ]);
    expect(link).toMatchObject({
      status: 'ACTIVE',
      lastPaymentFailureCode: 'card_declined',
      lastPaymentFailureMessage: 'Declined',
      lastPaymentFailedAt: at(1),
    });
    expect(link.isPayable(at(2))).toBe(true);
  });

  it('ignores stale failures after payment', () => {
    const link = paid();
    expect(events(link.recordPaymentFailure({ code: 'x', message: 'y', now: at(2) }))).toEqual([]);
    expect(link.lastPaymentFailureCode).toBeNull();
  });

  it('counts clicks in any status', () => {
    const link = paid();
    events(link.recordClick(at(2)));
    const [event] = events(link.recordClick(at(3)));
    expect(event).toMatchObject({ type: 'LinkClicked', clickCount: 2 });
    expect(link).toMatchObject({ clickCount: 2, lastClickedAt: at(3) });
  });

  it('records where the link was sent', () => {
    const link = created();
    events(link.recordSent({ channel: 'email', recipient: 'pat@example.com', now: at(1) }));
    events(link.recordSent({ channel: 'sms', recipient: '+14155550100', now: at(2) }));
    expect(link).toMatchObject({
      sentViaEmail: true,
      emailSentAt: at(1),
      recipientEmail: 'pat@example.com',
      sentViaSms: true,
      smsSentAt: at(2),
      recipientPhone: '+14155550100',
    });
  });
});

describe('events', () => {
  it('never carry the short code or the description', () => {
    const link = created();
    const all = [
      ...events(link.attachSession({ id: 'cs_1', url: 'u', expiresAt: at(24) }, at(0))),
      ...events(link.recordClick(at(1))),
      ...events(link.complete({ now: at(1), paymentIntentId: 'pi' })),
      ...events(link.recordRefund({ totalRefundedMinor: minorUnits(100), now: at(2) })),
    ];
    const serialized = JSON.stringify(all);
    expect(serialized).not.toContain(link.shortCode);
    expect(serialized).not.toContain('Visit on 28 Feb');
  });
});
