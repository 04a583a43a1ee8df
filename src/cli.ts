// dockmend command line. Exit codes: 0 clean, 1 findings / pending fixes, 2 usage or internal error.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../package.json' with { type: 'json' };
import { writePlan } from './apply/write.js';
import { UsageError, loadConfig } from './config.js';
import { detect, openSession, plan, type RunOptions } from './fix/engine.js';
import { isWithin } from './project/paths.js';
import { planDiff } from './report/diff.js';
import { toJsonReport } from './report/json.js';
import { colorsFor, summaryLine, textReport } from './report/text.js';
import { ruleIds } from './rules/registry.js';
import { escapeControl } from './text.js';
import type { ResolvedFinding } from './types.js';

const HELP = `dockmend ${pkg.version} — find and fix broken Docker build setups

Usage:
  dockmend scan [paths...] [options]     report findings
  dockmend fix  [paths...] --dry-run     print the fixes as unified diffs (exit 1 if any)
  dockmend fix  [paths...] --write       apply the safe fixes (add --unsafe for the rest)

Options:
  --format text|json      output format for scan (default text)
  --rule ID               only this rule (repeatable)
  --ignore-rule ID        skip this rule (repeatable)
  --config FILE           configuration file (default: dockmend.config.json in the root)
  --unsafe                also apply fixes marked unsafe
  -h, --help              show this help
  -v, --version           show the version

Exit codes: 0 clean, 1 findings or pending fixes, 2 usage or internal error.
Rules: ${ruleIds.join(', ')}
`;

const OPTIONS = {
  format: { type: 'string' },
  rule: { type: 'string', multiple: true },
  'ignore-rule': { type: 'string', multiple: true },
  config: { type: 'string' },
  'dry-run': { type: 'boolean' },
  write: { type: 'boolean' },
  unsafe: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdinIsTTY: boolean;
  cwd: string;
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`dockmend: ${escapeControl(message)}\n`);
    if (process.env.DOCKMEND_DEBUG === '1' && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 2;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nRun 'dockmend --help' for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout.write(HELP);
    return values.help || command === 'help' ? 0 : 2;
  }
  if (command !== 'scan' && command !== 'fix') throw new UsageError(`unknown command '${command}'. Run 'dockmend --help' for usage.`);

  for (const id of [...(values.rule ?? []), ...(values['ignore-rule'] ?? [])]) {
    if (!ruleIds.includes(id)) throw new UsageError(`unknown rule '${id}' (known: ${ruleIds.join(', ')})`);
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}' (expected text or json)`);

  const target = targetOf(paths.length > 0 ? paths : ['.'], io.cwd);
  const config = loadConfig(target.root, values.config ? resolve(io.cwd, values.config) : undefined);
  const options: RunOptions = {
    only: values.rule,
    skip: values['ignore-rule'],
    rules: config.rules,
    unsafe: values.unsafe ?? false,
    include: target.include,
  };
  const session = openSession(target.root);

  if (command === 'scan') {
    const { findings } = detect(session, options);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(toJsonReport(session.root, findings, session.tree.visited), null, 2)}\n`);
    } else {
      io.stdout.write(textReport(findings, colorsFor(io.stdout)));
    }
    return findings.length > 0 ? 1 : 0;
  }

  if (values['dry-run'] && values.write) throw new UsageError('--dry-run and --write cannot be used together');
  let mode: 'dry-run' | 'write' = values.write ? 'write' : 'dry-run';
  if (!values.write && !values['dry-run']) {
    io.stderr.write(`dockmend: ${io.stdinIsTTY && io.stdout.isTTY ? 'the interactive session is not available yet' : 'no terminal'}; showing the fixes as with --dry-run\n`);
    mode = 'dry-run';
  }
  const result = plan(session, options);
  for (const r of result.rejected) io.stderr.write(`dockmend: fix "${escapeControl(r.fix.title)}" skipped: ${escapeControl(r.reason)}\n`);
  if (mode === 'dry-run') {
    io.stdout.write(planDiff(result.files));
    io.stderr.write(`${dryRunSummary(result.files.length, result.applied.length, result.remaining)}\n`);
    return result.files.length > 0 ? 1 : 0;
  }
  const outcome = writePlan(session.root, result.files);
  for (const path of outcome.written) io.stdout.write(`fixed ${escapeControl(path)}\n`);
  for (const s of outcome.skipped) io.stderr.write(`dockmend: ${escapeControl(s.path)} not written: ${escapeControl(s.reason)}\n`);
  const remaining = outcome.skipped.length > 0 ? result.findings : result.remaining;
  io.stderr.write(`${result.applied.length} fix${result.applied.length === 1 ? '' : 'es'} applied to ${outcome.written.length} file${outcome.written.length === 1 ? '' : 's'}; ${summaryLine(remaining)} left\n`);
  return outcome.skipped.length > 0 || remaining.length > 0 ? 1 : 0;
}

function dryRunSummary(files: number, fixes: number, remaining: readonly ResolvedFinding[]): string {
  const unsafe = remaining.filter((f) => f.fixes[0]?.applicability === 'unsafe').length;
  const head = files === 0 ? 'No fixes pending.' : `${fixes} fix${fixes === 1 ? '' : 'es'} pending in ${files} file${files === 1 ? '' : 's'}; run with --write to apply.`;
  return unsafe > 0 ? `${head} ${unsafe} more with --unsafe.` : head;
}

interface Target {
  root: string;
  include?: (f: ResolvedFinding) => boolean;
}

/** The root is the directory given, or the common directory of several paths; findings are limited to the paths. */
function targetOf(paths: string[], cwd: string): Target {
  const abs = paths.map((p) => resolve(cwd, p));
  for (const p of abs) if (!existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
  const dirs = abs.map((p) => (statSync(p).isDirectory() ? p : resolve(p, '..')));
  let root = dirs[0];
  for (const d of dirs.slice(1)) while (d !== root && !d.startsWith(root.endsWith(sep) ? root : root + sep)) root = resolve(root, '..');
  const scopes = abs.map((p) => relative(root, p).split(sep).join('/'));
  if (scopes.every((s) => s === '')) return { root };
  return { root, include: (f) => scopes.some((s) => isWithin(s, f.location.file)) };
}
