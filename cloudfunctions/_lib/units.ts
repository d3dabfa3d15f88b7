import type { UnitSummary } from '@shared/api/org';
import { AppError } from '@shared/errors';
import type { HandlerContext } from './context';
import { getById } from './db';
import type { OrgDoc } from './model';
import { consume, LIMITS } from './rate-limit';

export const toSummary = (org: OrgDoc): UnitSummary => ({
  id: org._id,
  name: org.name,
  parentName: org.parentName,
});

/**
 * The unit a join token stands for (public: the landing page names the unit before sign-in).
 * Rate-limited per caller, so tokens cannot be guessed by trying; a rotated (old) token is gone from joinTokens and fails at once.
 * Round trips: rate limit 1, token 1, unit 1.
 */
export async function unitByScene(ctx: HandlerContext, scene: string): Promise<OrgDoc> {
  // Signed-in callers are counted by account, anonymous ones (the QR landing before sign-in) by address.
  await consume(ctx, LIMITS.scene, ctx.caller.openid ?? `ip:${ctx.caller.clientIp ?? 'unknown'}`);
  const token = await getById(ctx.db, 'joinTokens', scene);
  const unit = token ? await getById(ctx.db, 'orgs', token.unitId) : null;
  if (!unit || unit.level !== 'grassroots' || unit.joinToken !== scene)
    throw new AppError('ORG.SCENE_NOT_FOUND', undefined, 'payload.scene');
  return unit;
}
