import {
  ageOn,
  idCheckChar,
  idLast4,
  maskCardNumber,
  maskIdNumber,
  maskName,
  maskPhone,
  parseIdNumber,
  probablyRetired,
  statutoryRetirement,
} from '../../shared/identity';

/** A valid ID number from region, birth date (YYYYMMDD) and sequence (3 digits, odd = male). */
function anId(region = '320412', birth = '19850615', seq = '123'): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + idCheckChar(first17);
}

describe('ID numbers (GB 11643)', () => {
  it('accepts the sample of the Guangdong form and derives birth date and sex', () => {
    expect(parseIdNumber('440105197101290061', '2026-11-24')).toEqual({
      ok: true,
      idNumber: '440105197101290061',
      birthDate: '1971-01-29',
      sex: 'female',
      regionCode: '440105',
    });
  });

  it('accepts a lower-case x check character and reads odd sequence as male', () => {
    // Find a sequence whose check character is X.
    let id = '';
    for (let s = 100; s < 999 && !id.endsWith('X'); s++) id = anId('110101', '19900307', String(s));
    const r = parseIdNumber(id.toLowerCase(), '2026-11-24');
    expect(r.ok && r.idNumber).toBe(id);
    expect(r.ok && r.sex).toBe(Number(id[16]) % 2 === 1 ? 'male' : 'female');
    expect(
      parseIdNumber(anId('320412', '19850615', '131')).ok && parseIdNumber(anId('320412', '19850615', '131')),
    ).toMatchObject({ sex: 'male' });
  });

  it.each([
    ['44010519710129006', 'IDENTITY.ID_FORMAT'],
    ['4401051971012900A1', 'IDENTITY.ID_FORMAT'],
    ['440105710129006', 'IDENTITY.ID_LEGACY_15'],
    ['440105197101290062', 'IDENTITY.ID_CHECKSUM'],
    [anId('990101'), 'IDENTITY.ID_REGION'],
    [anId('320412', '19850230'), 'IDENTITY.ID_BIRTH_DATE'],
    [anId('320412', '20300101'), 'IDENTITY.ID_BIRTH_DATE'],
    [anId('320412', '18991231'), 'IDENTITY.ID_BIRTH_DATE'],
  ])('rejects %s with %s', (id, code) => {
    const r = parseIdNumber(id, '2026-11-24');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe(code);
    expect(!r.ok && r.message).toMatch(/身份证/);
  });

  it('computes age in whole years', () => {
    expect(ageOn('1985-06-15', '2025-06-14')).toBe(39);
    expect(ageOn('1985-06-15', '2025-06-15')).toBe(40);
  });
});

describe('masking for display', () => {
  it('keeps only the first 2 and last 2 characters of an ID number', () => {
    expect(maskIdNumber('320412198506151234')).toBe('32**************34');
  });
  it('shows cards and officers their last 4 only', () => {
    expect(maskCardNumber('6227 0012 3456 0012')).toBe('**** 0012');
    expect(idLast4('320412198506151234')).toBe('****1234');
  });
  it('masks names and phones', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('*');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('statutory retirement age after the 2025 reform', () => {
  it.each([
    // [birth, sex, category, years, months, reached on]
    ['1964-12-15', 'male', 'unknown', 60, 0, '2024-12-15'],
    ['1965-01-10', 'male', 'unknown', 60, 1, '2025-02-10'],
    ['1965-04-30', 'male', 'unknown', 60, 1, '2025-05-30'],
    ['1965-05-01', 'male', 'unknown', 60, 2, '2025-07-01'],
    ['1966-03-10', 'male', 'unknown', 60, 4, '2026-07-10'],
    ['1976-08-01', 'male', 'unknown', 62, 11, '2039-07-01'],
    ['1976-09-01', 'male', 'unknown', 63, 0, '2039-09-01'],
    ['1990-01-01', 'male', 'unknown', 63, 0, '2053-01-01'],
    ['1969-12-31', 'female', 'cadre', 55, 0, '2024-12-31'],
    ['1970-01-31', 'female', 'cadre', 55, 1, '2025-02-28'],
    ['1981-09-01', 'female', 'cadre', 58, 0, '2039-09-01'],
    ['1974-12-01', 'female', 'worker', 50, 0, '2024-12-01'],
    ['1975-01-01', 'female', 'worker', 50, 1, '2025-02-01'],
    ['1975-03-01', 'female', 'worker', 50, 2, '2025-05-01'],
    ['1984-10-01', 'female', 'worker', 54, 11, '2039-09-01'],
    ['1984-11-01', 'female', 'worker', 55, 0, '2039-11-01'],
  ] as const)(
    'born %s %s (%s) retires at %i years %i months on %s',
    (birth, sex, category, years, months, date) => {
      expect(statutoryRetirement(birth, sex, category)).toMatchObject({ age: { years, months }, date });
    },
  );

  it('treats a woman of unknown category as a worker (earliest age) for the warning', () => {
    expect(statutoryRetirement('1975-01-01', 'female').schedule).toBe('female_worker');
  });

  it('says "probably retired" from the day the age is reached', () => {
    expect(probablyRetired('1965-01-10', 'male', 'unknown', '2025-02-09')).toBe(false);
    expect(probablyRetired('1965-01-10', 'male', 'unknown', '2025-02-10')).toBe(true);
    expect(probablyRetired('1972-06-01', 'female', 'cadre', '2026-11-24')).toBe(false);
    expect(probablyRetired('1972-06-01', 'female', 'worker', '2026-11-24')).toBe(true);
  });
});
