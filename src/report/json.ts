// The JSON contract (docs/json-format.md). Version 1: fields are only ever added.
import type { PlannedFile } from '../fix/engine.js';
import type { ResolvedFinding } from '../types.js';
import { unifiedDiff } from './diff.js';

export interface JsonReport {
  version: 1;
  root: string;
  findings: JsonFinding[];
  summary: { files: number; findings: number; fixable: number; suppressed: number };
  /** `fix --dry-run --format json` only: the pending changes. */
  plan?: JsonPlan;
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
