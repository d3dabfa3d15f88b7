/**
 * The wording helpers the tier labels and stay names are built from: whole yuan as the notices
 * write them ("1000", "1000.50", "1000.05") and the ordinal of a stay past the twentieth.
 */
import { ordinalStay, plainYuan } from '../../shared/benefits/explain';

describe('plainYuan', () => {
  it.each([
    [0, '0'],
    [50_000, '500'],
    [5_000_000, '50000'],
    [100_050, '1000.50'],
    [100_005, '1000.05'],
    [100_010, '1000.10'],
    [100_099, '1000.99'],
    [7, '0.07'],
  ])('%i fen is "%s"', (fen, text) => {
    expect(plainYuan(fen)).toBe(text);
  });
});

describe('ordinalStay', () => {
  it.each([
    [0, '第1次住院'],
    [19, '第20次住院'],
    [20, '第21次住院'],
    [25, '第26次住院'],
  ])('stay %i is %s', (index, text) => {
    expect(ordinalStay(index, undefined)).toBe(text);
  });
  it('names the discharge date when known', () => {
    expect(ordinalStay(1, '2024-03-01')).toBe('第2次住院（2024-03-01出院）');
  });
});
