// Where a missing path probably is. Every candidate is checked against the tree index; the
// order is the order of preference (most specific repair first).
import { hasMeta } from '../dockerfile/wildcard.js';
import { basenameOf, dirnameOf, relativePath, resolveInRoot } from '../project/paths.js';
import type { FileTree } from '../project/walk.js';
import { compareCodeUnits } from '../text.js';
import { resolveSource, type ContextView } from './context-sources.js';

/**
 * Where a missing build context probably is: the directories named like it (`contextDir`'s last
 * part) in which the Dockerfile, as written relative to the context, exists — any directory of
 * that name when the build has no Dockerfile file (`written` null: an inline Dockerfile) —
 * nearest to `from` (the project or Bake working directory) first.
 */
export function contextDirCandidates(tree: FileTree, contextDir: string, written: string | null, from: string): string[] {
  const name = basenameOf(contextDir);
  const dirs: string[] = [];
  for (const entry of tree.below('')) {
    if (entry.kind !== 'dir' || entry.name !== name || entry.opaque) continue;
    if (written !== null) {
      const dockerfile = resolveInRoot(entry.path, written);
      if (dockerfile === null || !tree.isFile(dockerfile)) continue;
    }
    dirs.push(entry.path);
  }
  const distance = (d: string) => relativePath(from, d).split('/').length;
  return dirs.sort((a, b) => distance(a) - distance(b) || compareCodeUnits(a, b));
}

/** Levenshtein distance, capped: returns max+1 as soon as the distance exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Entries below `dir` by base name, built once per context and only when needed. */
/** Entries below a context directory by base name, read from the tree's one name index. */
export class NameIndex {
  constructor(private readonly tree: FileTree, private readonly dir: string) {}

  /** Context-relative paths whose base name is `name`, shallowest first, then by path. */
  get(name: string): string[] {
    return this.within(this.tree.pathsNamed(name));
  }

  /** Context-relative paths whose base name equals `name` ignoring case. */
  getIgnoringCase(name: string): string[] {
    return this.within(this.tree.pathsNamedIgnoringCase(name));
  }

  private within(paths: readonly string[]): string[] {
    const cut = this.dir === '' ? 0 : this.dir.length + 1;
    const out = this.dir === '' ? [...paths] : paths.filter((p) => p.startsWith(`${this.dir}/`)).map((p) => p.slice(cut));
    const depth = (p: string) => p.split('/').length;
    return out.sort((a, b) => depth(a) - depth(b) || compareCodeUnits(a, b));
  }
}

/**
 * Context-relative replacements for a source `rel` (cleaned) that is missing from the context:
 * a stale leading directory (`frontend/package*.json` when the context is `frontend`), the
 * same path below a subdirectory, a case-only mismatch, the same file name elsewhere, or a
 * uniquely similar name next to where it was expected.
 */
export function pathCandidates(tree: FileTree, view: ContextView, rel: string, names: NameIndex): string[] {
  const out: string[] = [];
  const add = (p: string) => {
    if (p !== rel && !out.includes(p) && resolveSource(tree, view, p).status === 'ok') out.push(p);
  };
  // A context that was moved into a subfolder while the COPY kept its old prefix.
  const ctxName = basenameOf(view.dir);
  if (view.dir !== '' && rel.startsWith(`${ctxName}/`)) add(rel.slice(ctxName.length + 1));
  if (hasMeta(rel)) return out;

  const name = basenameOf(rel);
  // The same relative path one or more levels deeper.
  for (const p of names.get(name)) if (p.endsWith(`/${rel}`)) add(p);
  // Case-only mismatch (works on a case-insensitive laptop, fails on the Linux builder).
  for (const p of names.getIgnoringCase(name)) if (p.toLowerCase() === rel.toLowerCase()) add(p);
  // The same file name somewhere else (a file moved to another folder).
  for (const p of names.get(name)) add(p);
  if (out.length > 0) return out;
  // A uniquely similar name in the folder it was expected in.
  const parent = dirnameOf(rel);
  const abs = view.dir === '' ? parent : parent === '' ? view.dir : `${view.dir}/${parent}`;
  const max = Math.max(1, Math.min(2, Math.floor(name.length / 4)));
  const similar = tree.list(abs).filter((n) => editDistance(n, name, max) <= max);
  if (similar.length === 1) add(parent === '' ? similar[0] : `${parent}/${similar[0]}`);
  return out;
}
