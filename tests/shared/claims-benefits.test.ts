import { claimableBenefits } from '../../shared/claims/benefits';
import { getProgram } from '../../shared/program';

test("Wujin's claimable benefits with their form kind, categories and the program's own words", () => {
  const list = claimableBenefits(getProgram('wujin-2024'));
  expect(list.map((b) => [b.id, b.kind])).toEqual(
    expect.arrayContaining([
      ['hospitalisation', 'tiered_annual'],
      [expect.any(String), 'fixed_grant'],
      [expect.any(String), 'grade_table'],
    ]),
  );
  const hospital = list.find((b) => b.id === 'hospitalisation')!;
  expect(hospital.settlementLabels).toEqual({ insurance: '使用常州医保结算', none: '未使用常州医保结算' });
  const critical = list.find((b) => b.kind === 'fixed_grant')!;
  expect(critical.categories.length).toBeGreaterThan(0);
});
