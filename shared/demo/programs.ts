/**
 * Demo copies of seed programs whose enrolment is open (or next to open) on a given day,
 * so a newcomer can enrol today. Each copy says it is a demo derivation.
 */
import { chinaToday, type IsoDate } from '../calendar';
import { deriveProgramForYear, enrolmentWindows, getProgram, programInputs, type Program } from '../program';

/**
 * The copy of `baseId` shifted by whole years so that `today` falls in its enrolment window,
 * or, if no shift does, the next window after `today`.
 */
export function demoProgramOpenOn(baseId: string, today: IsoDate = chinaToday()): Program {
  const base = programInputs.find((p) => p.id === baseId) ?? getProgram(baseId);
  const todayYear = Number(today.slice(0, 4));
  let upcoming: Program | undefined;
  for (let year = todayYear - 1; year <= todayYear + 2; year++) {
    const candidate = year === base.year ? getProgram(base.id) : deriveProgramForYear(base, year);
    const windows = enrolmentWindows(candidate);
    if (windows.some((w) => w.opens <= today && today <= w.closes)) return candidate;
    if (!upcoming && windows.some((w) => w.opens > today)) upcoming = candidate;
  }
  if (upcoming) return upcoming;
  return deriveProgramForYear(base, todayYear + 1);
}

/** The seed programs plus a current Wujin copy, for seeding a demo store. */
export function demoPrograms(today: IsoDate = chinaToday()): Program[] {
  const current = demoProgramOpenOn('wujin-2024', today);
  return [...programInputs.map((p) => getProgram(p.id)), ...(current.id === 'wujin-2024' ? [] : [current])];
}
