/**
 * The register page's instant ID check (miniprogram/src/lib/id-check.ts) must say exactly what
 * the server's parseIdNumber says, for valid numbers and for each kind of mistake.
 */
import fc from 'fast-check';
import { idCheckChar, parseIdNumber } from '../../shared/identity';
import { idNumberProblem } from '../../miniprogram/src/lib/id-check';

const TODAY = '2026-11-24';
const serverSays = (id: string) => {
  const r = parseIdNumber(id, TODAY);
  return r.ok ? null : r.message;
};

test('valid numbers pass, and each kind of mistake gets the server message', () => {
  const first17 = '32041219900214154';
  const valid = first17 + idCheckChar(first17);
  const cases = [
    valid,
    valid.toLowerCase(),
    ` ${valid} `,
    first17 + (idCheckChar(first17) === '0' ? '1' : '0'),
    '320412199002141',
    '32041219900214154',
    '3204121990021415AB',
    '990412199002141548',
    '320412199002301548',
    '320412203001011548',
    '320412189912311548',
  ];
  for (const id of cases) expect([id, idNumberProblem(id, TODAY)]).toEqual([id, serverSays(id)]);
  expect(idNumberProblem(valid, TODAY)).toBeNull();
  expect(idNumberProblem(cases[3], TODAY)).toContain('校验位');
});

test('agrees with the server on arbitrary 18-character inputs', () => {
  const digit = fc.constantFrom(...'0123456789');
  const date = fc.date({ min: new Date('1890-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
  const plausible = fc
    .tuple(
      fc.constantFrom('11', '32', '44', '99', '00', '83'),
      fc.array(digit, { minLength: 4, maxLength: 4 }),
      date,
      fc.array(digit, { minLength: 3, maxLength: 3 }),
      fc.constantFrom(...'0123456789Xx'),
    )
    .map(
      ([p, r, d, seq, check]) =>
        `${p}${r.join('')}${d.toISOString().slice(0, 10).replace(/-/g, '')}${seq.join('')}${check}`,
    );
  fc.assert(
    fc.property(fc.oneof(plausible, fc.string({ maxLength: 20 })), (id) => {
      expect(idNumberProblem(id, TODAY)).toBe(serverSays(id));
    }),
    { numRuns: 2000 },
  );
});
