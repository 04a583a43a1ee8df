// Resolving a COPY/ADD source against a build context, as BuildKit does: the source is
// relative to the context root (a leading '/' included), cleaned, may not leave the context,
// may be a Go filepath.Match wildcard, and files excluded by the ignore file are not sent.
import { posix } from 'node:path';
import { BadPatternError, compileGoPattern, hasMeta } from '../dockerfile/wildcard.js';
import type { IgnoreMatcher } from '../ignore/matcher.js';
import type { FileTree } from '../project/walk.js';

export interface ContextView {
  /** Root-relative directory of the context ('' = root). */
  dir: string;
  /**
   * The ignore file in force. It applies to every path of the context, the Dockerfile and the
   * ignore file themselves included: BuildKit reads the Dockerfile through a separate source,
   * so an excluded Dockerfile is still built but cannot be COPY'd.
   */
  ignore: IgnoreMatcher | null;
}

export type SourceStatus =
  | { status: 'ok'; matches: string[] }
  | { status: 'missing' }
  | { status: 'ignored'; matches: string[] }
  | { status: 'outside' }
  | { status: 'empty-wildcard' }
  | { status: 'bad-pattern'; message: string };

/** Context-relative cleaned path of a source, or null when it leaves the context. */
export function cleanSource(value: string): string | null {
  // BuildKit resolves sources against the context root; a leading '/' is the root too
  // (moby/buildkit frontend/dockerfile/dockerfile2llb: "COPY /src" reads <context>/src).
  // An absolute source is cleaned as Go's path.Clean does, so its `..` stops at the root;
  // only a relative `..` expresses the intent to leave the context.
  const cleaned = value.startsWith('/')
    ? posix.normalize(value).replace(/^\/+/, '').replace(/\/+$/, '')
    : posix.normalize(`./${value}`).replace(/\/+$/, '');
  if (cleaned === '.' || cleaned === '') return '';
  if (cleaned === '..' || cleaned.startsWith('../')) return null;
  return cleaned;
}

/** Root-relative path of a context-relative one. */
export function inContext(dir: string, rel: string): string {
  return dir === '' ? rel : rel === '' ? dir : `${dir}/${rel}`;
}

export function resolveSource(tree: FileTree, ctx: ContextView, value: string): SourceStatus {
  const rel = cleanSource(value);
  if (rel === null) return { status: 'outside' };
  let matches: string[];
  if (hasMeta(rel)) {
    try {
      matches = globInTree(tree, ctx.dir, rel);
    } catch (err) {
      if (err instanceof BadPatternError) return { status: 'bad-pattern', message: err.message };
      throw err;
    }
    if (matches.length === 0) return { status: 'empty-wildcard' };
  } else {
    // A path through a symbolic link (BuildKit follows links inside the context) or into a
    // directory the walk did not list cannot be checked from the index: it is taken as present.
    if (!tree.existsDeep(inContext(ctx.dir, rel)) && !unlistedAncestor(tree, ctx.dir, rel)) return { status: 'missing' };
    matches = [rel];
  }
  const sent = matches.filter((m) => isSent(tree, ctx, m));
  if (sent.length === 0) return { status: 'ignored', matches };
  return { status: 'ok', matches: sent };
}

/**
 * Whether BuildKit sends `path` (context-relative): not excluded as its context sender walks
 * (fsutil), or a directory that the ignore file excludes but below which an exception
 * re-includes something.
 */
export function isSent(tree: FileTree, ctx: ContextView, path: string): boolean {
  if (path === '' || !ctx.ignore || !ctx.ignore.excludesWalked(path)) return true;
  const abs = inContext(ctx.dir, path);
  if (!tree.isDir(abs) || !ctx.ignore.hasExceptions || ctx.ignore.excludesWholeDir(path)) return false;
  const cut = ctx.dir === '' ? 0 : ctx.dir.length + 1;
  for (const e of tree.below(abs)) if (e.kind !== 'dir' && !ctx.ignore.excludesWalked(e.path.slice(cut))) return true;
  return false;
}

/** True when a proper ancestor of `rel` inside the context is a symlink or an unlisted (opaque) directory. */
function unlistedAncestor(tree: FileTree, dir: string, rel: string): boolean {
  for (let i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
    const e = tree.get(inContext(dir, rel.slice(0, i)));
    if (!e) return false;
    if (e.kind === 'symlink' || e.opaque) return true;
  }
  return false;
}

/**
 * Context-relative paths matching a wildcard, segment by segment (`*` never crosses '/'). A
 * symlink or unlisted directory met before the last segment counts as a match: what is behind
 * it is unknown.
 */
function globInTree(tree: FileTree, base: string, pattern: string): string[] {
  let current: string[] = [''];
  const unknown: string[] = [];
  const segments = pattern.split('/');
  segments.forEach((segment, i) => {
    if (current.length === 0) return;
    const last = i === segments.length - 1;
    const next: string[] = [];
    const matcher = hasMeta(segment) ? compileGoPattern(segment) : null;
    for (const rel of current) {
      const child = (name: string) => (rel === '' ? name : `${rel}/${name}`);
      if (matcher) {
        for (const name of tree.list(inContext(base, rel))) if (matcher.test(name)) next.push(child(name));
      } else if (tree.exists(inContext(base, child(segment)))) next.push(child(segment));
    }
    current = [];
    for (const rel of next) {
      const e = tree.get(inContext(base, rel));
      if (!last && (e?.kind === 'symlink' || e?.opaque)) unknown.push(rel);
      else current.push(rel);
    }
  });
  return [...current, ...unknown];
}
