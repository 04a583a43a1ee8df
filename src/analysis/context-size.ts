// What each build context sends: files and bytes, now and after the pending fixes, and the
// heaviest paths. It reuses the walk's index; only directories the walk did not list
// (`node_modules`, `.git`) are read, and only when they are sent. An excluded directory with no
// `!` exception below it is skipped whole, as BuildKit's sender does, and so is what the builds
// do not read: BuildKit sends only the paths their COPY/ADD sources and context mounts name
// (./transferred.ts), when dockmend can tell them.
import { lstatSync, readdirSync } from 'node:fs';
import type { IgnoreMatcher } from '../ignore/matcher.js';
import { relativePath } from '../project/paths.js';
import type { Project } from '../project/project.js';
import type { FileTree } from '../project/walk.js';
import { compareCodeUnits } from '../text.js';
import { ignoreOf } from './models.js';
import { contextTransferScope, type TransferScope } from './transferred.js';

export interface ContextSize {
  dir: string;
  ignoreFile: string | null;
  files: number;
  bytes: number;
  /** The heaviest files sent, heaviest first. */
  heaviest: { path: string; bytes: number }[];
}

const HEAVIEST = 10;

/** Per opaque directory: its files and bytes, read from disk once per run. */
const opaqueCache = new WeakMap<FileTree, Map<string, OpaqueContent>>();

/**
 * Measurements by what decides them: the context directory, its ignore file and the Dockerfile
 * (always sent). `measureContexts` fills it; given back, a measurement whose inputs did not
 * change (`unchanged`) is reused instead of walking the context again.
 */
export interface SizeMemo {
  sizes: Map<string, ContextSize>;
  /**
   * Whether a recorded measurement of `dir` with `ignoreFile` still holds; `dockerfiles` are the
   * Dockerfiles built with it, whose COPY sources decide what is sent.
   */
  unchanged?: (dir: string, ignoreFile: string | null, dockerfiles: readonly string[]) => boolean;
}

export function measureContexts(project: Project, memo?: SizeMemo): ContextSize[] {
  const seen = new Map<string, ContextSize>();
  for (const c of project.contexts) {
    if (!c.dirExists) continue;
    const key = `${c.dir}\0${c.ignoreFile ?? ''}`;
    if (seen.has(key)) continue;
    const memoKey = `${key}\0${c.dockerfile ?? ''}`;
    const dockerfiles = project.contexts.filter((o) => o.dir === c.dir && o.ignoreFile === c.ignoreFile && o.dockerfile !== null).map((o) => o.dockerfile!);
    const known = memo?.unchanged?.(c.dir, c.ignoreFile, dockerfiles) ? memo.sizes.get(memoKey) : undefined;
    if (known) {
      seen.set(key, known);
      continue;
    }
    const matcher = c.ignoreFile ? ignoreOf(project, c.ignoreFile)?.matcher ?? null : null;
    const always = new Set([c.dockerfile, c.ignoreFile].filter((p): p is string => p !== null));
    const size = measure(project.tree, c.dir, c.ignoreFile, matcher, always, contextTransferScope(project, c.dir, c.ignoreFile));
    seen.set(key, size);
    memo?.sizes.set(memoKey, size);
  }
  return [...seen.values()];
}

function measure(tree: FileTree, dir: string, ignoreFile: string | null, matcher: IgnoreMatcher | null, always: Set<string>, scope: TransferScope | null): ContextSize {
  const size: ContextSize = { dir, ignoreFile, files: 0, bytes: 0, heaviest: [] };
  const add = (path: string, bytes: number) => {
    size.files++;
    size.bytes += bytes;
    if (size.heaviest.length < HEAVIEST || bytes > size.heaviest[size.heaviest.length - 1].bytes) {
      size.heaviest.push({ path, bytes });
      size.heaviest.sort((a, b) => b.bytes - a.bytes || compareCodeUnits(a.path, b.path));
      if (size.heaviest.length > HEAVIEST) size.heaviest.pop();
    }
  };
  const sent = (rel: string) => !matcher?.excludes(rel) && (scope === null || scope.reachesInto(rel));
  tree.visit(dir, (entry) => {
    const rel = relativePath(dir, entry.path);
    if (entry.kind === 'dir') {
      if (matcher?.excludesWholeDir(rel) || (scope !== null && !scope.reachesInto(rel))) return false;
      if (!entry.opaque) return true;
      for (const f of opaqueContent(tree, entry.path).list) if (sent(relativePath(dir, f.path))) add(f.path, f.bytes);
      return false;
    }
    if (always.has(entry.path) || sent(rel)) add(entry.path, tree.entrySize(entry));
    return false;
  });
  return size;
}

export interface OpaqueContent {
  files: number;
  bytes: number;
  list: { path: string; bytes: number }[];
}

function opaqueContent(tree: FileTree, dir: string): OpaqueContent {
  let cache = opaqueCache.get(tree);
  if (!cache) opaqueCache.set(tree, (cache = new Map()));
  let content = cache.get(dir);
  if (!content) cache.set(dir, (content = readOpaqueDir({ readdirSync, lstatSync }, tree.root, dir)));
  return content;
}

/** Record what the size worker (size-prefetch.ts) read of an opaque directory. */
export function primeOpaqueContent(tree: FileTree, dir: string, content: OpaqueContent): void {
  let cache = opaqueCache.get(tree);
  if (!cache) opaqueCache.set(tree, (cache = new Map()));
  if (!cache.has(dir)) cache.set(dir, content);
}

/**
 * The files and bytes below a directory the walk did not list, as `du` counts them (lstat: a
 * link is counted, never followed; unreadable entries are not sent either). Self-contained, as
 * it also runs on the size worker, from its source text (size-prefetch.ts).
 */
export function readOpaqueDir(fs: { readdirSync: (path: string) => string[]; lstatSync: (path: string) => { size: number; isDirectory(): boolean } }, root: string, dir: string): OpaqueContent {
  const content: OpaqueContent = { files: 0, bytes: 0, list: [] };
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let names: string[];
    try {
      names = fs.readdirSync(`${root}/${d}`);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = `${d}/${name}`;
      try {
        const st = fs.lstatSync(`${root}/${path}`);
        if (st.isDirectory()) stack.push(path);
        else {
          content.files++;
          content.bytes += st.size;
          content.list.push({ path, bytes: st.size });
        }
      } catch {
        // unreadable: not sent either
      }
    }
  }
  return content;
}

/** 1.2 GB / 38 MB / 512 B, as people read sizes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export interface ContextShrink {
  contexts: number;
  before: { files: number; bytes: number };
  after: { files: number; bytes: number };
}

export function totals(sizes: readonly ContextSize[]): { files: number; bytes: number } {
  return { files: sizes.reduce((n, s) => n + s.files, 0), bytes: sizes.reduce((n, s) => n + s.bytes, 0) };
}

/** "contexts: 6, sending 1.2 GB in 48,311 files; after fixes: 38 MB in 2,104 files" */
export function shrinkLine(s: ContextShrink): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const now = `contexts: ${s.contexts}, sending ${formatBytes(s.before.bytes)} in ${n(s.before.files)} files`;
  return s.after.files === s.before.files && s.after.bytes === s.before.bytes ? now : `${now}; after fixes: ${formatBytes(s.after.bytes)} in ${n(s.after.files)} files`;
}
