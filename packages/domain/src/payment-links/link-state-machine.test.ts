import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINK_ACTIONS, nextStatus } from './link-state-machine.ts';
import type { LinkAction } from './link-state-machine.ts';
import { LINK_STATUSES, PAID_STATUSES } from './link-status.ts';
import type { LinkStatus } from './link-status.ts';

const statusArb = fc.constantFrom(...LINK_STATUSES);
const actionArb = fc.constantFrom(...LINK_ACTIONS);

/** Applies actions, keeping the status on ignore/reject, and returns every status visited. */
function run(start: LinkStatus, actions: readonly LinkAction[]): LinkStatus[] {
  const visited = [start];
  let status = start;
  for (const action of actions) {
    const t = nextStatus(status, action);
    if (t.kind === 'move') status = t.to;
    visited.push(status);
  }
  return visited;
}

describe('nextStatus', () => {
  it('moves ACTIVE to each outcome', () => {
    expect(nextStatus('ACTIVE', 'COMPLETE')).toEqual({ kind: 'move', to: 'COMPLETED' });
    expect(nextStatus('ACTIVE', 'EXPIRE')).toEqual({ kind: 'move', to: 'EXPIRED' });
    expect(nextStatus('ACTIVE', 'CANCEL')).toEqual({ kind: 'move', to: 'CANCELLED' });
    expect(nextStatus('ACTIVE', 'REFUND_FULL').kind).toBe('reject');
  });

  it('refuses to cancel a paid link and lets refunds through', () => {
    expect(nextStatus('COMPLETED', 'CANCEL')).toEqual({
      kind: 'reject',
      reason: 'A paid link cannot be cancelled',
    });
    expect(nextStatus('COMPLETED', 'REFUND_PARTIAL')).toEqual({ kind: 'move', to: 'PARTIALLY_REFUNDED' });
    expect(nextStatus('PARTIALLY_REFUNDED', 'REFUND_FULL')).toEqual({ kind: 'move', to: 'REFUNDED' });
    expect(nextStatus('REFUNDED', 'REFUND_PARTIAL')).toEqual({ kind: 'ignore' });
  });

  it('treats late expiry as a no-op everywhere but ACTIVE', () => {
    for (const status of LINK_STATUSES.filter((s) => s !== 'ACTIVE')) {
      expect(nextStatus(status, 'EXPIRE')).toEqual({ kind: 'ignore' });
    }
  });

  it('never completes or refunds an EXPIRED or CANCELLED link', () => {
    for (const status of ['EXPIRED', 'CANCELLED'] as const) {
      for (const action of ['COMPLETE', 'REFUND_PARTIAL', 'REFUND_FULL'] as const) {
        expect(nextStatus(status, action).kind).toBe('reject');
      }
    }
  });

  it('never returns to ACTIVE, and terminal or paid states stay in their family', () => {
    fc.assert(
      fc.property(statusArb, fc.array(actionArb, { maxLength: 30 }), (start, actions) => {
        const visited = run(start, actions);
        const after = visited.slice(1);
        if (start !== 'ACTIVE') expect(after).not.toContain('ACTIVE');
        visited.forEach((status, i) => {
          const later = visited.slice(i);
          if (PAID_STATUSES.includes(status)) {
            for (const s of later) expect(PAID_STATUSES).toContain(s);
          }
          if (status === 'EXPIRED' || status === 'CANCELLED') {
            for (const s of later) expect(s).toBe(status);
          }
          if (status === 'REFUNDED') for (const s of later) expect(s).toBe('REFUNDED');
        });
      }),
    );
  });

  it('has an answer for every status and action', () => {
    for (const status of LINK_STATUSES) {
      for (const action of LINK_ACTIONS)
        expect(['move', 'ignore', 'reject']).toContain(nextStatus(status, action).kind);
    }
  });
});
