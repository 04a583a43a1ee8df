// The JSON contract (docs/json-format.md). Version 1: fields are only ever added.
import type { ComposeProject, ProjectOrigin } from '../compose/projects.js';
import type { PlannedFile } from '../fix/engine.js';
import type { BuildContext, Project } from '../project/project.js';
import type { ResolvedFinding } from '../types.js';
import { unifiedDiff } from './diff.js';

export interface JsonReport {
  version: 1;
  root: string;
  findings: JsonFinding[];
  summary: { files: number; findings: number; fixable: number; suppressed: number };
  /** `fix --dry-run --format json` only: the pending changes. */
  plan?: JsonPlan;
  /** `scan --show-vars` only: the compose projects dockmend read, and how it found each. */
  projects?: JsonProject[];
  /** `scan --show-vars` only: the builds found on the repository's command lines, when any. */
  builds?: JsonFoundBuild[];
}

/** A compose project as dockmend loaded it (never the variables' values: they may be secrets). */
export interface JsonProject {
  /** Compose files in `-f` order, relative to `root`. */
  files: string[];
  /** The project directory (`.` for the root). */
  projectDirectory: string;
  /** The env files its interpolation variables come from, in reading order. */
  envFiles: string[];
  /** An `--env-file` outside the repository it is run with, as written (`~/gitops/x.env`): dockmend cannot read it. */
  externalEnvFile?: string;
  /** How it was found: `default`, `file`, `config`, `invocation`, `overlay` or `include`, with where. */
  foundBy: Exclude<ProjectOrigin, { kind: 'include' }> | { kind: 'include'; file: string; line: number };
  /** Compose-named links the files were reached by: link → file. */
  links?: Record<string, string>;
  /** `include:` sub-projects. */
  includes?: JsonProject[];
  /** This include was reached again: its `includes` are given where it is first listed. */
  includesListedAbove?: true;
}

/** Where a build was found: `{ "file": "Makefile", "line": 12, "command": "docker build -f x ." }`. */
export interface JsonOrigin {
  file: string;
  line: number;
  command: string;
}

export interface JsonFoundBuild {
  /** `command`: a `docker build` line; `bake`: a Bake target. */
  source: 'command' | 'bake';
  dockerfile: string;
  context: string;
  /** The Bake target's name and the file its block is in (source `bake`). */
  target?: string;
  file?: string;
  /** The command line (source `command`), or the `docker buildx bake -f` line that named the Bake files. */
  foundIn?: JsonOrigin;
}

/**
 * The builds a scan took from the repository besides compose files (which `projects` lists):
 * `docker build ...` lines in a script, Makefile, workflow or README, and Bake targets.
 */
export function foundBuilds(project: Project): JsonFoundBuild[] {
  const builds: JsonFoundBuild[] = [];
  for (const c of project.contexts) {
    if (c.dockerfile === null) continue;
    const context = c.dir === '' ? '.' : c.dir;
    const o = c.origin;
    if (o.kind === 'directory' && o.invocation) {
      const i = o.invocation;
      builds.push({ source: 'command', dockerfile: c.dockerfile, context, foundIn: { file: i.file, line: i.line, command: i.command } });
    } else if (o.kind === 'bake') {
      const f = o.set.foundBy;
      builds.push({ source: 'bake', dockerfile: c.dockerfile, context, target: o.target, file: o.file, ...(f.kind === 'invocation' ? { foundIn: { file: f.file, line: f.line, command: f.command } } : {}) });
    }
  }
  return builds;
}

/** Which build uses a context, for `dockmend context`. */
export type JsonBuildSource =
  | { source: 'compose'; file: string; service: string; dockerfile: string | null }
  | { source: 'bake'; file: string; target: string; dockerfile: string | null }
  | { source: 'command'; file: string; line: number; dockerfile: string | null }
  | { source: 'config' | 'inferred' | 'directory'; dockerfile: string | null };

export function buildSource(c: BuildContext): JsonBuildSource {
  const o = c.origin;
  if (o.kind === 'compose') return { source: 'compose', file: o.file, service: o.service, dockerfile: c.dockerfile };
  if (o.kind === 'bake') return { source: 'bake', file: o.file, target: o.target, dockerfile: c.dockerfile };
  if (o.invocation) return { source: 'command', file: o.invocation.file, line: o.invocation.line, dockerfile: c.dockerfile };
  return { source: o.configured ? 'config' : o.inferredFrom !== undefined ? 'inferred' : 'directory', dockerfile: c.dockerfile };
}

export interface JsonFinding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  context?: string;
  fix: null | { applicability: 'safe' | 'unsafe'; title: string; alternatives: number };
}

export interface JsonPlan {
  /** Fixes the plan applies (over all passes). */
  fixes: number;
  files: { path: string; status: 'modified' | 'created' | 'deleted'; diff: string }[];
}

/** One finding as the JSON contract has it (shared by every JSON output). */
export function toJsonFinding(f: ResolvedFinding): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    file: f.location.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    ...(f.context !== undefined ? { context: f.context } : {}),
    fix: f.fixes.length > 0 ? { applicability: f.fixes[0].applicability, title: f.fixes[0].title, alternatives: f.fixes.length } : null,
  };
}

export function toJsonReport(root: string, findings: readonly ResolvedFinding[], filesScanned: number, suppressed = 0): JsonReport {
  return {
    version: 1,
    root,
    findings: findings.map(toJsonFinding),
    summary: { files: filesScanned, findings: findings.length, fixable: findings.filter((f) => f.fixes.length > 0).length, suppressed },
  };
}

export function toJsonPlan(fixes: number, files: readonly PlannedFile[]): JsonPlan {
  return { fixes, files: files.map((f) => ({ path: f.path, status: f.before === null ? 'created' : f.deleted ? 'deleted' : 'modified', diff: unifiedDiff(f) })) };
}

/** The compose projects for the JSON report. `lineOf` turns an offset of a file into a 1-based line. */
export function toJsonProjects(
  projects: readonly ComposeProject[],
  lineOf: (file: string, offset: number) => number,
  listed = new Set<ComposeProject>(),
): JsonProject[] {
  return projects.map((p) => {
    // An include reached again (a diamond of includes) carries its `includes` once, where it is
    // first listed: repeating them at every path would double the report with every level.
    const first = !listed.has(p);
    listed.add(p);
    const o = p.origin ?? { kind: 'file' };
    const foundBy: JsonProject['foundBy'] = o.kind === 'include' ? { kind: 'include', file: o.file, line: lineOf(o.file, o.span.start) } : o;
    return {
      files: p.files,
      projectDirectory: p.projectDir === '' ? '.' : p.projectDir,
      envFiles: [...(p.envFiles ?? [])],
      ...(p.externalEnvFile ? { externalEnvFile: p.externalEnvFile.path } : {}),
      foundBy,
      ...(p.links ? { links: { ...p.links } } : {}),
      ...(p.includes && first ? { includes: toJsonProjects(p.includes, lineOf, listed) } : {}),
      ...(p.includes && p.includes.length > 0 && !first ? { includesListedAbove: true as const } : {}),
    };
  });
}
