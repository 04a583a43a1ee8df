// The JSON contract (docs/json-format.md). Version 1: fields are only ever added.
import type { PlannedFile } from '../fix/engine.js';
import type { InvocationOrigin } from '../project/invocations.js';
import type { Project } from '../project/project.js';
import type { ResolvedFinding } from '../types.js';
import { unifiedDiff } from './diff.js';

export interface JsonReport {
  version: 1;
  root: string;
  findings: JsonFinding[];
  summary: { files: number; findings: number; fixable: number; suppressed: number };
  /** `fix --dry-run --format json` only: the pending changes. */
  plan?: JsonPlan;
  /** Compose projects found from the repository's command lines (`docker compose -f ...`), when any. */
  projects?: JsonFoundProject[];
  /** Builds found from the repository's command lines (`docker build ...`), when any. */
  builds?: JsonFoundBuild[];
}

/** Where a project or build was found: `{ "file": "Makefile", "line": 12, "command": "docker compose -f a.yml -f b.yml up" }`. */
export interface JsonOrigin {
  file: string;
  line: number;
  command: string;
}

export interface JsonFoundProject {
  files: string[];
  projectDirectory: string;
  foundIn: JsonOrigin;
}

export interface JsonFoundBuild {
  dockerfile: string;
  context: string;
  foundIn: JsonOrigin;
}

/** The projects and builds a scan took from command lines (empty lists are left out). */
export function foundByCommandLines(project: Project): Pick<JsonReport, 'projects' | 'builds'> {
  const at = (o: InvocationOrigin): JsonOrigin => ({ file: o.file, line: o.line, command: o.command });
  const projects = project.composeProjects.filter((p) => p.origin).map((p) => ({ files: [...p.files], projectDirectory: p.projectDir === '' ? '.' : p.projectDir, foundIn: at(p.origin!) }));
  const builds: JsonFoundBuild[] = [];
  for (const c of project.contexts) {
    if (c.origin.kind === 'directory' && c.origin.invocation && c.dockerfile !== null) builds.push({ dockerfile: c.dockerfile, context: c.dir === '' ? '.' : c.dir, foundIn: at(c.origin.invocation) });
  }
  return { ...(projects.length > 0 ? { projects } : {}), ...(builds.length > 0 ? { builds } : {}) };
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
