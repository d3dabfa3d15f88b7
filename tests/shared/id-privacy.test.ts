/**
 * What is stored in clear about a person must not narrow their ID number to a few candidates:
 * an attacker who sees the masked ID (lists, certificates) and knows the unit's district (the
 * first 6 digits) must still face at least 1,000 candidates. The only clear field beside the
 * mask is the sex (the birth date is sealed), which the shown 17th digit reveals anyway.
 */
import { idCheckChar, maskIdNumber } from '../../shared/identity';

interface Known {
  masked: string;
  regionCode: string;
  birthDate?: string;
  sex?: 'male' | 'female';
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const weighted = (digits: string, offset: number) =>
  [...digits].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[offset + i]!, 0);

/**
 * Every ID consistent with what is known, over birth dates of people aged 16–75 in 2026. The
 * check digit is a weighted sum mod 11, so orders are grouped by their share of the sum and
 * each date is combined with the groups (a test pins residueCheck to idCheckChar).
 */
function candidates(k: Known): number {
  const shownLast2 = k.masked.slice(-2);
  const region = weighted(k.regionCode, 0);
  const orderByResidue = new Array<number>(11).fill(0);
  for (let order = 0; order < 1000; order++) {
    const o = String(order).padStart(3, '0');
    if (k.sex && (order % 2 === 1 ? 'male' : 'female') !== k.sex) continue;
    if (o[2] !== shownLast2[0]) continue;
    orderByResidue[weighted(o, 14) % 11]!++;
  }
  const checks = Array.from({ length: 11 }, (_, r) => residueCheck(r));
  let count = 0;
  const start = Date.UTC(1951, 0, 1);
  const end = Date.UTC(2010, 11, 31);
  for (let t = start; t <= end; t += 86_400_000) {
    const birth = new Date(t).toISOString().slice(0, 10);
    if (k.birthDate && birth !== k.birthDate) continue;
    if (k.masked.slice(0, 2) !== k.regionCode.slice(0, 2)) continue;
    const partial = region + weighted(birth.replace(/-/g, ''), 6);
    for (let r = 0; r < 11; r++) {
      if (orderByResidue[r] && checks[(partial + r) % 11] === shownLast2[1]) count += orderByResidue[r]!;
    }
  }
  return count;
}

/** GB 11643: the check character for a weighted-sum residue. */
function residueCheck(residue: number): string {
  return '10X98765432'[residue]!;
}

const samples = ['320412198805160037', '32041219900214002X', '320412197603080088'].map((base) => {
  const first17 = base.slice(0, 17);
  return first17 + idCheckChar(first17);
});

test('the residue table is the one idCheckChar uses', () => {
  for (const id of samples) expect(residueCheck(weighted(id.slice(0, 17), 0) % 11)).toBe(id[17]);
});

describe('the masked ID and the clear fields leave at least 1,000 candidates', () => {
  test.each(samples)('%s', (id) => {
    const sex = Number(id[16]) % 2 === 1 ? ('male' as const) : ('female' as const);
    const n = candidates({ masked: maskIdNumber(id), regionCode: id.slice(0, 6), sex });
    expect(n).toBeGreaterThanOrEqual(1000);
  });

  test('the check is able to fail: a clear birth date beside the mask leaves too few', () => {
    const id = samples[0]!;
    const n = candidates({ masked: maskIdNumber(id), regionCode: id.slice(0, 6), birthDate: '1988-05-16' });
    expect(n).toBeLessThan(1000);
  });
});
