import { normaliseDocumentNo, type ClaimFactsDraft } from '@shared/claims';
import type { ClaimDoc, ClaimFileDoc } from './claim-model';
import { filesWithHashes } from './claim-files';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany } from './db';
import { lookupHash } from './pii';

export type DuplicateFlag = NonNullable<ClaimDoc['duplicates']>[number];

/** Claims holding any of the invoice keys. Index: claims (invoiceKeys). */
function claimsWithInvoiceKeys(ctx: HandlerContext, keys: string[]): Promise<ClaimDoc[]> {
  if (keys.length === 0) return Promise.resolve([]);
  const _ = ctx.db.command;
  return findMany<ClaimDoc>(
    coll(ctx.db, 'claims')
      .where({ invoiceKeys: _.in(keys) })
      .limit(100),
  );
}

/**
 * The same image (content hash) or the same invoice number in another claim (withdrawn claims
 * aside). Two indexed look-ups in parallel (one round trip); no scans.
 */
export async function findDuplicates(
  ctx: HandlerContext,
  claim: Pick<ClaimDoc, '_id' | 'workerId'>,
  facts: ClaimFactsDraft,
  files: readonly ClaimFileDoc[],
): Promise<DuplicateFlag[]> {
  const stayKeys =
    'stays' in facts
      ? facts.stays.map((s) => (s.invoiceNo ? lookupHash('invoice', normaliseDocumentNo(s.invoiceNo)) : null))
      : [];
  const keys = Array.from(new Set(stayKeys.filter((k): k is string => k !== null)));
  const [sameFiles, sameInvoices] = await Promise.all([
    filesWithHashes(ctx, Array.from(new Set(files.map((f) => f.sha256)))),
    claimsWithInvoiceKeys(ctx, keys),
  ]);
  const flags: DuplicateFlag[] = [];
  for (const f of files) {
    const others = sameFiles.filter((x) => x.sha256 === f.sha256 && x.claimId !== claim._id);
    if (others.length)
      flags.push({
        kind: 'image',
        fileId: f._id,
        otherClaimIds: Array.from(new Set(others.map((o) => o.claimId))),
        ownClaim: others.every((o) => o.workerId === claim.workerId),
      });
  }
  const otherClaims = sameInvoices.filter((c) => c._id !== claim._id && c.status !== 'withdrawn');
  stayKeys.forEach((key, stayIndex) => {
    if (!key) return;
    const others = otherClaims.filter((c) => c.invoiceKeys.includes(key));
    if (others.length)
      flags.push({
        kind: 'invoice',
        stayIndex,
        otherClaimIds: others.map((o) => o._id),
        ownClaim: others.every((o) => o.workerId === claim.workerId),
      });
  });
  return flags;
}
