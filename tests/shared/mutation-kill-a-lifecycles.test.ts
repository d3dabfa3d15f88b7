/**
 * The money lifecycles as data: each machine's transition table, every final state listing no
 * move at all (not even to a state the machine does not know), so a payout batch settled, a
 * line paid, failed or held, a meeting closed or an objection decided is never moved again.
 */
import {
  appraisalMeetingLifecycle,
  authorisationLifecycle,
  claimLifecycle,
  enrollmentLifecycle,
  objectionLifecycle,
  orderLifecycle,
  payoutBatchLifecycle,
  payoutItemLifecycle,
} from '../../shared/lifecycle';

describe('a payout batch', () => {
  it('moves open → exported → settled, or open → cancelled; settled and cancelled are final', () => {
    expect(payoutBatchLifecycle.transitions).toEqual({
      open: ['exported', 'cancelled'],
      exported: ['settled'],
      settled: [],
      cancelled: [],
    });
  });
  it('a settled batch cannot be settled again', () => {
    expect(() => payoutBatchLifecycle.assert('settled', 'settled')).toThrow(
      expect.objectContaining({ code: 'COMMON.BAD_TRANSITION' }),
    );
  });
});

describe('a payout line', () => {
  it('pending becomes paid, failed or held; each of those is final', () => {
    expect(payoutItemLifecycle.transitions).toEqual({
      pending: ['paid', 'failed', 'held'],
      paid: [],
      failed: [],
      held: [],
    });
    expect(payoutItemLifecycle.states).toEqual(['pending', 'paid', 'failed', 'held']);
  });
});

describe('an appraisal meeting', () => {
  it('open → closed, closed is final', () => {
    expect(appraisalMeetingLifecycle.states).toEqual(['open', 'closed']);
    expect(appraisalMeetingLifecycle.transitions).toEqual({ open: ['closed'], closed: [] });
    expect(appraisalMeetingLifecycle.can('open', 'closed')).toBe(true);
    expect(appraisalMeetingLifecycle.labels).toEqual({ open: '会商中', closed: '已结束' });
  });
});

describe('an objection', () => {
  it('open → dismissed | upheld, both final', () => {
    expect(objectionLifecycle.states).toEqual(['open', 'dismissed', 'upheld']);
    expect(objectionLifecycle.transitions).toEqual({
      open: ['dismissed', 'upheld'],
      dismissed: [],
      upheld: [],
    });
    expect(objectionLifecycle.sourcesOf('upheld')).toEqual(['open']);
  });
});

describe('an enrolment and its order', () => {
  it('an active enrolment and a refunded order list no move', () => {
    expect(enrollmentLifecycle.transitions).toEqual({
      pending_payment: ['active', 'cancelled'],
      active: [],
      cancelled: ['pending_payment', 'active'],
    });
    expect(orderLifecycle.transitions).toEqual({
      PENDING: ['PAID', 'CLOSED'],
      CLOSED: ['PAID'],
      PAID: ['REFUNDED'],
      REFUNDED: [],
    });
  });
});

describe('a claim and an authorisation', () => {
  it('recovered, rejected and withdrawn claims list no move', () => {
    expect(claimLifecycle.transitions.recovered).toEqual([]);
    expect(claimLifecycle.transitions.rejected).toEqual([]);
    expect(claimLifecycle.transitions.withdrawn).toEqual([]);
  });
  it('an authorisation: pending → active | revoked | expired, active → revoked; the rest final', () => {
    expect(authorisationLifecycle.states).toEqual(['pending', 'active', 'revoked', 'expired']);
    expect(authorisationLifecycle.transitions).toEqual({
      pending: ['active', 'revoked', 'expired'],
      active: ['revoked'],
      revoked: [],
      expired: [],
    });
    expect(authorisationLifecycle.labels.expired).toBe('已过期');
  });
});
