import { describe, expect, it } from 'vitest';
import { Message } from './message.ts';

describe('Message delivery status', () => {
  const at = new Date('2026-03-16T15:00:00Z');
  it('moves forward only, and the first final report stands', () => {
    const m = new Message();
    m.status = 'sending';
    expect(m.applyDeliveryStatus('delivered', at)).toBe(true);
    expect(m.applyDeliveryStatus('sent', at)).toBe(false);
    expect(m.applyDeliveryStatus('failed', at)).toBe(false);
    expect(m.status).toBe('delivered');
  });
  it('records the error of a failure', () => {
    const m = new Message();
    m.status = 'sent';
    expect(m.applyDeliveryStatus('undelivered', at, { code: '30003', message: 'Unreachable' })).toBe(true);
    expect(m).toMatchObject({ status: 'undelivered', errorCode: '30003', failedAt: at });
  });
  it('never revives a refused message', () => {
    const m = new Message();
    m.status = 'refused';
    expect(m.applyDeliveryStatus('delivered', at)).toBe(false);
  });
});
