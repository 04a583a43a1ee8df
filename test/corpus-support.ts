// Shared by the reliability tests: the real-world corpus (../shared/corpus, beside the clone,
// never copied into the project) and the round-trip checks every written plan must pass.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { parseComposeFile } from '../src/compose/model.js';
import { parseDockerfile } from '../src/dockerfile/model.js';
import type { Plan } from '../src/fix/engine.js';
import { isComposeName, isDockerfileName } from '../src/project/discover.js';
import { basenameOf } from '../src/project/paths.js';
import { applyEdits } from '../src/text.js';
import type { Edit } from '../src/types.js';

export const PROJECT_ROOT = join(import.meta.dirname, '..');
/** CI clones the project with shared/ beside it: `<clone>/../shared/corpus` (DOCKMEND_CORPUS overrides it). */
export const CORPUS = process.env.DOCKMEND_CORPUS || join(PROJECT_ROOT, '..', 'shared', 'corpus');
export const CORPUS_PRESENT = existsSync(join(CORPUS, 'materialize.mjs'));

/** Corpus repositories (folders with a paths.tsv), sorted; empty when the corpus is absent. */
export function corpusNames(): string[] {
  if (!CORPUS_PRESENT) return [];
  return readdirSync(CORPUS)
    .filter((n) => existsSync(join(CORPUS, n, 'paths.tsv')))
    .sort();
}

const materialized: string[] = [];

/** Rebuild one corpus repository in a new temporary directory (materialize.mjs) and return it. */
export function materialize(name: string): string {
  const parent = mkdtempSync(join(tmpdir(), `dockmend-corpus-${name}-`));
  materialized.push(parent);
  const dest = join(parent, name);
  execFileSync(process.execPath, [join(CORPUS, 'materialize.mjs'), name, dest], { stdio: 'pipe' });
  return dest;
}

/** Remove every tree `materialize` made (for afterAll). */
export function removeMaterialized(): void {
  for (const dir of materialized.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Paths (root-relative, `/`) of the files the corpus ships verbatim: the Docker files. */
export function corpusFiles(name: string): string[] {
  const base = join(CORPUS, name, 'files');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(base, p).split(sep).join('/'));
    }
  };
  walk(base);
  return out.sort();
}

/** Every file below root with its size (placeholders are not read). */
export function listing(root: string): Map<string, number> {
  const out = new Map<string, number>();
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else out.set(relative(root, p).split(sep).join('/'), lstatSync(p).size);
    }
  }
  return out;
}

export interface FindingKey {
  rule: string;
  file: string;
  line: number;
}

export function keyOf(f: FindingKey): string {
  return `${f.file}:${f.line} ${f.rule}`;
}

/** Sorted `file:line rule` strings, for exact comparisons with readable diffs. */
export function keys(findings: readonly FindingKey[]): string[] {
  return findings.map(keyOf).sort();
}

/**
 * Problems with a plan as a codemod's contract states it (empty when none):
 * - each file's final text is its original text with exactly the plan's edits applied, pass by
 *   pass (so no byte outside an edit changed);
 * - for a file edited in one pass only, the region between the common prefix and suffix of
 *   before and after lies within the edits' spans;
 * - no two edits of one pass overlap;
 * - created files hold what their create change says; deleted files were deleted by a change.
 */
export function planProblems(plan: Plan): string[] {
  const problems: string[] = [];
  const byFile = new Map<string, { pass: number; edits: Edit[] }[]>();
  const created = new Map<string, string>();
  const deleted = new Set<string>();
  for (const a of plan.applied) {
    for (const c of a.fix.changes) {
      if (c.kind === 'create') created.set(c.file, c.text);
      else if (c.kind === 'delete') deleted.add(c.file);
      else {
        const passes = byFile.get(c.file) ?? [];
        let entry = passes.find((p) => p.pass === a.pass);
        if (!entry) passes.push((entry = { pass: a.pass, edits: [] }));
        entry.edits.push(c);
        byFile.set(c.file, passes);
      }
    }
  }
  for (const file of plan.files) {
    if (file.deleted) {
      if (!deleted.has(file.path)) problems.push(`${file.path}: deleted without a delete change`);
      continue;
    }
    let text = file.before ?? created.get(file.path);
    if (text === undefined) {
      problems.push(`${file.path}: created without a create change`);
      continue;
    }
    const passes = (byFile.get(file.path) ?? []).sort((a, b) => a.pass - b.pass);
    for (const { pass, edits } of passes) {
      const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
      for (let i = 1; i < sorted.length; i++) {
        const [p, q] = [sorted[i - 1], sorted[i]];
        if (q.start < p.end || (q.start === p.end && (p.start === p.end || q.start === q.end))) {
          problems.push(`${file.path}: edits of pass ${pass} overlap at ${p.start}-${p.end} and ${q.start}-${q.end}`);
        }
      }
      for (const e of sorted) if (e.start < 0 || e.end < e.start || e.end > text.length) problems.push(`${file.path}: edit ${e.start}-${e.end} outside the text (${text.length})`);
      try {
        text = applyEdits(text, sorted);
      } catch (err) {
        problems.push(`${file.path}: ${(err as Error).message}`);
      }
    }
    if (text !== file.after) problems.push(`${file.path}: the planned text is not the original with the plan's edits applied`);
    if (file.before !== null && passes.length === 1) {
      const { start, end } = changedRegion(file.before, file.after);
      if (start < end) {
        const lo = Math.min(...passes[0].edits.map((e) => e.start));
        const hi = Math.max(...passes[0].edits.map((e) => e.end));
        if (start < lo || end > hi) problems.push(`${file.path}: bytes ${start}-${end} changed, outside the edits (${lo}-${hi})`);
      }
    }
  }
  return problems;
}

/** The span of `before` that differs from `after`, past their common prefix and suffix. */
export function changedRegion(before: string, after: string): { start: number; end: number } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { start, end: before.length - end };
}

/** Rules whose fixes add an instruction to a Dockerfile (create-user adds a RUN). */
export const INSTRUCTION_ADDING_RULES = new Set(['chown-user-undefined']);

/**
 * Problems with the files a plan writes, read back from disk: compose files still parse,
 * Dockerfiles still parse with the same number of instructions (unless a fix adds one).
 */
export function writtenFileProblems(root: string, plan: Plan): string[] {
  const problems: string[] = [];
  for (const file of plan.files) {
    if (file.deleted) continue;
    const name = basenameOf(file.path);
    const onDisk = readFileSync(join(root, file.path), 'utf8');
    if (onDisk !== file.after) problems.push(`${file.path}: the disk does not hold the planned text`);
    if (isComposeName(name) || /\.ya?ml$/.test(name)) {
      const before = file.before === null ? null : parseComposeFile(file.path, file.before);
      const after = parseComposeFile(file.path, onDisk);
      if ((before === null || before.errors.length === 0) && after.errors.length > 0) problems.push(`${file.path}: no longer parses: ${after.errors[0].message}`);
    }
    if (isDockerfileName(name) && file.before !== null) {
      const before = parseDockerfile(file.before).instructionCount;
      const after = parseDockerfile(onDisk).instructionCount;
      const adds = plan.applied.some((a) => INSTRUCTION_ADDING_RULES.has(a.finding.rule) && a.fix.changes.some((c) => c.file === file.path));
      if (adds ? after < before : after !== before) problems.push(`${file.path}: ${before} instructions before the fix, ${after} after`);
    }
  }
  return problems;
}
