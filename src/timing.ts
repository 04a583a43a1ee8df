// Phase and rule timings, printed to stderr when DOCKMEND_TIMING is set (like ESLint's TIMING=1):
// for a user asking why a scan is slow, and for the work measured by `npm run bench`.
// Off by default, and then costs one environment lookup per phase.

/** Set and not '', '0' or 'false'. */
const enabled = () => !['', '0', 'false'].includes((process.env.DOCKMEND_TIMING ?? '').toLowerCase());
const totals = new Map<string, number>();

/** Run `fn`, adding its wall time to `label` when timing is on. */
export function timed<T>(label: string, fn: () => T): T {
  if (!enabled()) return fn();
  const start = performance.now();
  try {
    return fn();
  } finally {
    totals.set(label, (totals.get(label) ?? 0) + performance.now() - start);
  }
}

/** Add `ms` to `label` when timing is on: for waits, which `timed` cannot wrap. */
export function addTime(label: string, ms: number): void {
  if (enabled()) totals.set(label, (totals.get(label) ?? 0) + ms);
}

/** The table of timings so far, slowest first, and start again; '' when nothing was timed. */
export function timingTable(): string {
  if (totals.size === 0) return '';
  const rows = [...totals].sort((a, b) => b[1] - a[1]);
  totals.clear();
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, ms]) => `${label.padEnd(width)}  ${ms.toFixed(1).padStart(8)} ms`);
  // Times are inclusive: a parse is also part of the rule (or report) that first asked for it.
  return `${'phase or rule'.padEnd(width)}  ${'time'.padStart(11)}\n${lines.join('\n')}\n(inclusive times: parsing and context sizes are also counted in the rule or phase that asked for them)\n`;
}
