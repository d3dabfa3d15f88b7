/**
 * The benefits a worker can claim under an enrolment's program, as the server reports them
 * (`claim.benefits`, and `programBenefits` on a claim view) from the stored program.
 */
export type { ClaimableBenefit, ClaimFactsKind as FactsKind } from '@shared/claims/benefits';
