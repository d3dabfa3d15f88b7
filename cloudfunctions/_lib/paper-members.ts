import { coll } from './collections';
import type { HandlerContext } from './context';
import { findOne, updateById, updateWhere } from './db';
import type { UserDoc } from './model';
import type { MemberDoc } from './unitdata-model';

/**
 * A person the unit signed up on paper (unitdata import) who now registers online: their paper
 * enrolments become theirs, and they belong to that unit unless they already joined one. Keyed by
 * the ID hash, so only the holder of that ID number can take them over.
 * Round trips: member 1; when found, enrolments 1, member 1, user 1.
 */
export async function linkPaperMember(ctx: HandlerContext, user: UserDoc): Promise<boolean> {
  if (!user.idHash) return false;
  const member = await findOne<MemberDoc & { linkedUserId?: string }>(
    coll(ctx.db, 'members').where({ idHash: user.idHash }),
  );
  if (!member || (member.linkedUserId && member.linkedUserId !== user._id)) return false;
  await updateWhere(coll(ctx.db, 'enrollments').where({ userId: member._id }), {
    userId: user._id,
    updatedAt: ctx.now,
  });
  await updateById(ctx.db, 'members', member._id, { linkedUserId: user._id, updatedAt: ctx.now });
  if (user.unitStatus !== 'approved') {
    await updateById(ctx.db, 'users', user._id, {
      unitId: member.unitId,
      unitStatus: 'approved',
      updatedAt: ctx.now,
    });
  }
  return true;
}
