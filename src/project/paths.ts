// Path helpers for root-relative POSIX paths ('.' is never stored: the root is '').
import { posix } from 'node:path';

/** Join and normalise root-relative paths; returns null when the result leaves the root. */
export function resolveInRoot(base: string, rel: string): string | null {
  const joined = posix.normalize(posix.join(base === '' ? '.' : base, rel));
  if (joined === '.' || joined === './') return '';
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return null;
  return joined.replace(/\/$/, '');
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
