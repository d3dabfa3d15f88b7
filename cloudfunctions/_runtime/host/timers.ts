import { Cron } from 'croner';
import type { FunctionHost, TimerTrigger } from './function-host';

/**
 * CloudBase timer triggers: config.json `triggers: [{name, type:'timer', config}]` where config is
 * a 7-field cron "sec min hour day month weekday year" evaluated in China time.
 */
export function splitCloudBaseCron(expr: string): { cron: string; year: string } {
  const fields = expr.trim().split(/\s+/);
  if (fields.length === 7) return { cron: fields.slice(0, 6).join(' '), year: fields[6] };
  if (fields.length === 6 || fields.length === 5) return { cron: fields.join(' '), year: '*' };
  throw new Error(`cron expression must have 7 fields (sec min hour day month weekday year): "${expr}"`);
}

/** The year field croner lacks: `*`, `2026`, `2026,2027`, `2026-2030`. */
export function yearMatches(field: string, year: number): boolean {
  if (field === '*' || field === '?') return true;
  return field.split(',').some((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? year === a : year >= a && year <= b;
  });
}

/** The event SCF hands a function fired by a timer. */
export function timerEvent(trigger: string, at: Date): Record<string, string> {
  return {
    Type: 'Timer',
    TriggerName: trigger,
    Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Message: '',
  };
}

export class TimerScheduler {
  private readonly jobs: Cron[] = [];
  private readonly running = new Set<string>();

  constructor(
    private readonly host: FunctionHost,
    private readonly log: (line: string) => void,
  ) {}

  triggersOf(name: string): TimerTrigger[] {
    const t = this.host.config(name).triggers;
    return Array.isArray(t) ? t.filter((x) => x && x.type === 'timer' && typeof x.config === 'string') : [];
  }

  start(): void {
    for (const name of this.host.list()) {
      for (const trigger of this.triggersOf(name)) {
        try {
          const { cron, year } = splitCloudBaseCron(trigger.config);
          const job = new Cron(cron, { timezone: 'Asia/Shanghai', unref: true }, () => {
            // Errors are logged by the host; a timer has no caller to report them to.
            if (yearMatches(year, new Date().getFullYear()))
              this.fire(name, trigger.name).catch(() => undefined);
          });
          this.jobs.push(job);
          this.log(
            `[timer] ${name}/${trigger.name} "${trigger.config}" next ${job.nextRun()?.toISOString() ?? 'never'}`,
          );
        } catch (e) {
          this.log(`[timer] ${name}/${trigger.name}: ${(e as Error).message}; not scheduled`);
        }
      }
    }
  }

  /** A scheduled tick; skipped while the previous run of the same trigger is still going. */
  private async fire(name: string, triggerName: string): Promise<unknown> {
    const key = `${name}/${triggerName}`;
    if (this.running.has(key)) {
      this.log(`[timer] ${key} still running; tick skipped`);
      return undefined;
    }
    this.running.add(key);
    try {
      return await this.run(name, triggerName);
    } finally {
      this.running.delete(key);
    }
  }

  /** Runs a function's timer now (tests, manual runs), as the trigger would. */
  run(name: string, triggerName?: string): Promise<unknown> {
    const trigger = triggerName ?? this.triggersOf(name)[0]?.name ?? 'manual';
    return this.host.invoke(name, timerEvent(trigger, new Date()), { source: 'wx_trigger' });
  }

  stop(): void {
    for (const job of this.jobs.splice(0)) job.stop();
  }
}
