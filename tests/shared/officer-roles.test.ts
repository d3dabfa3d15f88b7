import {
  grantAuthority,
  outranksOrEquals,
  ROLE_LEVELS,
  ROLE_RANK,
  type OfficerRole,
} from '../../shared/officer/roles';
import {
  ancestorsUnder,
  canSitUnder,
  rebasedAncestors,
  regionUnder,
  wouldCycle,
} from '../../shared/officer/org-tree';
import { inviteRefusal } from '../../shared/officer/invite';

const province = { _id: 'p', ancestors: [], level: 'province' as const };
const city = { _id: 'c', ancestors: ['p'], level: 'city' as const };
const district = { _id: 'd', ancestors: ['p', 'c'], level: 'district' as const };
const district2 = { _id: 'd2', ancestors: ['p', 'c'], level: 'district' as const };
const unit = { _id: 'u', ancestors: ['p', 'c', 'd'], level: 'grassroots' as const };
const unit2 = { _id: 'u2', ancestors: ['p', 'c', 'd2'], level: 'grassroots' as const };

describe('who may grant which role', () => {
  test('a role is granted by a higher rank or the same role, inside the grantor’s subtree', () => {
    expect(grantAuthority([{ role: 'centre_admin', orgId: 'p' }], 'unit_officer', unit)).toMatchObject({
      ok: true,
    });
    expect(grantAuthority([{ role: 'unit_officer', orgId: 'u' }], 'unit_officer', unit)).toMatchObject({
      ok: true,
    });
    expect(grantAuthority([{ role: 'district_reviewer', orgId: 'd' }], 'unit_officer', unit)).toMatchObject({
      ok: true,
    });
    expect(grantAuthority([{ role: 'district_reviewer', orgId: 'd' }], 'unit_officer', unit2)).toEqual({
      ok: false,
      reason: 'OUTSIDE_SUBTREE',
    });
    expect(grantAuthority([{ role: 'unit_officer', orgId: 'u' }], 'unit_officer', unit2)).toEqual({
      ok: false,
      reason: 'OUTSIDE_SUBTREE',
    });
  });

  test('nobody grants a role above their own; the centre reviewer and finance are peers', () => {
    expect(grantAuthority([{ role: 'centre_reviewer', orgId: 'c' }], 'centre_admin', city)).toEqual({
      ok: false,
      reason: 'ROLE_ABOVE_OWN',
    });
    expect(grantAuthority([{ role: 'centre_reviewer', orgId: 'c' }], 'centre_finance', city)).toEqual({
      ok: false,
      reason: 'ROLE_ABOVE_OWN',
    });
    expect(
      grantAuthority([{ role: 'district_reviewer', orgId: 'd' }], 'district_reviewer', district2),
    ).toEqual({
      ok: false,
      reason: 'OUTSIDE_SUBTREE',
    });
    // Any grant that reaches and outranks suffices (a person may hold several).
    expect(
      grantAuthority(
        [
          { role: 'unit_officer', orgId: 'u' },
          { role: 'centre_finance', orgId: 'c' },
        ],
        'district_reviewer',
        district,
      ),
    ).toEqual({ ok: true, via: { role: 'centre_finance', orgId: 'c' } });
  });

  test('each role binds to its level of org only', () => {
    expect(grantAuthority([{ role: 'centre_admin', orgId: 'p' }], 'unit_officer', district)).toEqual({
      ok: false,
      reason: 'ROLE_LEVEL',
    });
    expect(grantAuthority([{ role: 'centre_admin', orgId: 'p' }], 'centre_admin', unit)).toEqual({
      ok: false,
      reason: 'ROLE_LEVEL',
    });
    expect(grantAuthority([{ role: 'centre_admin', orgId: 'p' }], 'centre_admin', province)).toMatchObject({
      ok: true,
    });
  });

  test('the rank order is total over the roles and has no role outranking the admin', () => {
    const roles = Object.keys(ROLE_RANK) as OfficerRole[];
    for (const r of roles) {
      expect(ROLE_LEVELS[r].length).toBeGreaterThan(0);
      expect(outranksOrEquals(r, r)).toBe(true);
      if (r !== 'centre_admin') expect(outranksOrEquals(r, 'centre_admin')).toBe(false);
      expect(outranksOrEquals('centre_admin', r)).toBe(true);
    }
  });
});

describe('the org tree', () => {
  test('levels: province → city → district / bureau / industry → grassroots', () => {
    expect(canSitUnder('province', 'city')).toBe(true);
    expect(canSitUnder('city', 'bureau')).toBe(true);
    expect(canSitUnder('bureau', 'grassroots')).toBe(true);
    expect(canSitUnder('district', 'district')).toBe(false);
    expect(canSitUnder('grassroots', 'grassroots')).toBe(false);
  });

  test('a move never goes into the org’s own subtree, and descendants are rebased', () => {
    expect(wouldCycle(city, district)).toBe(true);
    expect(wouldCycle(city, city)).toBe(true);
    expect(wouldCycle(district, district2)).toBe(false);
    expect(ancestorsUnder(district2)).toEqual(['p', 'c', 'd2']);
    expect(rebasedAncestors(['p', 'c', 'd'], 'd', ['p', 'c2'])).toEqual(['p', 'c2', 'd']);
    expect(rebasedAncestors(['x'], 'd', ['p'])).toEqual(['x']);
  });

  test('regions follow the parent, a district names its own', () => {
    const cz = { province: '江苏省', city: '常州市' };
    expect(regionUnder(cz, 'district', { district: '天宁区' })).toEqual({ ...cz, district: '天宁区' });
    expect(regionUnder({ ...cz, district: '武进区' }, 'grassroots')).toEqual({ ...cz, district: '武进区' });
    expect(regionUnder(cz, 'bureau')).toEqual(cz);
    expect(regionUnder(undefined, 'grassroots')).toBeUndefined();
  });
});

describe('invites', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const live = {
    status: 'active' as const,
    expiresAt: new Date('2026-06-02T00:00:00Z'),
    uses: 0,
    maxUses: 1,
  };
  test('revoked, expired and used-up invites are refused, in that order', () => {
    expect(inviteRefusal(live, now)).toBeNull();
    expect(inviteRefusal({ ...live, uses: 1 }, now)).toBe('INVITE_USED_UP');
    expect(inviteRefusal({ ...live, expiresAt: now }, now)).toBe('INVITE_EXPIRED');
    expect(inviteRefusal({ ...live, status: 'revoked', uses: 1, expiresAt: now }, now)).toBe(
      'INVITE_REVOKED',
    );
  });
});
