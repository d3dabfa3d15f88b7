/**
 * The lifecycles money moves along, state by state: which moves each state allows is the rule
 * (a claim is paid only through a payout batch after approval, an order is paid once and
 * refunded only after it was paid, an active enrolment stays active). Every allowed move is
 * listed, so a move added or lost shows here.
 */
import {
  appraisalMeetingLifecycle,
  authorisationLifecycle,
  CLAIM_ACCEPTS_MATERIAL,
  CLAIM_DECIDED,
  CLAIM_EDITABLE,
  CLAIM_IN_REVIEW,
  CLAIM_OPEN,
  claimLifecycle,
  defineMachine,
  enrollmentLifecycle,
  objectionLifecycle,
  orderLifecycle,
  payoutBatchLifecycle,
  payoutItemLifecycle,
  type Machine,
} from '../../shared/lifecycle';

/** Asserts exactly these moves from `from` (allowed ones and, for every other state, refused). */
function movesFrom<S extends string>(m: Machine<S>, from: S, allowed: readonly S[]) {
  for (const to of m.states) expect([from, to, m.can(from, to)]).toEqual([from, to, allowed.includes(to)]);
}

describe('a WeChat Pay order', () => {
  it('is paid or closed while pending', () => movesFrom(orderLifecycle, 'PENDING', ['PAID', 'CLOSED']));
  it('closed, is still paid when the payment is found later (and never reopens)', () =>
    movesFrom(orderLifecycle, 'CLOSED', ['PAID']));
  it('paid, can only be refunded', () => movesFrom(orderLifecycle, 'PAID', ['REFUNDED']));
  it('refunded, is final', () => movesFrom(orderLifecycle, 'REFUNDED', []));
  it('is marked paid only from pending or closed, refunded only from paid (conditional updates)', () => {
    expect(orderLifecycle.sourcesOf('PAID')).toEqual(['PENDING', 'CLOSED']);
    expect(orderLifecycle.sourcesOf('REFUNDED')).toEqual(['PAID']);
    expect(orderLifecycle.sourcesOf('CLOSED')).toEqual(['PENDING']);
    expect(orderLifecycle.states).toEqual(['PENDING', 'CLOSED', 'PAID', 'REFUNDED']);
  });
});

describe('an enrolment', () => {
  it('waiting for payment becomes active once paid, or is cancelled', () =>
    movesFrom(enrollmentLifecycle, 'pending_payment', ['active', 'cancelled']));
  it('active stays active: a second payment is refunded, never a second cover', () =>
    movesFrom(enrollmentLifecycle, 'active', []));
  it('cancelled, is enrolled again (pending) or activated by money that still arrived', () =>
    movesFrom(enrollmentLifecycle, 'cancelled', ['pending_payment', 'active']));
});

describe('a claim', () => {
  const m = claimLifecycle;
  it('draft: submitted or abandoned', () => movesFrom(m, 'draft', ['submitted', 'withdrawn']));
  it('submitted: opened by the unit or the centre, or withdrawn — never approved unopened', () =>
    movesFrom(m, 'submitted', ['unit_precheck', 'centre_review', 'withdrawn']));
  it('unit pre-check: passed on, asked for material, rejected or released — a unit never approves', () =>
    movesFrom(m, 'unit_precheck', ['centre_review', 'needs_material', 'rejected', 'submitted']));
  it('centre review: approves, rejects, asks, releases or sends to the appraisal meeting', () =>
    movesFrom(m, 'centre_review', ['approved', 'rejected', 'needs_material', 'submitted', 'appraisal']));
  it('appraisal: the meeting approves or rejects, asks for material, or hands it back', () =>
    movesFrom(m, 'appraisal', ['approved', 'rejected', 'needs_material', 'centre_review']));
  it('needs material: resubmitted or withdrawn', () =>
    movesFrom(m, 'needs_material', ['submitted', 'withdrawn']));
  it('approved: goes into a payout batch, or is rejected by an objection before the money left', () =>
    movesFrom(m, 'approved', ['in_payout', 'rejected']));
  it('in payout: paid, or back to approved when the transfer fails', () =>
    movesFrom(m, 'in_payout', ['paid', 'approved']));
  it('paid: only recovery (an objection upheld or an exclusion found later)', () =>
    movesFrom(m, 'paid', ['recovery']));
  it('recovery: recovered when the money is back', () => movesFrom(m, 'recovery', ['recovered']));
  it('recovered, rejected and withdrawn are final', () => {
    for (const s of ['recovered', 'rejected', 'withdrawn'] as const) movesFrom(m, s, []);
  });
  it('money leaves only through a payout batch after approval', () => {
    expect(m.sourcesOf('paid')).toEqual(['in_payout']);
    expect(m.sourcesOf('in_payout')).toEqual(['approved']);
    expect(m.sourcesOf('approved')).toEqual(['centre_review', 'appraisal', 'in_payout']);
  });

  it('counts its amount against later claims of the period once decided, until paid', () => {
    expect(CLAIM_DECIDED).toEqual(['approved', 'in_payout', 'paid']);
  });
  it('is edited by the claimant only as a draft; material is added to a draft or when asked for', () => {
    expect(CLAIM_EDITABLE).toEqual(['draft']);
    expect(CLAIM_ACCEPTS_MATERIAL).toEqual(['draft', 'needs_material']);
  });
  it('is open from submission until decided or withdrawn; in review while an officer holds it', () => {
    expect(CLAIM_OPEN).toEqual([
      'submitted',
      'unit_precheck',
      'centre_review',
      'appraisal',
      'needs_material',
    ]);
    expect(CLAIM_IN_REVIEW).toEqual(['unit_precheck', 'centre_review', 'appraisal']);
  });
});

describe('an authorisation to claim for a worker', () => {
  const m = authorisationLifecycle;
  it('pending: accepted, revoked or expired', () =>
    movesFrom(m, 'pending', ['active', 'revoked', 'expired']));
  it('active: only revoked', () => movesFrom(m, 'active', ['revoked']));
  it('revoked and expired are final', () => {
    movesFrom(m, 'revoked', []);
    movesFrom(m, 'expired', []);
  });
});

describe('a payout batch and its items', () => {
  it('open: exported for the bank, or cancelled', () =>
    movesFrom(payoutBatchLifecycle, 'open', ['exported', 'cancelled']));
  it('exported: settled once, never cancelled (the file went to the bank)', () =>
    movesFrom(payoutBatchLifecycle, 'exported', ['settled']));
  it('settled and cancelled are final', () => {
    movesFrom(payoutBatchLifecycle, 'settled', []);
    movesFrom(payoutBatchLifecycle, 'cancelled', []);
  });
  it('an item: paid, failed or held from pending, then final', () => {
    movesFrom(payoutItemLifecycle, 'pending', ['paid', 'failed', 'held']);
    for (const s of ['paid', 'failed', 'held'] as const) movesFrom(payoutItemLifecycle, s, []);
  });
  it('the appraisal meeting closes once; an objection is dismissed or upheld once', () => {
    movesFrom(appraisalMeetingLifecycle, 'open', ['closed']);
    movesFrom(appraisalMeetingLifecycle, 'closed', []);
    movesFrom(objectionLifecycle, 'open', ['dismissed', 'upheld']);
    movesFrom(objectionLifecycle, 'dismissed', []);
    movesFrom(objectionLifecycle, 'upheld', []);
  });
});

describe('a machine', () => {
  const m = defineMachine('t', { a: ['b'], b: [] }, { a: 'A', b: 'B' });
  it('refuses a move it does not list, and a state it does not know, with a coded error', () => {
    expect(m.can('a', 'b')).toBe(true);
    expect(m.can('b', 'a')).toBe(false);
    expect(m.can('x' as 'a', 'b')).toBe(false);
    expect(() => m.assert('a', 'b')).not.toThrow();
    expect(() => m.assert('b', 'a')).toThrow(expect.objectContaining({ code: 'COMMON.BAD_TRANSITION' }));
    expect(() => m.assert('x' as 'a', 'b')).toThrow(
      expect.objectContaining({ code: 'COMMON.BAD_TRANSITION' }),
    );
  });
  it('names the states a move may start from, for conditional updates', () => {
    expect(m.sourcesOf('b')).toEqual(['a']);
    expect(m.sourcesOf('a')).toEqual([]);
  });
});
