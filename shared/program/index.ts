/**
 * The seed programs, validated at load, and the helpers other parts use.
 * Adding a region: see README.md in this folder.
 */
import { AppError } from '../errors';
import { guangdong2018 } from './data/guangdong-2018';
import { henanLuohe2025, henanPuyang2025, henanZhengzhou2025 } from './data/henan-2025';
import { jinan2025CriticalAccident, jinan2025WomenSpecial } from './data/jinan-2025';
import { shaanxi2021Main, shaanxi2021Rider } from './data/shaanxi-2021';
import { wujin2024 } from './data/wujin-2024';
import { parseProgram } from './parse';
import type { Program, ProgramInput } from './schema';

export * from './schema';
export * from './parse';
export * from './fee';
export * from './enrolment';
export * from './materials';
export * from './derive';
export * from './review';

/** The raw data, as written in ./data (useful to derive demo copies). */
export const programInputs: readonly ProgramInput[] = [
  wujin2024,
  jinan2025CriticalAccident,
  jinan2025WomenSpecial,
  guangdong2018,
  henanPuyang2025,
  henanZhengzhou2025,
  henanLuohe2025,
  shaanxi2021Main,
  shaanxi2021Rider,
];

export const programs: readonly Program[] = programInputs.map(parseProgram);

const byId = new Map(programs.map((p) => [p.id, p]));
if (byId.size !== programs.length) throw new AppError('PROGRAM.INVALID', '项目标识重复', 'id');
for (const p of programs) {
  const main = p.groupRules.requiresProgramId;
  if (main && !byId.has(main))
    throw new AppError(
      'PROGRAM.INVALID',
      `${p.id} 依赖的主险项目不存在：${main}`,
      'groupRules.requiresProgramId',
    );
}

export function findProgram(id: string): Program | undefined {
  return byId.get(id);
}

export function getProgram(id: string): Program {
  const p = byId.get(id);
  if (!p) throw new AppError('PROGRAM.NOT_FOUND', `没有该项目：${id}`, 'programId');
  return p;
}

/** The 参保须知 as one text (paragraphs separated by blank lines), e.g. to hash what was shown. */
export function noticeText(program: Program): string {
  return [program.notice.title, ...program.notice.paragraphs].join('\n\n');
}

/** "江苏省常州市武进区" */
export function regionLabel(program: Program): string {
  const r = program.region;
  return `${r.province}${r.city ?? ''}${r.district ?? ''}`;
}
