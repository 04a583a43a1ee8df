// Detect → transform → plan. The plan is computed once and shared by every output: the dry
// run prints it, --write applies it, the UI shows it. Only src/apply touches the disk.
import { resolve } from 'node:path';
import { buildProject, type Project } from '../project/project.js';
import { SourceStore } from '../project/sources.js';
import { walkTree, walkTreeAsync, type FileTree } from '../project/walk.js';
import { registry } from '../rules/registry.js';
import type { RegistryEntry } from '../rules/types.js';
import { LineIndex, applyEdits, compareCodeUnits } from '../text.js';
import type { Change, Finding, Fix, ResolvedFinding, Severity } from '../types.js';
import { timed } from '../timing.js';
import { crypto } from '../builtins.js';
import { checkConfig, checkOutcome, type CheckConfig } from '../buildkit/check-directive.js';
import { ClaimedRanges } from './edits.js';
import { findingKey } from './finding-key.js';
import { parseProblem } from './validate.js';
import { changedInputs, fullRedetectForced, mustRerun, type PassChanges } from './redetect.js';

export { findingKey };

export const MAX_PASSES = 10;

export interface RuleSetting {
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

export interface RunOptions {
  /** Only these rules (ids); all when absent. */
  only?: readonly string[];
  /** Not these rules. */
  skip?: readonly string[];
  /** Per-rule severity and options (from the config file). */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Let unsafe fixes be applied by default selection. */
  unsafe?: boolean;
  /** Which findings are in scope (path filters, suppressions): others are reported by no output and never fixed. */
  include?: (finding: ResolvedFinding) => boolean;
  /**
   * Which alternative to apply for a finding, or null to leave it. The default takes the first
   * alternative when its applicability is allowed.
   */
  select?: (finding: ResolvedFinding) => number | null;
  /** The rules to run; the registry by default (tests pass their own). */
  entries?: readonly RegistryEntry[];
  /**
   * Compose file sets from the config's `projects`, paths relative to the session root (`/`
   * separators; may start with `../` when the config lies above the root). Plumbed from the
   * CLI; for the project model to consume.
   */
  projects?: readonly ComposeProjectSetting[];
  /** Extra `docker build` invocations from the config's `contexts`, paths as for `projects`. */
  contexts?: readonly BuildContextSetting[];
  /**
   * The config's `ignorePaths`: findings in matching files are dropped (the CLI folds this into
   * `include`), and the project model should not discover matching files.
   */
  ignorePaths?: PathFilter;
}

/** One compose project as `docker compose -f a -f b --project-directory d --env-file e` sees it. */
export interface ComposeProjectSetting {
  files: string[];
  projectDirectory?: string;
  /** `--env-file` (repeatable: several are read in order, a later one overriding). */
  envFile?: string | readonly string[];
}

/** One `docker build -f <dockerfile> <context>` invocation. */
export interface BuildContextSetting {
  dockerfile: string;
  context: string;
}

/** A set of globs with a matcher over root-relative paths (a directory that matches covers what is below it). */
export interface PathFilter {
  readonly patterns: readonly string[];
  matches(path: string): boolean;
}

/** One root, walked once; every pass reuses the same tree and file cache. */
export interface Session {
  root: string;
  tree: FileTree;
  sources: SourceStore;
}

export function openSession(root: string, onProgress?: (visited: number) => void): Session {
  const abs = resolve(root);
  return { root: abs, tree: timed('walk', () => walkTree(abs, onProgress)), sources: new SourceStore(abs) };
}

/** The same, walking in slices so that an event loop (the terminal UI) keeps running. */
export async function openSessionAsync(root: string, onProgress?: (visited: number) => void): Promise<Session> {
  const abs = resolve(root);
  return { root: abs, tree: await walkTreeAsync(abs, onProgress), sources: new SourceStore(abs) };
}

export interface DetectResult {
  project: Project;
  findings: ResolvedFinding[];
}

export function enabledRules(options: RunOptions): RegistryEntry[] {
  return (options.entries ?? registry).filter((entry) => {
    const id = entry.detector.meta.id;
    if (options.only && options.only.length > 0 && !options.only.includes(id)) return false;
    if (options.skip?.includes(id)) return false;
    return options.rules?.[id]?.severity !== 'off';
  });
}

export function detect(session: Session, options: RunOptions = {}): DetectResult {
  const { project, findings } = detectRules(session, options);
  return { project, findings };
}

/** A detection with each rule's findings apart (in scope, in the order the rule reported them), for the next pass to reuse. */
interface Detection extends DetectResult {
  byRule: Map<string, ResolvedFinding[]>;
}

/** The detection before a pass and what the pass changed: the rules it cannot affect keep their findings. */
interface Reuse {
  previous: Detection;
  changes: PassChanges;
}

function detectRules(session: Session, options: RunOptions, reuse?: Reuse): Detection {
  const project = timed('project model', () => buildProject(session.tree, session.sources, options));
  const changed = reuse ? timed('changed inputs', () => changedInputs(reuse.changes, reuse.previous.project, project)) : 'all';
  const indexes = new Map<string, LineIndex>();
  const indexFor = (file: string) => {
    let index = indexes.get(file);
    if (!index) {
      index = new LineIndex(session.sources.read(file).text ?? '');
      indexes.set(file, index);
    }
    return index;
  };
  // BuildKit checks honour the Dockerfile's `# check=` directive and BUILDKIT_DOCKERFILE_CHECK.
  const checkConfigs = new Map<string, CheckConfig[]>();
  const checkConfigsFor = (file: string) => {
    let configs = checkConfigs.get(file);
    if (!configs) {
      const text = session.sources.read(file).text ?? '';
      const builds = project.contexts.filter((c) => c.dockerfile === file);
      configs = builds.length > 0 ? builds.map((c) => checkConfig(text, c.args)) : [checkConfig(text)];
      checkConfigs.set(file, configs);
    }
    return configs;
  };
  const findings: ResolvedFinding[] = [];
  const byRule = new Map<string, ResolvedFinding[]>();
  for (const entry of enabledRules(options)) {
    const { meta } = entry.detector;
    // A rule whose inputs the pass left alone: its findings of the last detection, resolved and
    // filtered then, are what it would report now (src/fix/redetect.ts).
    const before = reuse?.previous.byRule.get(meta.id);
    if (before && reuse && !mustRerun(meta, changed, reuse.changes, before)) {
      byRule.set(meta.id, before);
      findings.push(...before);
      continue;
    }
    const kept: ResolvedFinding[] = [];
    const setting = options.rules?.[meta.id];
    const ruleOptions = { ...meta.defaultOptions, ...(setting?.options ?? {}) };
    // An experimental check runs where a Dockerfile's `# check=experimental=…` names it, or
    // everywhere when dockmend's own configuration asks for it.
    const forced = meta.experimental === true && ((options.only?.includes(meta.id) ?? false) || (setting?.severity !== undefined && setting.severity !== 'off'));
    let raw: Finding[];
    try {
      raw = timed(`rule ${meta.id}`, () => entry.detector.detect(project, ruleOptions));
    } catch (err) {
      throw new Error(`rule ${meta.id} failed: ${(err as Error).message}`, { cause: err });
    }
    for (const f of raw) {
      const outcome = meta.buildkitCheck ? checkOutcome(checkConfigsFor(f.location.file), meta.buildkitCheck, meta.experimental, forced) : 'report';
      if (outcome === 'skip') continue;
      const index = indexFor(f.location.file);
      const start = index.position(f.location.start);
      const end = index.position(f.location.end);
      // A configured severity replaces the rule's; set to the rule's default it changes nothing, so
      // the findings the rule itself lowers (it cannot verify them) keep their severity.
      const configured = setting?.severity && setting.severity !== 'off' && setting.severity !== meta.severity ? setting.severity : f.severity;
      // `error=true` fails the build on any violation: then the finding is an error.
      const severity = outcome === 'error' ? 'error' : configured;
      const resolved: ResolvedFinding = {
        ...f,
        severity,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        fixes: entry.transform ? timed(`fix ${meta.id}`, () => entry.transform!(f)) : [],
      };
      if (!options.include || options.include(resolved)) kept.push(resolved);
    }
    byRule.set(meta.id, kept);
    findings.push(...kept);
  }
  // Stable: findings at the same place keep the rules' order, as they would on a full detection.
  findings.sort(compareFindings);
  return { project, findings, byRule };
}

/**
 * The caller's detection with these options, by rule: every enabled rule, with no findings when
 * it reported none in scope (the sort is stable: each rule's findings keep the order it
 * reported them in).
 */
function detectionOf(project: Project, findings: readonly ResolvedFinding[], options: RunOptions): Detection {
  const byRule = new Map<string, ResolvedFinding[]>(enabledRules(options).map((e) => [e.detector.meta.id, []]));
  for (const f of findings) {
    let list = byRule.get(f.rule);
    if (!list) byRule.set(f.rule, (list = []));
    list.push(f);
  }
  return { project, findings: [...findings], byRule };
}

export function compareFindings(a: ResolvedFinding, b: ResolvedFinding): number {
  return (
    compareCodeUnits(a.location.file, b.location.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareCodeUnits(a.rule, b.rule)
  );
}

export interface AppliedFix {
  pass: number;
  finding: ResolvedFinding;
  fix: Fix;
}

export interface PlannedFile {
  path: string;
  /** null: the file is created. */
  before: string | null;
  /** '' when the file is deleted. */
  after: string;
  deleted?: true;
}

export interface Plan {
  root: string;
  /** Findings of the first detection, before any fix. */
  findings: ResolvedFinding[];
  applied: AppliedFix[];
  /** Fixes dropped because they would leave a file unparseable, or create an existing file. */
  rejected: { finding: ResolvedFinding; fix: Fix; reason: string }[];
  /** Findings left after the last pass. */
  remaining: ResolvedFinding[];
  files: PlannedFile[];
  passes: number;
  /** Set when the passes stopped on a repeated state or on the pass limit. */
  stopped?: 'cycle' | 'limit';
}

export function defaultSelect(unsafe: boolean) {
  return (f: ResolvedFinding): number | null => {
    const first = f.fixes[0];
    if (!first) return null;
    return first.applicability === 'safe' || unsafe ? 0 : null;
  };
}

/**
 * Detect and fix until nothing changes: fixes that overlap one already taken in a pass wait
 * for the next pass (as eslint does), up to MAX_PASSES, stopping on a cycle. `firstFindings`:
 * what `detect(session, options)` returns now, when the caller has just run it (then it is not
 * run again); `firstProject`, that detection's project model (then the second pass can reuse
 * the findings of the rules the first pass's changes cannot affect).
 *
 * After a pass, only the rules whose declared inputs (RuleMeta.reads) the pass changed run
 * again; the others keep their findings (src/fix/redetect.ts). The plan is the same as with a
 * full detection after every pass, which DOCKMEND_FULL_REDETECT=1 forces.
 */
export function plan(session: Session, options: RunOptions = {}, firstFindings?: readonly ResolvedFinding[], firstProject?: Project): Plan {
  const select = options.select ?? defaultSelect(options.unsafe ?? false);
  const overlay = session.sources.overlay;
  const result: Plan = { root: session.root, findings: [], applied: [], rejected: [], remaining: [], files: [], passes: 0 };
  const seenStates = new Set<string>();
  const createdFiles = new Set<string>();
  const deletedFiles = new Set<string>();
  const incremental = !fullRedetectForced();
  // The last detection, and what the pass after it changed.
  let last: Detection | undefined;
  let changes: PassChanges | undefined;
  const redetect = (): Detection => detectRules(session, options, incremental && last && changes ? { previous: last, changes } : undefined);

  for (let pass = 0; ; pass++) {
    // The first pass's findings may come from the caller, who detected on this very state with
    // these options: detecting again would give the same list.
    if (pass === 0 && firstFindings !== undefined) last = firstProject ? detectionOf(firstProject, firstFindings, options) : undefined;
    else last = redetect();
    const findings = pass === 0 && firstFindings !== undefined ? [...firstFindings] : last!.findings;
    if (pass === 0) result.findings = findings;
    result.remaining = findings;
    if (pass === MAX_PASSES) {
      result.stopped = 'limit';
      break;
    }
    const claimed = new ClaimedRanges();
    const taken: AppliedFix[] = [];
    for (const finding of findings) {
      const choice = select(finding);
      const fix = choice === null ? undefined : finding.fixes[choice];
      if (!fix || !claimed.fits(fix.changes)) continue;
      const problem = checkFix(session, fix.changes);
      if (problem) {
        if (!result.rejected.some((r) => r.fix.title === fix.title && r.finding.location.file === finding.location.file)) {
          result.rejected.push({ finding, fix, reason: problem });
        }
        continue;
      }
      claimed.claim(fix.changes);
      taken.push({ pass, finding, fix });
    }
    if (taken.length === 0) break;
    changes = passChanges(taken);
    applyToOverlay(session, taken.flatMap((t) => t.fix.changes), createdFiles, deletedFiles);
    result.applied.push(...taken);
    result.passes = pass + 1;
    const state = stateHash(overlay);
    if (seenStates.has(state)) {
      result.stopped = 'cycle';
      result.remaining = redetect().findings;
      break;
    }
    seenStates.add(state);
  }

  for (const [path, after] of [...overlay].sort(([a], [b]) => compareCodeUnits(a, b))) {
    const before = createdFiles.has(path) ? null : (session.sources.original(path)?.text ?? null);
    if (deletedFiles.has(path)) {
      if (before !== null) result.files.push({ path, before, after: '', deleted: true });
    } else if (before !== after) result.files.push({ path, before, after });
  }
  return result;
}

/** The files a pass's fixes edit, create and delete. */
function passChanges(taken: readonly AppliedFix[]): PassChanges {
  const edited = new Set<string>();
  const created = new Set<string>();
  const deleted = new Set<string>();
  for (const { fix } of taken) for (const c of fix.changes) (c.kind === 'create' ? created : c.kind === 'delete' ? deleted : edited).add(c.file);
  return { edited, created, deleted };
}

/** Would these changes apply cleanly and leave every touched file parseable? */
function checkFix(session: Session, changes: readonly Change[]): string | null {
  const byFile = new Map<string, Change[]>();
  for (const c of changes) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  for (const [file, list] of byFile) {
    if (list.some((c) => c.kind === 'delete')) {
      if (!session.tree.isFile(file)) return `${file} does not exist`;
      continue;
    }
    const create = list.find((c) => c.kind === 'create');
    let text: string;
    if (create) {
      if (session.tree.exists(file) || session.sources.overlay.has(file)) return `${file} already exists`;
      text = create.text;
    } else {
      const current = session.sources.read(file);
      if (current.text === null) return `${file}: ${current.problem ?? 'cannot read file'}`;
      const before = parseProblem(file, current.text);
      text = applyEdits(current.text, list.filter((c) => c.kind === 'edit'));
      const after = parseProblem(file, text);
      if (after && !before) return `the fix would leave ${file} unparseable: ${after}`;
      continue;
    }
    const after = parseProblem(file, text);
    if (after) return `the fix would create an unparseable ${file}: ${after}`;
  }
  return null;
}

function applyToOverlay(session: Session, changes: readonly Change[], createdFiles: Set<string>, deletedFiles: Set<string>): void {
  const edits = new Map<string, Change[]>();
  for (const c of changes) {
    if (c.kind === 'delete') {
      session.sources.overlay.set(c.file, '');
      session.tree.removeFile(c.file);
      deletedFiles.add(c.file);
    } else if (c.kind === 'create') {
      session.sources.overlay.set(c.file, c.text);
      session.tree.addFile(c.file);
      createdFiles.add(c.file);
    } else edits.set(c.file, [...(edits.get(c.file) ?? []), c]);
  }
  for (const [file, list] of edits) {
    const text = session.sources.read(file).text ?? '';
    session.sources.overlay.set(file, applyEdits(text, list.filter((c) => c.kind === 'edit')));
  }
}

function stateHash(overlay: ReadonlyMap<string, string>): string {
  const h = crypto().createHash('sha256');
  for (const [path, text] of [...overlay].sort(([a], [b]) => compareCodeUnits(a, b))) h.update(path).update('\0').update(text).update('\0');
  return h.digest('hex');
}

/** The files one fix would produce on its own, against the current texts (for previews). */
export function previewFix(session: Session, fix: Fix): PlannedFile[] {
  const files: PlannedFile[] = [];
  const byFile = new Map<string, Change[]>();
  for (const c of fix.changes) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  for (const [path, changes] of byFile) {
    const create = changes.find((c) => c.kind === 'create');
    if (create) {
      files.push({ path, before: null, after: create.text });
      continue;
    }
    if (changes.some((c) => c.kind === 'delete')) {
      files.push({ path, before: session.sources.read(path).text ?? '', after: '', deleted: true });
      continue;
    }
    const before = session.sources.read(path).text ?? '';
    files.push({ path, before, after: applyEdits(before, changes.filter((c) => c.kind === 'edit')) });
  }
  return files;
}
