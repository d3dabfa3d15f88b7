/** The benefit calculator and its fact / history types. */
export * from './facts';
export { calculate, calculateAmount, claimPeriod, findBenefit, type CalcAmount } from './calculate';
export { compileTierLookup, tierAmount, tierIndex, tierLabel } from './tiers';
export {
  BOUNDARY_RULE_LABELS,
  attributeStay,
  crossesBoundary,
  shareByDays,
  type Attribution,
} from './boundary';
