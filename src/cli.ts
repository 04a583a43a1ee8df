// dockmend command line. Exit codes: 0 clean, 1 findings at or above --fail-on / pending fixes,
// 2 usage, config or internal error.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../package.json' with { type: 'json' };
import { GitError, commitToBranch, prepareBranch, type CommitStep } from './apply/git.js';
import { writePlan } from './apply/write.js';
import { shrinkLine } from './analysis/context-size.js';
import { prefetchSizes } from './analysis/size-prefetch.js';
import { contextJson, contextReport, contextText } from './report/context.js';
import { assumedVariables, type AssumedVariable } from './compose/analysis.js';
import type { Project } from './project/project.js';
import { describeOrigin, type ComposeProject } from './compose/projects.js';
import { UsageError, contextsFor, findRepoRoot, ignoreFilterFor, loadConfig, projectsFor } from './config.js';
import { compareFindings, detect, enabledRules, findingKey, openSession, openSessionAsync, plan, previewFix, type Plan, type RunOptions, type Session } from './fix/engine.js';
import { isWithin } from './project/paths.js';
import { planDiff } from './report/diff.js';
import { githubReport } from './report/github.js';
import { foundBuilds, toJsonPlan, toJsonProjects, toJsonReport } from './report/json.js';
import type { BakeModel } from './bake/model.js';
import { toSarif, type SarifRuleInfo } from './report/sarif.js';
import { commitFailureSummary, writeCounts, writeSummary } from './report/write-summary.js';
import { colorsFor, summaryLine, textReport } from './report/text.js';
import { ruleIds } from './rules/registry.js';
import { Suppressions, UNUSED_SUPPRESSION, unusedSuppressions } from './suppress.js';
import { LineIndex, escapeControl } from './text.js';
import { addTime, timed, timingTable } from './timing.js';
import type { ResolvedFinding, Severity } from './types.js';

const HELP = `dockmend ${pkg.version} — find and fix broken Docker build setups

Usage:
  dockmend scan [paths...] [options]     report findings
  dockmend fix  [paths...] --dry-run     print the fixes as unified diffs (exit 1 if any)
  dockmend fix  [paths...] --write       apply the safe fixes (add --unsafe for the rest)
  dockmend fix  [paths...] -i            choose fixes interactively (needs a terminal)
  dockmend explain [log | -] [--root DIR] [--fix]
                                         map a failed build log to findings and fixes
  dockmend context [paths...]            what each build context sends, now and after the fixes
  dockmend init [dir] [--yes] [--force]  write a starter configuration

Output (scan, fix --dry-run):
  --format FORMAT         text (default), json, sarif or github
  --fail-on LEVEL         error (default for scan), warning, info or never; for
                          fix --dry-run the default is: exit 1 when fixes are pending
  -q, --quiet             hide info findings
  --report-unused-suppressions
                          scan: report dockmend-ignore comments that match nothing
  --show-vars             scan: also print the compose projects and Bake files read and the variables assumed (stderr; JSON: "projects", "builds")

Rules and configuration:
  --rule ID               only this rule (repeatable)
  --ignore-rule ID        skip this rule (repeatable)
  --config FILE           configuration file (default: dockmend.config.json, .dockmendrc.json,
                          .dockmendrc.yaml/.yml or package.json "dockmend", searched from the
                          root up to the repository root)

Fixing:
  --unsafe                also apply fixes marked unsafe
  -y, --yes               do not ask for confirmation (fix --write, init)
  --branch NAME           with --write: commit the fixes on a new branch made from HEAD
  -m, --message MSG       commit message subject for --branch
  --commit-per-rule       one commit per rule
  --allow-dirty           allow uncommitted changes elsewhere in the work tree
  --force-branch          reset the branch if it exists
  --stay                  check the new branch out (default: stay where you are)
  --force                 init: overwrite an existing configuration

  -h, --help              show this help
  -v, --version           show the version

Exit codes: 0 clean, 1 findings at or above --fail-on or pending fixes, 2 usage, config,
I/O (a fix that could not be written or committed) or internal error.
Rules: ${ruleIds.join(', ')}
`;

const OPTIONS = {
  format: { type: 'string' },
  root: { type: 'string' },
  fix: { type: 'boolean' },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'report-unused-suppressions': { type: 'boolean' },
  'show-vars': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'ignore-rule': { type: 'string', multiple: true },
  config: { type: 'string' },
  'dry-run': { type: 'boolean' },
  write: { type: 'boolean' },
  interactive: { type: 'boolean', short: 'i' },
  unsafe: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  branch: { type: 'string' },
  message: { type: 'string', short: 'm' },
  'commit-per-rule': { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  'force-branch': { type: 'boolean' },
  stay: { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

type OptionName = keyof typeof OPTIONS;

/** Options that only some commands take. The others are common to scan and fix. */
const COMMAND_OPTIONS: Partial<Record<OptionName, readonly string[]>> = {
  root: ['explain'],
  fix: ['explain'],
  'report-unused-suppressions': ['scan'],
  'show-vars': ['scan'],
  'dry-run': ['fix'],
  write: ['fix'],
  interactive: ['fix'],
  yes: ['fix', 'init'],
  branch: ['fix'],
  message: ['fix'],
  'commit-per-rule': ['fix'],
  'allow-dirty': ['fix'],
  'force-branch': ['fix'],
  stay: ['fix'],
  force: ['init'],
};
const INIT_OPTIONS: readonly OptionName[] = ['yes', 'force', 'help', 'version'];
const BRANCH_OPTIONS: readonly OptionName[] = ['message', 'commit-per-rule', 'allow-dirty', 'force-branch', 'stay'];

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** Does a finding of this severity reach the --fail-on threshold? */
export function reaches(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdinIsTTY: boolean;
  cwd: string;
  /** The whole of standard input (explain -). */
  readStdin?: () => Promise<string>;
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`dockmend: ${message.split('\n').map(escapeControl).join('\n')}\n`);
    if (process.env.DOCKMEND_DEBUG === '1' && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 2;
  } finally {
    io.stderr.write(timingTable());
  }
}

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nRun 'dockmend --help' for usage.`);
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.version) {
    io.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout.write(HELP);
    return values.help || command === 'help' ? 0 : 2;
  }
  if (!['scan', 'fix', 'init', 'context', 'explain'].includes(command)) throw new UsageError(`unknown command '${command}'. Run 'dockmend --help' for usage.`);
  checkOptions(command, values);

  if (command === 'init') {
    if (paths.length > 1) throw new UsageError('init takes at most one directory');
    const { runInit } = await import('./init.js');
    return runInit({
      dir: resolve(io.cwd, paths[0] ?? '.'),
      yes: values.yes ?? false,
      force: values.force ?? false,
      interactive: io.stdinIsTTY && Boolean(io.stdout.isTTY),
      stdout: io.stdout,
      stderr: io.stderr,
    });
  }

  for (const id of [...(values.rule ?? []), ...(values['ignore-rule'] ?? [])]) {
    if (!ruleIds.includes(id)) throw new UsageError(`unknown rule '${id}' (known: ${ruleIds.join(', ')})`);
  }
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}' (expected ${FORMATS.join(', ')})`);
  const failOn = values['fail-on'] as FailOn | undefined;
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) throw new UsageError(`unknown --fail-on level '${failOn}' (expected ${FAIL_ON.join(', ')})`);

  // explain takes a log file (or '-') and reads the repository at --root.
  const logArg = command === 'explain' ? paths[0] : undefined;
  if (command === 'explain' && paths.length > 1) throw new UsageError('explain takes one log file (or - for standard input)');
  const target = targetOf(command === 'explain' ? [values.root ?? '.'] : paths.length > 0 ? paths : ['.'], io.cwd);
  const config = loadConfig(target.root, values.config ? resolve(io.cwd, values.config) : undefined);
  const ignore = ignoreFilterFor(config, target.root);
  const inScope = (path: string) => (!target.includes || target.includes(path)) && !ignore?.matches(path);
  const base: RunOptions = {
    only: values.rule,
    skip: values['ignore-rule'],
    rules: config.rules,
    unsafe: values.unsafe ?? false,
    include: (f) => inScope(f.location.file),
    projects: projectsFor(config, target.root),
    contexts: contextsFor(config, target.root),
    ignorePaths: ignore,
  };
  const cx: Context = { io, values, format, failOn, base, inScope };
  // The interactive session walks the tree itself, behind a spinner with live counts.
  if (command === 'fix' && interactiveWanted(cx)) return interactive(cx, target.root);
  const session = openSession(target.root);
  if (command === 'scan') return scan(cx, session);
  if (command === 'context') return context(cx, session);
  if (command === 'explain') return explain(cx, session, logArg);
  return fix(cx, session);
}

/** The compose projects dockmend read: files in `-f` order, project directory, env files, how each was found. */
function showProjects(projects: readonly ComposeProject[]): string {
  if (projects.length === 0) return '';
  const out = ['Compose projects (files  [project directory; env files]  found by):'];
  const add = (p: ComposeProject, indent: string) => {
    const env = p.externalEnvFile
      ? `${p.externalEnvFile.path} (outside the repository, not read)`
      : p.envFiles && p.envFiles.length > 0
        ? p.envFiles.join(', ')
        : 'no env file';
    const links = p.links ? `, reached by link ${Object.keys(p.links).join(', ')}` : '';
    // An include reached again (a diamond of includes) is listed once with its own includes;
    // listing them at every path would double the output with every level.
    const again = listed.has(p) && (p.includes ?? []).length > 0 ? ' (its includes are listed above)' : '';
    out.push(`${indent}${escapeControl(p.files.join(' + '))}  [${escapeControl(p.projectDir === '' ? '.' : p.projectDir)}; ${escapeControl(env)}]  ${escapeControl(describeOrigin(p) + links)}${again}`);
    if (listed.has(p)) return;
    listed.add(p);
    for (const inc of p.includes ?? []) add(inc, `${indent}  `);
  };
  const listed = new Set<ComposeProject>();
  for (const p of projects) add(p, '  ');
  return `${out.join('\n')}\n`;
}

/** The Bake file sets dockmend read, the directory each runs from, and the targets it builds. */
function showBake(models: readonly BakeModel[]): string {
  if (models.length === 0) return '';
  const out = ['Bake files (files  [run from]  found by: targets as context + dockerfile):'];
  for (const m of models) {
    const f = m.set.foundBy;
    const by = f.kind === 'default' ? 'default files' : `invocation at ${f.file}:${f.line}`;
    const external = m.set.external ? ` + ${m.set.external.join(' + ')} (outside the repository)` : '';
    out.push(`  ${escapeControl(m.set.files.join(' + ') + external)}  [${escapeControl(m.set.cwd === '' ? '.' : m.set.cwd)}]  ${escapeControl(by)}`);
    for (const t of m.targets) {
      const what = t.inheritedOnly ? 'template, not built alone' : `${t.context ?? '(unknown)'} + ${t.dockerfileInline ? 'dockerfile-inline' : (t.dockerfile ?? '(unknown)')}${t.target ? `, target ${t.target}` : ''}`;
      out.push(`    ${escapeControl(t.name)}: ${escapeControl(what)}${t.uncertain.size > 0 ? escapeControl(`  (${[...t.uncertain].join(', ')}: from a variable with no default)`) : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** The variables Compose interpolation would see, where each value comes from (secret-looking values masked). */
function showVars(rows: readonly AssumedVariable[]): string {
  if (rows.length === 0) return 'No Compose variables are used.\n';
  const out = ['Compose variables assumed (project: NAME=value  [source] used by):'];
  let project = '';
  for (const r of rows) {
    if (r.project !== project) out.push(`${escapeControl((project = r.project))}${r.foundIn ? ` (found in ${escapeControl(r.foundIn)})` : ''}:`);
    const from = r.file ? `${r.source} ${r.file}` : r.source;
    out.push(`  ${escapeControl(r.name)}=${escapeControl(r.value ?? '')}  [${escapeControl(from)}]  ${escapeControl(r.usedBy.join(', '))}`);
  }
  return `${out.join('\n')}\n`;
}

/** `dockmend explain`: the failures of a build log, the findings that explain them, their fixes. */
async function explain(cx: Context, session: Session, logArg: string | undefined): Promise<number> {
  const { io } = cx;
  if (cx.format !== 'text' && cx.format !== 'json') throw new UsageError('explain supports --format text or json');
  let log: string;
  if (logArg === undefined || logArg === '-') {
    if (io.stdinIsTTY || !io.readStdin) throw new UsageError('explain needs a log file, or the log on standard input (dockmend explain - < build.log)');
    log = await io.readStdin();
  } else {
    try {
      log = readFileSync(resolve(io.cwd, logArg), 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${logArg}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
  }
  const { explainLog, renderExplain, explainExitCode, explainedFindingKeys } = await import('./explain/index.js');
  const result = explainLog(log, session, fixOptions(cx, session));
  if (cx.values.fix) {
    if (!(io.stdinIsTTY && io.stdout.isTTY)) throw new UsageError('explain --fix needs a terminal on standard input and output');
    const keys = new Set(explainedFindingKeys(result));
    const { runInteractiveFix } = await import('./ui/index.js');
    const options = fixOptions(cx, session);
    return runInteractiveFix({ engine: UI_ENGINE, session: openSession(session.root), options: { ...options, include: (f) => (options.include?.(f) ?? true) && keys.has(findingKey(f)) } });
  }
  io.stdout.write(renderExplain(result, cx.format, colorsFor(io.stdout)));
  return explainExitCode(result);
}

/** `dockmend context`: files and bytes each build context sends, now and after the pending fixes. */
function context(cx: Context, session: Session): number {
  if (cx.format !== 'text' && cx.format !== 'json') throw new UsageError(`context supports --format text or json`);
  const r = contextReport(session, fixOptions(cx, session));
  cx.io.stdout.write(cx.format === 'json' ? contextJson(r, session.root) : contextText(r, colorsFor(cx.io.stdout), terminalWidth(cx.io.stdout)));
  return 0;
}

function terminalWidth(stream: { isTTY?: boolean }): number {
  return stream.isTTY ? ((stream as { columns?: number }).columns ?? 80) : 80;
}

function checkOptions(command: string, values: Values): void {
  const given = (Object.keys(values) as OptionName[]).filter((k) => values[k] !== undefined);
  for (const name of given) {
    const only = COMMAND_OPTIONS[name];
    if (command === 'init' ? !INIT_OPTIONS.includes(name) : only && !only.includes(command)) {
      throw new UsageError(`--${name} cannot be used with '${command}'`);
    }
  }
  if (command !== 'fix') return;
  if (values['dry-run'] && values.write) throw new UsageError('--dry-run and --write cannot be used together');
  if (values.interactive && (values['dry-run'] || values.write)) throw new UsageError('--interactive cannot be used with --dry-run or --write');
  if (values.branch !== undefined && !values.write) throw new UsageError('--branch needs --write');
  for (const name of BRANCH_OPTIONS) if (values[name] !== undefined && values.branch === undefined) throw new UsageError(`--${name} needs --branch`);
  if ((values.write || values.interactive) && values.format !== undefined && values.format !== 'text') {
    throw new UsageError('--format applies to scan and fix --dry-run only');
  }
  if (values.interactive && (values['fail-on'] !== undefined || values.quiet)) throw new UsageError('--fail-on and --quiet do not apply to --interactive');
}

interface Context {
  io: Io;
  values: Values;
  format: Format;
  failOn: FailOn | undefined;
  /** Options of every run, findings limited to the paths given and not in ignorePaths. */
  base: RunOptions;
  inScope: (path: string) => boolean;
}

/** Options for planning on a session: in scope, and never a suppressed finding. */
function fixOptions(cx: Context, session: Session): RunOptions {
  const suppressions = new Suppressions((file) => session.sources.read(file).text);
  return { ...cx.base, include: (f) => cx.inScope(f.location.file) && !suppressions.match(f) };
}

interface Analysis {
  project: Project;
  findings: ResolvedFinding[];
  suppressed: ResolvedFinding[];
  suppressions: Suppressions;
  files: Set<string>;
}

/** The first detection, with suppressed findings set apart. */
function analyze(cx: Context, session: Session): Analysis {
  const suppressions = new Suppressions((file) => session.sources.read(file).text);
  const { project, findings: all } = detect(session, cx.base);
  const findings: ResolvedFinding[] = [];
  const suppressed: ResolvedFinding[] = [];
  for (const f of all) (suppressions.match(f) ? suppressed : findings).push(f);
  const files = new Set([...project.dockerfiles, ...project.composeFiles.map((f) => f.path), ...project.ignoreFiles, ...all.map((f) => f.location.file)]);
  return { project, findings, suppressed, suppressions, files: new Set([...files].filter(cx.inScope).sort()) };
}

async function scan(cx: Context, session: Session): Promise<number> {
  // The text report ends with what the build contexts send: their sizes are read meanwhile.
  const sizes = cx.format === 'text' ? timed('size worker: start', () => prefetchSizes(session.tree)) : null;
  const a = analyze(cx, session);
  if (cx.values['show-vars']) cx.io.stderr.write(showProjects(a.project.composeProjects) + showBake(a.project.bake ?? []) + showVars(assumedVariables(a.project)));
  let findings = a.findings;
  if (cx.values['report-unused-suppressions']) {
    const ran = enabledRules(cx.base).map((e) => e.detector.meta.id);
    const unused = unusedSuppressions(a.suppressions, a.files, (file) => session.sources.read(file).text, ruleIds, ran);
    findings = [...findings, ...unused].sort(compareFindings);
  }
  if (cx.values.quiet) findings = findings.filter((f) => f.severity !== 'info');
  if (sizes) {
    const waitStart = performance.now();
    await sizes.settle();
    addTime('size worker: settle (the main thread reads its share, waits for the last chunk)', performance.now() - waitStart);
  }
  timed('report', () => report(cx, session, findings, a.suppressed.length, undefined, a.project, a.findings));
  const failOn = cx.failOn ?? 'error';
  return findings.some((f) => reaches(f.severity, failOn)) ? 1 : 0;
}

const UNUSED_RULE: SarifRuleInfo = {
  id: UNUSED_SUPPRESSION,
  summary: 'A dockmend-ignore comment that suppresses nothing (reported with --report-unused-suppressions).',
  severity: 'warning',
  docs: 'docs/config.md#inline-suppressions',
};

/**
 * `project` and `firstFindings`: the first detection (analyze), when the caller ran it: the text
 * report's context line measures that project and plans from those findings.
 */
function report(cx: Context, session: Session, findings: readonly ResolvedFinding[], suppressed: number, fixPlan?: Plan, project?: Project, firstFindings?: ResolvedFinding[]): void {
  const { io } = cx;
  const base = findRepoRoot(session.root) ?? session.root;
  switch (cx.format) {
    case 'text': {
      io.stdout.write(textReport(findings, colorsFor(io.stdout), { suppressed }));
      // The context-size total reuses the walk. Planning leaves the session planned: nothing
      // reads it after the report.
      if (!fixPlan) {
        const r = contextReport(session, fixOptions(cx, session), project && firstFindings ? { project, findings: firstFindings } : undefined);
        if (r.rows.length > 0) io.stdout.write(`${shrinkLine(r.shrink)}\n`);
      }
      return;
    }
    case 'json': {
      const json = toJsonReport(session.root, findings, session.tree.visited, suppressed);
      if (fixPlan) json.plan = toJsonPlan(fixPlan.applied.length, fixPlan.files);
      // `--show-vars` asks what dockmend assumed: the JSON report then lists the projects read
      // and the builds found on command lines.
      if (project && cx.values['show-vars']) {
        json.projects = toJsonProjects(project.composeProjects, (file, offset) => new LineIndex(session.sources.read(file).text ?? '').position(offset).line);
        const builds = foundBuilds(project);
        if (builds.length > 0) json.builds = builds;
      }
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return;
    }
    case 'sarif': {
      const rules: SarifRuleInfo[] = enabledRules(cx.base).map((e) => e.detector.meta);
      if (findings.some((f) => f.rule === UNUSED_SUPPRESSION)) rules.push(UNUSED_RULE);
      const read = (file: string) => session.sources.original(file)?.text ?? session.sources.read(file).text;
      io.stdout.write(`${JSON.stringify(toSarif({ root: session.root, base, findings, rules, read, suppressed }), null, 2)}\n`);
      return;
    }
    case 'github':
      io.stdout.write(githubReport({ root: session.root, base, findings }));
      return;
  }
}

/** `fix -i`, or `fix` with neither --dry-run nor --write on a terminal. */
function interactiveWanted(cx: Context): boolean {
  const { io, values } = cx;
  const tty = io.stdinIsTTY && Boolean(io.stdout.isTTY);
  if (values.interactive && !tty) throw new UsageError('--interactive needs a terminal on standard input and output');
  return Boolean(values.interactive) || (!values.write && !values['dry-run'] && tty);
}

async function fix(cx: Context, session: Session): Promise<number> {
  const { io, values } = cx;
  if (!values.write && !values['dry-run']) io.stderr.write('dockmend: no terminal; showing the fixes as with --dry-run\n');
  if (values.write) return write(cx, session);
  return dryRun(cx, session);
}

/** What the UI calls of the engine: it is a bundle of its own and has no engine (src/ui/engine.ts). */
const UI_ENGINE = { detect, plan, previewFix };

/** The Ink UI, loaded only on this path: scan and the dry run never load Ink. */
async function interactive(cx: Context, root: string): Promise<number> {
  const { runInteractiveFix } = await import('./ui/index.js');
  return runInteractiveFix({ engine: UI_ENGINE, open: (onProgress) => openSessionAsync(root, onProgress), options: (session) => fixOptions(cx, session) });
}

function dryRun(cx: Context, session: Session): number {
  const { io } = cx;
  const a = cx.format === 'text' ? null : analyze(cx, session);
  // analyze's findings (in scope, not suppressed) are what the plan's first detection would find.
  const result = plan(session, fixOptions(cx, session), a?.findings, a?.project);
  reportRejected(io, result);
  if (cx.format === 'text') {
    io.stdout.write(planDiff(result.files));
    io.stderr.write(`${dryRunSummary(result.files.length, result.applied.length, result.remaining)}\n`);
  } else {
    const findings = cx.values.quiet ? a!.findings.filter((f) => f.severity !== 'info') : a!.findings;
    report(cx, session, findings, a!.suppressed.length, result);
  }
  if (cx.failOn === undefined) return result.files.length > 0 ? 1 : 0;
  const failOn = cx.failOn;
  return result.applied.some((x) => reaches(x.finding.severity, failOn)) ? 1 : 0;
}

function reportRejected(io: Io, result: Plan): void {
  for (const r of result.rejected) io.stderr.write(`dockmend: fix "${escapeControl(r.fix.title)}" skipped: ${escapeControl(r.reason)}\n`);
}

async function write(cx: Context, session: Session): Promise<number> {
  const { io, values } = cx;
  const failOn = cx.failOn ?? 'error';
  const exitFor = (remaining: readonly ResolvedFinding[]) => (remaining.some((f) => reaches(f.severity, failOn)) ? 1 : 0);
  const ctx = values.branch !== undefined ? prepareBranch(session.root, { branch: values.branch, allowDirty: values['allow-dirty'], forceBranch: values['force-branch'] }) : null;
  const result = plan(session, fixOptions(cx, session));
  reportRejected(io, result);
  if (result.files.length === 0) {
    io.stderr.write(`Nothing to fix${ctx ? '; no branch created' : ''}; ${summaryLine(result.remaining)} left\n`);
    return exitFor(result.remaining);
  }
  if (io.stdinIsTTY && !values.yes && !(await confirm(io, result, ctx ? ` on branch '${ctx.branch}'` : ''))) {
    io.stderr.write('dockmend: nothing written\n');
    return 1;
  }

  if (ctx) {
    const steps = values['commit-per-rule'] ? perRuleSteps(cx, session.root, result, values.message) : [step(values.message ?? `dockmend: fix ${rulesOf(result).join(', ')}`, result)];
    let out: ReturnType<typeof commitToBranch>;
    try {
      out = commitToBranch(ctx, steps, { stay: values.stay });
    } catch (err) {
      // Git refused or could not write: nothing was committed (the branch is made last, or
      // put back). A tool failure, not a lint result: exit 2, as for a failed write.
      if (!(err instanceof GitError) && typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
      io.stderr.write(`${commitFailureSummary(result.applied.length, (err as Error).message, result.findings)}\n`);
      return 2;
    }
    io.stdout.write(`branch ${escapeControl(out.branch)} (from ${escapeControl(out.from)})\n`);
    for (const c of out.commits) io.stdout.write(`  ${c.sha.slice(0, 12)} ${escapeControl(c.subject)}\n`);
    io.stdout.write(` ${out.stat}\n`);
    io.stdout.write(out.checkedOut ? `switched to ${escapeControl(out.branch)}\n` : `still on ${escapeControl(out.from)}\n`);
    io.stdout.write(`push with: ${escapeControl(out.pushCommand)}\n`);
    io.stderr.write(`${result.applied.length} of ${result.applied.length} fixes committed in ${out.commits.length} commit${out.commits.length === 1 ? '' : 's'}; ${summaryLine(result.remaining)} left\n`);
    return exitFor(result.remaining);
  }

  const outcome = writePlan(session.root, result.files);
  const deleted = new Set(result.files.filter((f) => f.deleted).map((f) => f.path));
  const created = new Set(result.files.filter((f) => f.before === null).map((f) => f.path));
  for (const path of outcome.written) io.stdout.write(`${deleted.has(path) ? 'deleted' : created.has(path) ? 'created' : 'fixed'} ${escapeControl(path)}\n`);
  // After a failed write the tree is partly fixed: the findings of the scan are what is known.
  const remaining = outcome.skipped.length > 0 ? result.findings : result.remaining;
  io.stderr.write(`${writeSummary(writeCounts(result, outcome), outcome.skipped, remaining)}\n`);
  // A file that could not be written is a tool failure (I/O), not a lint result: exit 2, as
  // eslint and ruff do, so that CI can tell the two apart.
  return outcome.skipped.length > 0 ? 2 : exitFor(remaining);
}

async function confirm(io: Io, result: Plan, where: string): Promise<boolean> {
  const lines = result.files.map((f) => `  ${f.before === null ? 'create' : f.deleted ? 'delete' : 'modify'} ${escapeControl(f.path)}\n`);
  io.stderr.write(`${result.applied.length} fix${result.applied.length === 1 ? '' : 'es'} to apply${where}:\n${lines.join('')}`);
  const { default: prompts } = await import('prompts');
  let cancelled = false;
  const answer = await prompts(
    { type: 'confirm', name: 'ok', message: 'Apply these fixes?', initial: true, stdout: process.stderr },
    { onCancel: () => ((cancelled = true), false) },
  );
  return !cancelled && answer.ok === true;
}

function rulesOf(p: Plan): string[] {
  return [...new Set(p.applied.map((a) => a.finding.rule))];
}

function step(subject: string, p: Plan): CommitStep {
  const rules = new Map<string, number>();
  for (const a of p.applied) rules.set(a.finding.rule, (rules.get(a.finding.rule) ?? 0) + 1);
  return { subject, rules, files: p.files };
}

/** One step per rule, each planned on top of the previous ones (plans on one session accumulate). */
function perRuleSteps(cx: Context, root: string, combined: Plan, message: string | undefined): CommitStep[] {
  const session = openSession(root);
  const options = fixOptions(cx, session);
  const steps: CommitStep[] = [];
  for (const rule of rulesOf(combined)) {
    const p = plan(session, { ...options, only: [rule] });
    if (p.applied.length === 0) continue;
    steps.push(step(message ? `${message} (${rule})` : `dockmend: fix ${rule}`, p));
  }
  return steps;
}

function dryRunSummary(files: number, fixes: number, remaining: readonly ResolvedFinding[]): string {
  const unsafe = remaining.filter((f) => f.fixes[0]?.applicability === 'unsafe').length;
  const head = files === 0 ? 'No fixes pending.' : `${fixes} fix${fixes === 1 ? '' : 'es'} pending in ${files} file${files === 1 ? '' : 's'}; run with --write to apply.`;
  return unsafe > 0 ? `${head} ${unsafe} more with --unsafe.` : head;
}

interface Target {
  root: string;
  /** Root-relative paths in scope; all when absent. */
  includes?: (path: string) => boolean;
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
  return { root, includes: (path) => scopes.some((s) => isWithin(s, path)) };
}
