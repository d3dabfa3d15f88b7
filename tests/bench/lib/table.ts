/** One line of the benchmark's table: a figure, and the goal it is held to when there is one. */
export interface Row {
  section: string;
  metric: string;
  value: string;
  goal?: string;
  /** true = met, false = missed, undefined = no goal (context only). */
  met?: boolean;
  note?: string;
}

const width = (rows: Row[], pick: (r: Row) => string, min: number) =>
  Math.max(min, ...rows.map((r) => [...pick(r)].length));

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

/** The table as Markdown, so the README can show a run as it was printed. */
export function formatTable(rows: Row[]): string {
  const verdict = (r: Row) => (r.met === undefined ? '' : r.met ? 'met' : 'MISSED');
  const cols: [string, (r: Row) => string][] = [
    ['section', (r) => r.section],
    ['metric', (r) => r.metric],
    ['value', (r) => r.value],
    ['goal', (r) => r.goal ?? ''],
    ['', verdict],
    ['note', (r) => r.note ?? ''],
  ];
  const widths = cols.map(([h, f]) => width(rows, f, h.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
  return [
    line(cols.map(([h]) => h)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => line(cols.map(([, f]) => f(r)))),
  ].join('\n');
}

export const fmt = {
  rate: (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`,
  ms: (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`,
  ratio: (n: number) => n.toFixed(2),
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
};
