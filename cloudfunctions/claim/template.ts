import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { claimApi } from '@shared/api/claim';
import { templateFor } from '@shared/claims';
import { AppError } from '@shared/errors';
import { cloud } from '../_lib/cloud';
import { tempUrl } from '../_lib/claim-files';
import { loadClaimAs, programAndBenefit } from '../_lib/claims';
import type { HandlerContext } from '../_lib/context';
import { textPdf } from '../_lib/pdf';

type In<K extends keyof typeof claimApi> = z.output<(typeof claimApi)[K]['input']>;

const TEMPLATE_URL_SECONDS = 600;

/**
 * A checklist item's template, generated as a PDF from the program data (the death-benefit
 * declaration): the same content gets the same storage path, so it is written once per program.
 * No personal data in it. Round trips: user + claim, (authorisations), program, upload, temp URL.
 */
export async function template(input: In<'template'>, ctx: HandlerContext) {
  const { claim } = await loadClaimAs(ctx, input.claimId);
  const { program, benefit } = await programAndBenefit(ctx, claim);
  const doc = templateFor(program, benefit, input.materialId);
  if (!doc) throw new AppError('CLAIM.NO_TEMPLATE', undefined, 'payload.materialId');
  const bytes = textPdf(doc.title, doc.lines);
  const name = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const uploaded = (await cloud.uploadFile({
    cloudPath: `templates/${name}.pdf`,
    fileContent: bytes,
  })) as unknown as {
    fileID: string;
  };
  return {
    fileName: doc.fileName,
    url: await tempUrl(uploaded.fileID, TEMPLATE_URL_SECONDS),
    expiresAt: new Date(ctx.now.getTime() + TEMPLATE_URL_SECONDS * 1000).toISOString(),
  };
}
