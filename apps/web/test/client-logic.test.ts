// The logic that runs in the dashboard's browser code, tested on its own: the generator's live total
// (integer minor units, the server's parser), the channel reasons shown next to disabled checkboxes,
// the "expiring soon" badge, the charts' calendar of days, and the words for each message's fate.
import { describe, expect, it } from 'vitest';
import { draftTotal } from '../app/components/draft-total.ts';
import { channelProblem } from '../app/components/contact.ts';
import { cardLabel, expiringSoon } from '../app/components/card.ts';
import { everyDay } from '../app/components/bar-chart.tsx';
import { appendPickedRows } from '../app/components/bulk-rows.ts';
import { statusLabel } from '../app/components/links-table.tsx';
import { anyRefused, outcomeSentence, type MessageOutcome } from '../app/components/message-outcomes.tsx';

const item = (price: string, quantity = '1', name = 'Visit') => ({ name, price, quantity });

describe('the link generator’s live total', () => {
  it('adds line items exactly, in minor units', () => {
    expect(draftTotal('items', '', [item('0.10', '3'), item('0.20')], 'USD')).toEqual({
      minor: 50,
      decimal: '0.50',
      incomplete: [],
    });
    expect(draftTotal('items', '', [item('19.99', '2'), item('120')], 'USD').decimal).toBe('159.98');
    expect(draftTotal('items', '', [item('1500', '2')], 'JPY').decimal).toBe('3000');
  });

  it('names the lines it can’t count yet, and ignores an empty row', () => {
    const t = draftTotal(
      'items',
      '',
      [item('25'), item('12.345'), item('10', '0'), item('', '1', ''), item('abc')],
      'USD',
    );
    expect(t.minor).toBe(2500);
    expect(t.incomplete).toEqual([2, 3, 5]);
  });

  it('uses the single amount when there are no items', () => {
    expect(draftTotal('amount', ' 150.5 ', [], 'USD').decimal).toBe('150.50');
    expect(draftTotal('amount', '-3', [], 'USD').minor).toBe(0);
  });
});

describe('channel reasons', () => {
  const reachable = {
    email: 'a@example.com',
    phone: '+12025550111',
    canReceiveEmail: true,
    canReceiveSms: true,
    smsOptedOut: false,
    emailOptedOut: false,
  };
  it('says why a channel is off, in the order staff can fix it', () => {
    expect(channelProblem(null, 'sms')).toBe('choose a patient first');
    expect(channelProblem(reachable, 'sms')).toBeNull();
    expect(channelProblem({ ...reachable, phone: null }, 'sms')).toBe('no mobile number on file');
    expect(channelProblem({ ...reachable, smsOptedOut: true }, 'sms')).toBe('replied STOP to texts');
    expect(channelProblem({ ...reachable, emailOptedOut: true }, 'email')).toBe('unsubscribed from email');
    expect(channelProblem({ ...reachable, canReceiveEmail: false }, 'email')).toBe(
      'the email address bounced',
    );
  });
});

describe('cards on file', () => {
  it('shows brand, last four and expiry only; "expiring soon" covers this month and next', () => {
    const card = { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2026 };
    expect(cardLabel(card)).toBe('visa •••• 4242 (12/26)');
    expect(expiringSoon(card, new Date('2026-11-26T12:00:00Z'))).toBe(true);
    expect(expiringSoon(card, new Date('2026-10-01T12:00:00Z'))).toBe(false);
    expect(expiringSoon({ ...card, expMonth: 1, expYear: 2027 }, new Date('2026-12-05T12:00:00Z'))).toBe(
      true,
    );
    expect(expiringSoon(null)).toBe(false);
  });
});

describe('chart days', () => {
  it('fills every calendar day of the range with zeros, across a month end', () => {
    const days = everyDay('2026-02-27', '2026-03-02', [{ date: '2026-03-01', count: 4 }], { count: 0 });
    expect(days).toEqual([
      { date: '2026-02-27', count: 0 },
      { date: '2026-02-28', count: 0 },
      { date: '2026-03-01', count: 4 },
      { date: '2026-03-02', count: 0 },
    ]);
  });
});

describe('bulk rows from picked patients', () => {
  it('adds a header to an empty box, quotes what needs it, and keeps rows already there', () => {
    const rows = appendPickedRows('', [{ id: 'p-1' }, { id: 'p-2' }], {
      amount: ' 25.00 ',
      description: 'Copay, "March"',
      channel: 'both',
    });
    expect(rows).toBe(
      'patient,amount,description,channel\np-1,25.00,"Copay, ""March""",both\np-2,25.00,"Copay, ""March""",both',
    );
    expect(
      appendPickedRows(`${rows}\n`, [{ id: 'p-3' }], { amount: '5', description: '', channel: 'sms' }),
    ).toBe(`${rows}\np-3,5,,sms`);
  });
});

describe('link status labels', () => {
  it('says a completed card-update link saved a card, not that it was paid', () => {
    expect(statusLabel('COMPLETED', 'CHECKOUT')).toBe('Paid');
    expect(statusLabel('COMPLETED', 'CARD_UPDATE')).toBe('Card saved');
    expect(statusLabel('ACTIVE', 'CARD_UPDATE')).toBe(statusLabel('ACTIVE', 'CHECKOUT'));
  });
});

describe('what a page says happened to each message', () => {
  const message = (over: Partial<MessageOutcome>): MessageOutcome => ({
    channel: 'email',
    recipient: 'jordan.rivera@example.com',
    status: 'queued',
    reason: 'initial',
    refusedReason: null,
    scheduledFor: null,
    ...over,
  });
  const say = (m: MessageOutcome) => outcomeSentence(m, 'America/New_York', 'en-US');

  it('says on its way, held until when (in the clinic’s time zone), or not sent and why', () => {
    expect(say(message({}))).toBe('Email to jordan.rivera@example.com: sending now.');
    expect(
      say(
        message({
          channel: 'sms',
          recipient: '+12025550111',
          status: 'scheduled',
          scheduledFor: '2026-03-17T12:00:00.000Z',
        }),
      ),
    ).toBe('Text to +12025550111: held for texting hours, goes Tue, Mar 17, 8:00 AM EDT.');
    expect(
      say(message({ status: 'refused', refusedReason: 'contact limit reached (3 messages a week)' })),
    ).toBe('Email not sent: contact limit reached (3 messages a week).');
    expect(say(message({ reason: 'fallback' }))).toBe(
      'Email to jordan.rivera@example.com (instead of the text): sending now.',
    );
    expect(say(message({ status: 'failed', errorMessage: '550 no such user' }))).toBe(
      'Email to jordan.rivera@example.com: not delivered (550 no such user).',
    );
  });

  it('counts a refusal or a failure as something to point out', () => {
    expect(anyRefused([message({}), message({ status: 'scheduled' })])).toBe(false);
    expect(anyRefused([message({}), message({ status: 'refused', refusedReason: 'x' })])).toBe(true);
  });
});
