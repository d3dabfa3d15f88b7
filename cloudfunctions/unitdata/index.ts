import { api } from '@shared/api';
import { createContext } from '../_lib/context';
import { createFunction } from '../_lib/create-function';
import { commitImport } from './commit-import';
import { dashboard, exportDashboard, progressReport } from './dashboard';
import { exportSheet } from './export-sheet';
import { importStatus } from './import-status';
import { importTicket } from './import-ticket';
import { queueReminders, resumeImports } from './jobs';
import { buildStatements, listStatements, recordTransfer } from './statements';
import { setTarget } from './targets';
import { validateImport } from './validate-import';
import { whatIf } from './what-if';

const routed = createFunction('unitdata', api.unitdata, {
  importTicket,
  validateImport,
  commitImport,
  importStatus,
  exportSheet,
  setTarget,
  dashboard,
  exportDashboard,
  progressReport,
  buildStatements,
  listStatements,
  recordTransfer,
  whatIf,
});

/**
 * Officers call the actions; the timer trigger (config.json, every 5 minutes) resumes idle
 * import commits and queues payment reminders. Only SOURCE wx_trigger reaches the jobs.
 */
export async function main(event: unknown) {
  const ctx = createContext();
  if (ctx.caller.source === 'wx_trigger') {
    const resumed = await resumeImports(ctx);
    const reminders = await queueReminders(ctx);
    console.log(`unitdata timer: imports resumed ${resumed}, reminders queued ${reminders}`);
    return { ok: true, data: { resumed, reminders } };
  }
  return routed(event);
}
