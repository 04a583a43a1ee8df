// Whether git ignores a path, from the `.gitignore` files of the tree (gitignore(5)); used to
// tell a file the user creates locally (`.env`, ignored, with a template next to it) from one
// the repository forgot. Minimal on purpose: `.git/info/exclude` and the user's global
// excludes file are outside the repository and not read.
//
// Semantics (gitignore(5), git dir.c):
// - `#` starts a comment, `\#` and `\!` escape; trailing spaces are dropped unless escaped.
// - `!` re-includes, but never below an excluded directory ("It is not possible to re-include a
//   file if a parent directory of that file is excluded"): git does not descend into it.
// - A trailing `/` matches directories only. A `/` at the start or in the middle anchors the
//   pattern to the `.gitignore`'s directory; otherwise it matches a name at any depth below it.
// - `*` and `?` and `[...]` never match `/`; `**/` leading, `/**` trailing and `/**/` inside
//   match any number of directories.
// - Deeper `.gitignore` files take precedence; within one file the last match wins.

interface TreeLike {
  isFile(path: string): boolean;
}
interface TextSource {
  read(path: string): { text: string | null };
}

interface GitPattern {
  /** Directory of the `.gitignore` ('' for the root). */
  base: string;
  negate: boolean;
  dirOnly: boolean;
  anchored: boolean;
  regex: RegExp;
}

const parsed = new WeakMap<TextSource, Map<string, GitPattern[]>>();

/** Whether git ignores `path` (root-relative, `/` separators); `isDir` for a directory. */
export function isGitIgnored(tree: TreeLike, sources: TextSource, path: string, isDir = false): boolean {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    const last = i === parts.length;
    const ignored = decide(tree, sources, prefix, last ? isDir : true);
    // An excluded directory is never descended into: nothing below it is re-included.
    if (ignored && !last) return true;
    if (last) return ignored;
  }
  return false;
}

function decide(tree: TreeLike, sources: TextSource, path: string, isDir: boolean): boolean {
  const dirs = ancestors(path);
  let result = false;
  for (const dir of dirs) {
    for (const p of patternsOf(tree, sources, dir)) {
      const rel = dir === '' ? path : path.slice(dir.length + 1);
      if (p.dirOnly && !isDir) continue;
      const subject = p.anchored ? rel : rel.slice(rel.lastIndexOf('/') + 1);
      if (p.regex.test(subject)) result = !p.negate;
    }
  }
  return result;
}

/** The directories whose `.gitignore` applies to `path`, root first. */
function ancestors(path: string): string[] {
  const out = [''];
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

function patternsOf(tree: TreeLike, sources: TextSource, dir: string): GitPattern[] {
  let byDir = parsed.get(sources);
  if (!byDir) parsed.set(sources, (byDir = new Map()));
  const cached = byDir.get(dir);
  if (cached) return cached;
  const file = dir === '' ? '.gitignore' : `${dir}/.gitignore`;
  const text = tree.isFile(file) ? sources.read(file).text : null;
  const patterns = text === null ? [] : parseGitignore(text, dir);
  byDir.set(dir, patterns);
  return patterns;
}

export function parseGitignore(text: string, base: string): GitPattern[] {
  const out: GitPattern[] = [];
  for (let line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    // Trailing spaces are dropped unless escaped with a backslash.
    line = line.replace(/(?<!\\)[ ]+$/, '');
    if (line === '') continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line === '') continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    out.push({ base, negate, dirOnly, anchored, regex: new RegExp(`^${globToRegex(line)}$`) });
  }
  return out;
}

function globToRegex(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          i++;
          if (glob[i + 1] === '/') {
            // `**/`: zero or more directories.
            i++;
            re += '(?:.*/)?';
          } else re += '.*';
          continue;
        }
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) re += escape(glob[++i]!);
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `(?!/)[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += escape(c);
  }
  return re;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
