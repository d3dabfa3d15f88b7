/** The benefit calculator and its fact / history types. */
export * from './facts';
export { calculate, claimPeriod, findBenefit } from './calculate';
export { tierAmount, tierIndex, tierLabel } from './tiers';
