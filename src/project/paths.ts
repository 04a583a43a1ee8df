// Path helpers for root-relative POSIX paths ('.' is never stored: the root is '').
import { isAbsolute, posix, relative, sep } from 'node:path';

/** Join and normalise root-relative paths; returns null when the result leaves the root. */
export function resolveInRoot(base: string, rel: string): string | null {
  const joined = posix.normalize(posix.join(base === '' ? '.' : base, rel));
  if (joined === '.' || joined === './') return '';
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return null;
  return joined.replace(/\/$/, '');
}

/**
 * Resolve a path as Compose does against a root-relative base: a relative path joins the base;
 * an absolute one is taken as it is (compose-go paths: `filepath.IsAbs` paths are kept), so it
 * is root-relative when it lies inside `root` (the repository's absolute path) and null —
 * unknown, outside the repository — otherwise. `resolveInRoot` alone would turn `/etc/x` into `etc/x`.
 */
export function resolveAgainst(root: string | undefined, base: string, value: string): string | null {
  if (value.startsWith('/') || isAbsolute(value)) {
    if (root === undefined) return null;
    const rel = relative(root, value);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
    return resolveInRoot('', rel.split(sep).join('/'));
  }
  return resolveInRoot(base, value);
}

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Root-relative path for display: '' becomes '.'. */
export function displayPath(path: string): string {
  return path === '' ? '.' : path;
}

/** Relative path from directory `from` to `to`, both root-relative; '.' when equal. */
export function relativePath(from: string, to: string): string {
  // The common case in hot loops: `to` lies below `from` (a path inside a context).
  if (from === '') return to === '' ? '.' : to;
  if (to.length > from.length && to.startsWith(from) && to.charCodeAt(from.length) === 47) return to.slice(from.length + 1);
  const r = posix.relative(from === '' ? '.' : from, to === '' ? '.' : to);
  return r === '' ? '.' : r;
}

/** True when `path` is `dir` itself or lies below it. */
export function isWithin(dir: string, path: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}
