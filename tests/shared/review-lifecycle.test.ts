/** The review's states: the claim machine's new moves and the payout batch's machine. */
import {
  claimLifecycle,
  payoutBatchLifecycle,
  payoutItemLifecycle,
  objectionLifecycle,
} from '../../shared/lifecycle';

test('claim: release and pass-on go back to the queue; critical illness via the meeting; recovery after payment', () => {
  expect(claimLifecycle.can('centre_review', 'submitted')).toBe(true);
  expect(claimLifecycle.can('unit_precheck', 'submitted')).toBe(true);
  expect(claimLifecycle.can('centre_review', 'appraisal')).toBe(true);
  expect(claimLifecycle.can('appraisal', 'approved')).toBe(true);
  expect(claimLifecycle.can('submitted', 'approved')).toBe(false);
  expect(claimLifecycle.can('paid', 'recovery')).toBe(true);
  expect(claimLifecycle.can('recovery', 'recovered')).toBe(true);
  expect(claimLifecycle.can('recovered', 'paid')).toBe(false);
  expect(claimLifecycle.can('paid', 'approved')).toBe(false);
  expect(claimLifecycle.labels.recovery).toBe('追回中');
  expect(() => claimLifecycle.assert('rejected', 'approved')).toThrow(/未通过/);
});

test('payout batch: open → exported → settled once; only an open batch is cancelled', () => {
  expect(payoutBatchLifecycle.can('open', 'exported')).toBe(true);
  expect(payoutBatchLifecycle.can('exported', 'settled')).toBe(true);
  expect(payoutBatchLifecycle.can('settled', 'settled')).toBe(false);
  expect(payoutBatchLifecycle.can('exported', 'cancelled')).toBe(false);
  expect(payoutItemLifecycle.sourcesOf('paid')).toEqual(['pending']);
  expect(objectionLifecycle.can('dismissed', 'upheld')).toBe(false);
});
