import { createHash, randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { claimApi } from '@shared/api/claim';
import { AppError } from '@shared/errors';
import { authorisationLifecycle } from '@shared/lifecycle';
import { requireRegistered } from '../_lib/access';
import { newId } from '../_lib/audit';
import type { AuthorisationDoc } from '../_lib/claim-model';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, findOne, getById, insert, updateWhere } from '../_lib/db';
import { consume, type Limit } from '../_lib/rate-limit';

type In<K extends keyof typeof claimApi> = z.output<(typeof claimApi)[K]['input']>;

/** Unambiguous letters and digits (no 0/O, 1/I): 10 of them are 50 bits. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_TTL_MS = 24 * 3600 * 1000;
const MAX_LIVE = 5;
/** Code attempts per caller: a family member types one or two, a script would try millions. */
const ACCEPT_LIMIT: Limit = {
  bucket: 'authcode',
  max: 10,
  windowMs: 3600 * 1000,
  code: 'CLAIM.RATE_LIMITED',
};

const newCode = () => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
const codeHash = (code: string) => createHash('sha256').update(`claim-authorisation:${code}`).digest('hex');
const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : undefined);

function view(a: AuthorisationDoc) {
  return {
    id: a._id,
    enrollmentId: a.enrollmentId,
    programName: a.programName,
    kind: a.kind,
    status: a.status,
    statusLabel: authorisationLifecycle.labels[a.status],
    workerName: a.workerName,
    granteeName: a.granteeName,
    codeExpiresAt: a.status === 'pending' ? iso(a.codeExpiresAt) : undefined,
    createdAt: iso(a.createdAt)!,
    acceptedAt: iso(a.acceptedAt),
    revokedAt: iso(a.revokedAt),
  };
}

/**
 * The worker lets someone file for one enrolment: a family member, identified by nothing but a
 * random one-time code the worker passes on (valid 24 h; only its hash is stored), or the unit's
 * officers (active at once). Round trips: user, enrolment, its authorisations, (the unit), insert.
 */
export async function grantAuthorisation(input: In<'grantAuthorisation'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  const enrollment = await getById(ctx.db, 'enrollments', input.enrollmentId);
  if (!enrollment || enrollment.userId !== user._id)
    throw new AppError('ENROLL.NOT_FOUND', undefined, 'payload.enrollmentId');
  if (enrollment.status !== 'active')
    throw new AppError('CLAIM.ENROLLMENT_NOT_ACTIVE', undefined, 'payload.enrollmentId');
  const _ = ctx.db.command;
  const live = await findMany<AuthorisationDoc>(
    coll(ctx.db, 'authorisations')
      .where({ enrollmentId: enrollment._id, status: _.in(['pending', 'active']) })
      .limit(50),
  );
  const existingUnit = live.find((a) => a.kind === 'unit_officer');
  if (input.to === 'unit_officer' && existingUnit) return { authorisation: view(existingUnit) };
  if (live.length >= MAX_LIVE) throw new AppError('CLAIM.AUTH_LIMIT');
  const doc: AuthorisationDoc = {
    _id: newId('az'),
    enrollmentId: enrollment._id,
    workerId: user._id,
    workerName: user.nameMasked ?? '',
    programName: enrollment.programName,
    kind: input.to,
    status: input.to === 'family' ? 'pending' : 'active',
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  let code: string | undefined;
  if (input.to === 'family') {
    code = newCode();
    doc.codeHash = codeHash(code);
    doc.codeExpiresAt = new Date(ctx.now.getTime() + CODE_TTL_MS);
  } else {
    const unit = await getById(ctx.db, 'orgs', enrollment.unitId);
    doc.unitId = enrollment.unitId;
    doc.granteeName = unit?.name ?? '';
    doc.acceptedAt = ctx.now;
  }
  await insert(ctx.db, 'authorisations', doc);
  return { authorisation: view(doc), code };
}

/**
 * The family member accepts with the code (rate-limited per caller). One conditional update on
 * the pending state, so a code works once. Round trips: user, rate window, look-up by hash, update.
 */
export async function acceptAuthorisation(input: In<'acceptAuthorisation'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  await consume(ctx, ACCEPT_LIMIT, user._id);
  const invalid = new AppError('CLAIM.INVALID_AUTH_CODE', undefined, 'payload.code');
  const hash = codeHash(input.code);
  const found = await findOne<AuthorisationDoc>(coll(ctx.db, 'authorisations').where({ codeHash: hash }));
  if (!found || found.status !== 'pending') throw invalid;
  if (found.workerId === user._id) throw new AppError('CLAIM.AUTH_SELF', undefined, 'payload.code');
  const _ = ctx.db.command;
  if (new Date(found.codeExpiresAt ?? 0).getTime() <= ctx.now.getTime()) {
    await updateWhere(coll(ctx.db, 'authorisations').where({ _id: found._id, status: 'pending' }), {
      status: 'expired',
      codeHash: _.remove(),
      updatedAt: ctx.now,
    });
    throw invalid;
  }
  const accepted = {
    status: 'active' as const,
    granteeId: user._id,
    granteeName: user.nameMasked ?? '',
    acceptedAt: ctx.now,
    updatedAt: ctx.now,
  };
  const moved = await updateWhere(
    coll(ctx.db, 'authorisations').where({ _id: found._id, status: 'pending', codeHash: hash }),
    { ...accepted, codeHash: _.remove(), codeExpiresAt: _.remove() },
  );
  if (!moved) throw invalid;
  const { codeHash: _h, codeExpiresAt: _e, ...rest } = found;
  return view({ ...rest, ...accepted });
}

/** The worker revokes: the next call of the authorised person is refused (every call re-checks). */
export async function revokeAuthorisation(input: In<'revokeAuthorisation'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  const found = await getById(ctx.db, 'authorisations', input.authorisationId);
  if (!found || found.workerId !== user._id)
    throw new AppError('CLAIM.AUTH_NOT_FOUND', undefined, 'payload.authorisationId');
  if (found.status === 'revoked') return view(found);
  const _ = ctx.db.command;
  const moved = await updateWhere(
    coll(ctx.db, 'authorisations').where({
      _id: found._id,
      status: _.in(authorisationLifecycle.sourcesOf('revoked')),
    }),
    { status: 'revoked', revokedAt: ctx.now, updatedAt: ctx.now, codeHash: _.remove() },
  );
  if (!moved)
    throw new AppError(
      'COMMON.BAD_TRANSITION',
      `当前状态（${authorisationLifecycle.labels[found.status]}）下不能撤销`,
    );
  return view({ ...found, status: 'revoked', revokedAt: ctx.now, codeHash: undefined });
}

/**
 * What the caller granted and what they hold (as a family member, or as the officer of a unit
 * whose workers authorised it). Indexes: authorisations (workerId, createdAt), (granteeId, status),
 * (unitId, kind, status).
 */
export async function authorisations(_input: In<'authorisations'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  const _ = ctx.db.command;
  const unitIds = (user.grants ?? []).filter((g) => g.role === 'unit_officer').map((g) => g.orgId);
  const [granted, asFamily, asUnit] = await Promise.all([
    findMany<AuthorisationDoc>(
      coll(ctx.db, 'authorisations').where({ workerId: user._id }).orderBy('createdAt', 'desc').limit(50),
    ),
    findMany<AuthorisationDoc>(
      coll(ctx.db, 'authorisations').where({ granteeId: user._id, status: 'active' }).limit(50),
    ),
    unitIds.length
      ? findMany<AuthorisationDoc>(
          coll(ctx.db, 'authorisations')
            .where({ unitId: _.in(unitIds), kind: 'unit_officer', status: 'active' })
            .limit(100),
        )
      : Promise.resolve([]),
  ]);
  return { granted: granted.map(view), received: [...asFamily, ...asUnit].map(view) };
}
