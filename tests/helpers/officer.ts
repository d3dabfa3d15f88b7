/**
 * Test-data builders for the officer tests: people with grants, written straight into the
 * runtime's store (the seed's own way), and registered sign-ins through the real functions.
 */
import { EJSON } from 'bson';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import type { TestApp } from './app';

export interface Grant {
  role: 'unit_officer' | 'district_reviewer' | 'centre_reviewer' | 'centre_finance' | 'centre_admin';
  orgId: string;
}

/** A registered person (no real ID: officers' tests need none) holding `grants`; returns the openid. */
export function officerWith(app: TestApp, openid: string, grants: Grant[], extra: object = {}): string {
  const now = new Date();
  app.runtime.db.collection('users').set(userIdFor(openid), {
    openid,
    registered: true,
    name: '测试干部',
    nameMasked: '测*部',
    unitStatus: 'none',
    roles: [],
    grants,
    createdAt: now,
    updatedAt: now,
    ...extra,
  });
  // Signing in as this person in tests (dev login knows only listed identities).
  app.runtime.db
    .collection('_rt_demo_identities')
    .set(`test_${openid}`, { openid, label: openid, role: 'test', order: 999 });
  return openid;
}

/** Writes documents straight into the store, a thousand per request (one commit each). */
export function insertMany(app: TestApp, collection: string, docs: object[]): void {
  for (let i = 0; i < docs.length; i += 1000) {
    const reply = app.runtime.db.handle('database.insertDocument', {
      collectionName: collection,
      data: docs.slice(i, i + 1000).map((d) => EJSON.stringify(d, { relaxed: false })),
    });
    if (reply.code) throw new Error(`${reply.code}: ${reply.message}`);
  }
}

/** Approved members of a unit, written in one go (for the quota and group tests). */
export function membersOf(app: TestApp, unitId: string, count: number, prefix: string): string[] {
  const now = new Date();
  const docs = Array.from({ length: count }, (_, i) => {
    const openid = `${prefix}-${i}`;
    return {
      _id: userIdFor(openid),
      openid,
      registered: true,
      name: '职工',
      nameMasked: '职*',
      unitId,
      unitStatus: 'approved',
      roles: ['worker'],
      createdAt: now,
      updatedAt: now,
    };
  });
  insertMany(app, 'users', docs);
  return docs.map((d) => d._id);
}

export const grantsOf = (app: TestApp, openid: string): Grant[] =>
  app.runtime.db.collection('users').get(userIdFor(openid))?.grants ?? [];
