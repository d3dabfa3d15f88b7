import type { z } from 'zod';
import type { orgApi } from '../../shared/api/org';
import { AppError } from '../../shared/errors';
import { requireRoleOver } from '../_lib/access';
import { cloud, openapi } from '../_lib/cloud';
import type { HandlerContext } from '../_lib/context';

type In<K extends keyof typeof orgApi> = z.output<(typeof orgApi)[K]['input']>;

export const JOIN_PAGE = 'pages/join/index';

/**
 * The unit's join QR code: a mini-program code whose scene is the unit's short code (WeChat
 * allows 32 characters there), stored in private storage and handed out as a short-lived temp URL.
 */
export async function unitQrCode(input: In<'unitQrCode'>, ctx: HandlerContext) {
  const { org } = await requireRoleOver(ctx, 'unit_officer', input.unitId);
  if (!org.code) throw new AppError('ORG.NO_CODE', '该单位尚未分配二维码编号');
  const cloudPath = `qrcodes/units/${org._id}.png`;
  const image = await openapi.wxacode.getUnlimited({
    scene: org.code,
    page: JOIN_PAGE,
    checkPath: false,
    width: 430,
  });
  const uploaded = (await cloud.uploadFile({ cloudPath, fileContent: image.buffer })) as unknown as {
    fileID: string;
  };
  const urls = (await cloud.getTempFileURL({
    fileList: [{ fileID: uploaded.fileID, maxAge: 600 }],
  })) as unknown as {
    fileList: { tempFileURL: string }[];
  };
  return {
    scene: org.code,
    imageUrl: urls.fileList[0]?.tempFileURL ?? '',
    joinPath: `${JOIN_PAGE}?scene=${org.code}`,
  };
}
