/**
 * A demo copy of a program for another year: every date moves by whole years and the years
 * written in its texts move with them. The copy is labelled as a demo derivation, never
 * passed off as a real notice.
 */
import { addYears } from '../calendar';
import { parseProgram } from './parse';
import type { Program, ProgramInput } from './schema';

export function deriveProgramForYear(base: Program | ProgramInput, coverageYear: number): Program {
  const shift = coverageYear - base.year;
  const copy = JSON.parse(JSON.stringify(base)) as ProgramInput;
  const moveDate = (d: string) => addYears(d, shift);
  // Only years near the program's own year are dates of this notice; others (e.g. cited documents) stay.
  const moveYears = (s: string) =>
    // No look-behind: older iOS JavaScriptCore inside WeChat cannot parse it.
    s.replace(
      /(^|\D)(\d{4})(?=\D|$)/g,
      (_m, pre: string, y: string) =>
        pre + (Math.abs(Number(y) - base.year) <= 1 ? String(Number(y) + shift) : y),
    );

  copy.year = coverageYear;
  copy.id = base.id.includes(String(base.year))
    ? `${base.id.replace(String(base.year), String(coverageYear))}-demo`
    : `${base.id}-demo-${coverageYear}`;
  copy.name = `${moveYears(base.name)}（演示）`;
  if (copy.enrolment.window)
    copy.enrolment.window = {
      opens: moveDate(copy.enrolment.window.opens),
      closes: moveDate(copy.enrolment.window.closes),
    };
  copy.enrolment.batches = (copy.enrolment.batches ?? []).map((b) => ({
    ...b,
    id: b.id.replace(String(base.year), String(coverageYear)),
    label: moveYears(b.label),
    opens: moveDate(b.opens),
    closes: moveDate(b.closes),
  }));
  if (copy.coverage.kind === 'fixed')
    copy.coverage = {
      ...copy.coverage,
      start: moveDate(copy.coverage.start),
      end: moveDate(copy.coverage.end),
    };
  copy.notice = {
    ...copy.notice,
    version: `${copy.notice.version}-demo-${coverageYear}`,
    paragraphs: copy.notice.paragraphs.map(moveYears),
  };
  copy.coverageSummary = copy.coverageSummary.map(moveYears);
  copy.derivation = {
    kind: 'demo_year_shift',
    fromProgramId: base.id,
    yearShift: shift,
    label: `演示数据：由“${base.name}”平移 ${shift} 年生成，并非正式通知`,
  };
  return parseProgram(copy);
}
