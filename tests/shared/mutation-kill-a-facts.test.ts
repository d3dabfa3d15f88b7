/**
 * The claim-fact schemas at the API boundary, field by field: real ids (longer than one
 * character) are accepted and empty ones refused, every stay cause and settlement the notices
 * name parses, each claim kind parses, the grade is 1 to 10, and the defaults are empty / false.
 */
import {
  claimFactsSchema,
  hospitalStaySchema,
  paidRecordSchema,
  periodSchema,
  ratioItemSchema,
} from '../../shared/benefits';

const stay = { id: 'settlement-2024-0001', settlement: 'insurance', selfPaidFen: 1_234_500 } as const;
const ok = (r: { success: boolean }) => r.success;

describe('a coverage period', () => {
  it('keeps its start and end', () => {
    expect(periodSchema.parse({ start: '2024-01-01', end: '2024-12-31' })).toEqual({
      start: '2024-01-01',
      end: '2024-12-31',
    });
  });
});

describe('a hospital stay', () => {
  it('accepts a settlement number as its id and refuses an empty one', () => {
    expect(hospitalStaySchema.parse(stay)).toMatchObject({
      id: 'settlement-2024-0001',
      settlement: 'insurance',
    });
    expect(ok(hospitalStaySchema.safeParse({ ...stay, id: '' }))).toBe(false);
  });
  it('defaults to an illness with no exclusions', () => {
    const s = hospitalStaySchema.parse(stay);
    expect(s.cause).toBe('illness');
    expect(s.exclusionCodes).toEqual([]);
  });
  it.each(['illness', 'accident', 'traffic_accident', 'work_injury'])('accepts the cause %s', (cause) => {
    expect(hospitalStaySchema.parse({ ...stay, cause }).cause).toBe(cause);
  });
  it('refuses an empty cause and an empty settlement', () => {
    expect(ok(hospitalStaySchema.safeParse({ ...stay, cause: '' }))).toBe(false);
    expect(ok(hospitalStaySchema.safeParse({ ...stay, settlement: '' }))).toBe(false);
  });
  it('accepts exclusion codes longer than one character, not empty ones', () => {
    expect(hospitalStaySchema.parse({ ...stay, exclusionCodes: ['cosmetic'] }).exclusionCodes).toEqual([
      'cosmetic',
    ]);
    expect(ok(hospitalStaySchema.safeParse({ ...stay, exclusionCodes: [''] }))).toBe(false);
  });
});

describe('a ratio item', () => {
  const item = { id: 'item-0001', basisFen: 50_000 };
  it('parses with its dates and an id longer than one character', () => {
    expect(ratioItemSchema.parse({ ...item, admittedOn: '2019-03-01', dischargedOn: '2019-03-05' })).toEqual({
      ...item,
      admittedOn: '2019-03-01',
      dischargedOn: '2019-03-05',
      exclusionCodes: [],
    });
    expect(ok(ratioItemSchema.safeParse({ ...item, id: '' }))).toBe(false);
  });
  it('is a ratio claim', () => {
    expect(claimFactsSchema.parse({ kind: 'ratio', items: [item] })).toEqual({
      kind: 'ratio',
      exclusionCodes: [],
      items: [{ ...item, exclusionCodes: [] }],
    });
  });
});

describe('a fixed grant claim', () => {
  it('parses a category longer than one character, with no condition met by default', () => {
    expect(claimFactsSchema.parse({ kind: 'fixed_grant', category: 'cancer' })).toEqual({
      kind: 'fixed_grant',
      category: 'cancer',
      exclusionCodes: [],
      conditionsMet: [],
    });
    expect(ok(claimFactsSchema.safeParse({ kind: 'fixed_grant', category: '' }))).toBe(false);
  });
});

describe('a work-injury grade claim', () => {
  const base = { kind: 'grade_table', incidentId: 'incident-2024-07' } as const;
  it('parses an incident id longer than one character; not alive-by-default dead, nothing met', () => {
    expect(claimFactsSchema.parse(base)).toEqual({
      ...base,
      exclusionCodes: [],
      death: false,
      conditionsMet: [],
    });
    expect(ok(claimFactsSchema.safeParse({ ...base, incidentId: '' }))).toBe(false);
  });
  it.each([1, 5, 10])('accepts grade %i', (grade) => {
    expect(claimFactsSchema.parse({ ...base, grade })).toMatchObject({ grade });
  });
  it.each([0, 11])('refuses grade %i', (grade) => {
    expect(ok(claimFactsSchema.safeParse({ ...base, grade }))).toBe(false);
  });
});

describe('a payment made before', () => {
  const rec = {
    benefitId: 'hospitalisation',
    periodStart: '2024-01-01',
    subject: 'period',
    amountFen: 50_000,
  };
  it('parses as stored', () => {
    expect(paidRecordSchema.parse(rec)).toEqual(rec);
  });
  it('refuses an empty benefit id or subject', () => {
    expect(ok(paidRecordSchema.safeParse({ ...rec, benefitId: '' }))).toBe(false);
    expect(ok(paidRecordSchema.safeParse({ ...rec, subject: '' }))).toBe(false);
  });
});
