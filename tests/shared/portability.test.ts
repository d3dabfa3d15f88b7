/**
 * The shared domain must run inside the WeChat mini-program: no Node built-ins, no Buffer,
 * no eval / new Function. Bundle it for the browser and run it in a bare VM context with
 * code generation from strings disabled, as in the mini-program.
 */
import { buildSync } from 'esbuild';
import * as path from 'node:path';
import * as vm from 'node:vm';

const entry = `
  import { z } from 'zod';
  import { getProgram, feeSplitFor, checkEnrolmentEligibility, isEnrolmentOpen } from './shared/program';
  import { calculate } from './shared/benefits';
  import { parseIdNumber, maskIdNumber } from './shared/identity';
  import { addWorkingDays } from './shared/calendar';
  import { formatYuan } from './shared/money';
  import { demoProgramOpenOn } from './shared/demo';
  z.config({ jitless: true });
  const p = getProgram('wujin-2024');
  const r = calculate(p, 'hospitalisation', { kind: 'tiered_annual', stays: [{ id: 'a', settlement: 'none', selfPaidFen: 1500000 }] });
  const id = parseIdNumber('440105197101290061', '2026-11-24');
  globalThis.__out = {
    amount: formatYuan(r.amountFen),
    line: r.lines[0].text,
    worker: feeSplitFor(p).workerFen,
    open: isEnrolmentOpen(demoProgramOpenOn('wujin-2024', '2026-11-24'), '2026-11-24'),
    eligible: checkEnrolmentEligibility(p, { today: '2023-11-01', hasUnionCard: true }).ok,
    id: id.ok ? maskIdNumber(id.idNumber) + ' ' + id.birthDate : 'invalid',
    deadline: addWorkingDays('2024-09-27', 10).date,
  };
`;

describe('portability to the mini-program', () => {
  it('runs bundled for the browser without Node APIs or code generation from strings', () => {
    const root = path.resolve(__dirname, '../..');
    const out = buildSync({
      stdin: { contents: entry, resolveDir: root, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2017',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].text;
    const context = vm.createContext({ console }, { codeGeneration: { strings: false, wasm: false } });
    vm.runInContext(code, context, { timeout: 5000 });
    expect(context.__out).toEqual({
      amount: '¥1,000.00',
      line: '第1次住院：未进行医保结算支付，按住院医疗自理费用 ¥15,000.00 的 34% 计入 ¥5,100.00',
      worker: 2000,
      open: true,
      eligible: true,
      id: '44**************61 1971-01-29',
      deadline: '2024-10-16',
    });
  });
});
