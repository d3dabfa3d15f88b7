import type { z } from 'zod';
import type { orgApi } from '@shared/api/org';
import { requireRoleOver } from '../_lib/access';
import { auditInTx } from '../_lib/audit';
import { cloud, openapi } from '../_lib/cloud';
import type { HandlerContext } from '../_lib/context';
import { transaction, txGet } from '../_lib/db';
import { newJoinToken } from '../_lib/join-token';
import type { OrgDoc } from '../_lib/model';

type In<K extends keyof typeof orgApi> = z.output<(typeof orgApi)[K]['input']>;

export const JOIN_PAGE = 'pages/join/index';

/**
 * Replace the unit's join token in one transaction: the old token's document goes, so a QR
 * printed with it stops working at once. Returns the new token.
 */
async function replaceToken(ctx: HandlerContext, unit: OrgDoc, actorId: string): Promise<string> {
  const token = newJoinToken();
  await transaction(ctx.db, async (tx) => {
    const current = await txGet(tx, 'orgs', unit._id);
    if (current?.joinToken) await tx.collection('joinTokens').doc(current.joinToken).remove();
    await tx
      .collection('joinTokens')
      .doc(token)
      .set({ data: { unitId: unit._id, createdBy: actorId, createdAt: ctx.now } });
    await tx
      .collection('orgs')
      .doc(unit._id)
      .update({ data: { joinToken: token } });
    await auditInTx(tx, ctx, {
      actorId,
      action: current?.joinToken ? 'org.rotateJoinQr' : 'org.createJoinQr',
      subject: { kind: 'unit', id: unit._id },
      orgId: unit._id,
    });
  });
  return token;
}

/**
 * The unit's join QR code: a mini-program code whose scene is the unit's random join token
 * (WeChat allows 32 characters there), stored in private storage under the token's name and
 * handed out as a short-lived temp URL.
 */
export async function unitQrCode(input: In<'unitQrCode'>, ctx: HandlerContext) {
  const { user, org } = await requireRoleOver(ctx, 'unit_officer', input.unitId);
  const token = org.joinToken ?? (await replaceToken(ctx, org, user._id));
  const image = await openapi.wxacode.getUnlimited({
    scene: token,
    page: JOIN_PAGE,
    checkPath: false,
    width: 430,
  });
  const uploaded = (await cloud.uploadFile({
    cloudPath: `qrcodes/units/${token}.png`,
    fileContent: image.buffer,
  })) as unknown as { fileID: string };
  const urls = (await cloud.getTempFileURL({
    fileList: [{ fileID: uploaded.fileID, maxAge: 600 }],
  })) as unknown as { fileList: { tempFileURL: string }[] };
  return {
    scene: token,
    imageUrl: urls.fileList[0]?.tempFileURL ?? '',
    joinPath: `${JOIN_PAGE}?scene=${token}`,
    unitCode: org.code,
  };
}

export async function rotateUnitQrCode(input: In<'rotateUnitQrCode'>, ctx: HandlerContext) {
  const { user, org } = await requireRoleOver(ctx, 'unit_officer', input.unitId);
  await replaceToken(ctx, org, user._id);
  return { rotated: true as const };
}
