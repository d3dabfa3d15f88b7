/**
 * Builders for the claims tests: insured workers, files of every kind, and the upload the client
 * makes (ticket → POST /storage/upload → attachFile), all through the real functions and routes.
 */
import { randomBytes } from 'node:crypto';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { certificateNoFor, enrollmentIdFor } from '../../cloudfunctions/_lib/enrollment-model';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import type { InputOf } from '../../shared/api';
import { ApiClient, smsSignIn, type TestApp } from './app';

export const WUJIN = 'wujin-2024';

/** Distinct content each call (so two files never share a hash unless a test wants it). */
export const files = {
  jpeg: (size = 2048) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size)]),
  png: (size = 2048) =>
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)]),
  pdf: () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(512)]),
  heic: () => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), randomBytes(512)]),
  /** A Windows executable named like a photo: refused by content. */
  exe: () => Buffer.concat([Buffer.from('MZ'), randomBytes(1024)]),
};

export interface Claimant {
  client: ApiClient;
  openid: string;
  userId: string;
  enrollmentId: string;
}

let seq = 0;

/**
 * A registered worker of the demo unit with an ACTIVE Wujin 2024 enrolment. Wujin 2024's window
 * closed in 2023, so the enrolment is written as payNotify writes it after a verified payment
 * (status active, certificate number) — the enrolment path has its own tests.
 */
export async function claimant(app: TestApp, name = '孙丽华'): Promise<Claimant> {
  // Unique within one app (a test file): ID numbers and phones may not repeat there.
  const n = 10 + seq++;
  const phone = `139${String(10_000_000 + n).slice(-8)}`;
  const { client, phoneCode, openid } = await smsSignIn(app, phone);
  await client.call('user.register', {
    name,
    idNumber: demoIdNumber('1986-04-12', n, 'female'),
    phoneCode,
    unionCardNo: `6227${String(n).padStart(12, '0')}`,
  });
  await client.call('org.joinUnit', { via: 'qr', scene: app.joinToken(DEMO.unit) });
  const userId = userIdFor(openid);
  const enrollmentId = activeEnrolment(app, userId);
  return { client, openid, userId, enrollmentId };
}

/** An active enrolment of the user in a program (Wujin 2024 by default), as after payment. */
export function activeEnrolment(
  app: TestApp,
  userId: string,
  opts: { programId?: string; coverage?: { start: string; end: string }; status?: string } = {},
): string {
  const programId = opts.programId ?? WUJIN;
  const coverage = opts.coverage ?? { start: '2024-01-01', end: '2024-12-31' };
  const id = enrollmentIdFor(userId, programId, coverage.start);
  const now = new Date();
  app.runtime.db.collection('enrollments').set(id, {
    userId,
    unitId: DEMO.unit,
    programId,
    programName: '2024 年武进区在职职工医疗互助保障',
    series: 'wujin-medical-mutual-aid',
    coverage,
    status: opts.status ?? 'active',
    totalFen: 10000,
    workerFen: 2000,
    feeLines: [],
    consent: { version: 'wujin-2024.1', hash: '0'.repeat(64), at: now },
    signatureFileId: 'cloud://local.local/signatures/x.png',
    warnings: [],
    orderAttempts: 1,
    certificateNo: certificateNoFor({ _id: id, coverage }),
    paidAt: now,
    activatedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

type Stay = NonNullable<
  Extract<InputOf<'claim.update'>['facts'], { kind: 'tiered_annual' }>['stays']
>[number];

/** A complete hospital stay in 2024 (settled through insurance unless said otherwise). */
export function stay(over: Partial<Stay> = {}): Stay {
  return {
    admittedOn: '2024-03-01',
    dischargedOn: '2024-03-10',
    hospital: '武进人民医院',
    settlement: 'insurance',
    cause: 'illness',
    selfPaidFen: 800_000,
    ...over,
  };
}

export const hospitalFacts = (...stays: Stay[]) => ({ kind: 'tiered_annual' as const, stays });

/** The client's upload: a ticket, the bytes to the staging path, then attach. */
export async function upload(
  app: TestApp,
  client: ApiClient,
  claimId: string,
  materialId: string,
  bytes: Buffer,
  stayIndex?: number,
) {
  const ticket = await client.call('claim.uploadTicket', { claimId, materialId, stayIndex });
  const fileID = await putStaged(client, ticket.cloudPath, bytes);
  return client.try('claim.attachFile', { claimId, ticketId: ticket.ticketId, fileID });
}

/** POST /storage/upload?path= with the session's bearer token (the H5 stand-in for wx.cloud.uploadFile). */
export async function putStaged(client: ApiClient, cloudPath: string, bytes: Buffer): Promise<string> {
  const res = await client.http.request(
    'POST',
    `/storage/upload?path=${encodeURIComponent(cloudPath)}`,
    undefined,
    {
      raw: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    },
  );
  if (res.status !== 200) throw new Error(`upload failed ${res.status}: ${res.text}`);
  return res.body.data.fileID as string;
}

/**
 * What the review function (next issue) will do: a decision stored on the claim. Written directly
 * here because that function does not exist yet; the shape is ClaimDoc.decision.
 */
export function decideDirectly(
  app: TestApp,
  claimId: string,
  amountFen: number,
  status = 'approved',
  decidedAt = new Date(),
) {
  app.runtime.db
    .collection('claims')
    .update({ _id: claimId }, { $set: { status, decision: { amountFen, decidedAt } } });
}
