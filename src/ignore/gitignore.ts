// `.gitignore` with git's own semantics (Documentation/gitignore.txt; dir.c
// `add_patterns_from_buffer`, `parse_path_pattern`, `match_basename`, `match_pathname`,
// `last_matching_pattern_from_lists`, `prep_exclude`; wildmatch.c with WM_PATHNAME).
// They differ from `.dockerignore` (src/ignore/matcher.ts, moby's):
//  - a pattern without a slash (a trailing one aside) matches a name at ANY depth below the
//    .gitignore's folder; one with a slash at the start or in the middle is anchored there;
//  - a trailing `/` matches directories only;
//  - `**/x`, `x/**` and `a/**/b` cross folders, any other `**` is a plain `*`;
//  - `[!x]` and `[^x]` negate, and no wildcard matches `/`;
//  - the last matching line of a file decides; a deeper .gitignore wins over a higher one;
//  - a path below an excluded folder stays excluded: `!` cannot re-include it (git does not
//    even read .gitignore files inside an excluded folder).
// Only the repository's own .gitignore files are read (not .git/info/exclude or the user's
// core.excludesFile): dockmend judges the repository as it is cloned.

export interface GitignorePattern {
  /** 1-based line in its file. */
  line: number;
  /** The line as written (without the line break). */
  raw: string;
  negate: boolean;
  /** Trailing `/`: directories only. */
  dirOnly: boolean;
  /** No slash but a trailing one: matched against the basename at any depth. */
  basename: boolean;
  /** wildmatch of the pattern against a subject (the relative path, or the basename). */
  match: (subject: string) => boolean;
}

/** Parse one .gitignore's text (git's `add_patterns_from_buffer`). */
export function parseGitignore(text: string): GitignorePattern[] {
  const out: GitignorePattern[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  lines.forEach((full, i) => {
    const raw = full.endsWith('\r') ? full.slice(0, -1) : full;
    if (raw === '' || raw.startsWith('#')) return;
    let p = trimTrailingSpaces(raw);
    let negate = false;
    if (p.startsWith('!')) {
      negate = true;
      p = p.slice(1);
    }
    let dirOnly = false;
    if (p.endsWith('/')) {
      dirOnly = true;
      p = p.slice(0, -1);
    }
    if (p === '') return;
    const basename = !p.includes('/');
    if (p.startsWith('/')) p = p.slice(1);
    const match = compileWildmatch(p);
    if (match) out.push({ line: i + 1, raw, negate, dirOnly, basename, match });
  });
  return out;
}

/** dir.c `trim_trailing_spaces`: trailing spaces go unless the last one is escaped with `\`. */
function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === ' ') end--;
  if (end < s.length && end > 0 && s[end - 1] === '\\') {
    // Count the backslashes: an odd number escapes the first trailing space.
    let n = 0;
    for (let k = end - 1; k >= 0 && s[k] === '\\'; k--) n++;
    if (n % 2 === 1) end++;
  }
  return s.slice(0, end);
}

const CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', digit: '0-9', graph: '\\x21-\\x7e',
  lower: 'a-z', print: '\\x20-\\x7e', punct: '!-\\/:-@\\[-`{-~', space: ' \\t\\n\\r\\v\\f', upper: 'A-Z', xdigit: '0-9a-fA-F',
};

const reEscape = (ch: string) => ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** One step of a compiled wildmatch pattern. */
type WildToken =
  | { kind: 'char'; test: (ch: string) => boolean }
  /** `*`: any run of characters but `/`. */
  | { kind: 'star' }
  /** `**` + `/` at the start or between slashes: zero or more whole folders. */
  | { kind: 'folders' }
  /** `/**` at the end (or a lone `**`): everything. */
  | { kind: 'rest' };

/**
 * wildmatch with WM_PATHNAME over the whole subject (the path relative to the .gitignore's
 * folder, or a basename). null when the pattern can never match (git aborts on a trailing
 * lone `\` or an unclosed `[`).
 *
 * Not a regular expression: `*a*a*a*…b` compiled to `[^/]*a[^/]*a…` backtracks exponentially
 * on a long subject of `a`s. Like git's wildmatch.c (which bounds its own recursion), this
 * matcher never redoes work: it memoises (token, position), so a match costs at most
 * tokens × subject length steps.
 */
export function compileWildmatch(p: string): ((subject: string) => boolean) | null {
  const tokens: WildToken[] = [];
  let i = 0;
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === '\\') {
      if (i + 1 >= p.length) return null;
      const lit = p[i + 1]!;
      tokens.push({ kind: 'char', test: (c) => c === lit });
      i += 2;
    } else if (ch === '*') {
      let j = i;
      while (j < p.length && p[j] === '*') j++;
      const double = j - i >= 2;
      const atStart = i === 0 || p[i - 1] === '/';
      const atEnd = j === p.length || p[j] === '/';
      if (double && atStart && atEnd) {
        // `**/` (zero or more folders), `/**` at the end (everything inside), `/**/`.
        if (j === p.length) tokens.push({ kind: 'rest' });
        else {
          tokens.push({ kind: 'folders' });
          j++;
        }
      } else if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' }); // `**` elsewhere is `*`
      i = j;
    } else if (ch === '?') {
      tokens.push({ kind: 'char', test: (c) => c !== '/' });
      i++;
    } else if (ch === '[') {
      const cls = bracket(p, i);
      if (!cls) return null;
      let re: RegExp;
      try {
        re = new RegExp(`^${cls.re}$`, 's');
      } catch {
        return null;
      }
      tokens.push({ kind: 'char', test: (c) => re.test(c) });
      i = cls.next;
    } else {
      tokens.push({ kind: 'char', test: (c) => c === ch });
      i++;
    }
  }
  return (subject) => wildmatchTokens(tokens, subject);
}

/** Whether `tokens` match all of `s`; memoised on (token, position): linear in tokens × length. */
function wildmatchTokens(tokens: readonly WildToken[], s: string): boolean {
  const n = s.length;
  const width = n + 1;
  // 0 unknown, 1 true, 2 false. `inside` memoises "within a `folders` token's `.*/`, at p".
  const memo = new Uint8Array((tokens.length + 1) * width);
  const inside = new Uint8Array(tokens.length * width);
  const at = (t: number, p: number): boolean => {
    const k = t * width + p;
    if (memo[k] !== 0) return memo[k] === 1;
    let r: boolean;
    if (t === tokens.length) r = p === n;
    else {
      const tok = tokens[t]!;
      if (tok.kind === 'char') r = p < n && tok.test(s[p]!) && at(t + 1, p + 1);
      else if (tok.kind === 'rest') r = true;
      // `[^/]*`: stop here, or take one more character and stay.
      else if (tok.kind === 'star') r = at(t + 1, p) || (p < n && s[p] !== '/' && at(t, p + 1));
      // `(?:.*/)?`: no folder, or some characters up to a `/`.
      else r = at(t + 1, p) || folders(t, p);
    }
    memo[k] = r ? 1 : 2;
    return r;
  };
  const folders = (t: number, p: number): boolean => {
    const k = t * width + p;
    if (inside[k] !== 0) return inside[k] === 1;
    const r = p < n && ((s[p] === '/' && at(t + 1, p + 1)) || folders(t, p + 1));
    inside[k] = r ? 1 : 2;
    return r;
  };
  return at(0, 0);
}

/** A `[...]` class (wildmatch.c): `!` or `^` negates, `]` first is literal, `[:name:]`; never `/`. */
function bracket(p: string, start: number): { re: string; next: number } | null {
  let i = start + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (;;) {
    if (i >= p.length) return null;
    const ch = p[i];
    if (ch === ']' && !first) break;
    first = false;
    if (ch === '\\') {
      if (i + 1 >= p.length) return null;
      body += reEscape(p[i + 1]);
      i += 2;
    } else if (ch === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close < 0) return null;
      const cls = CLASSES[p.slice(i + 2, close)];
      if (cls === undefined) return null;
      body += cls;
      i = close + 2;
    } else if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      let hi = p[i + 2];
      let skip = 3;
      if (hi === '\\') {
        hi = p[i + 3] ?? '';
        skip = 4;
      }
      if (hi === '' || hi < ch) {
        i += skip; // an empty range matches nothing
        continue;
      }
      body += `${reEscape(ch)}-${reEscape(hi)}`;
      i += skip;
    } else {
      body += reEscape(ch);
      i++;
    }
  }
  const next = i + 1;
  if (body === '') return { re: negate ? '[^/]' : '(?!)', next };
  return { re: negate ? `[^/${body}]` : `(?!/)[${body}]`, next };
}

/** Whether one pattern matches `rel` (relative to its .gitignore's folder). */
export function patternMatches(pattern: GitignorePattern, rel: string, isDir: boolean): boolean {
  if (pattern.dirOnly && !isDir) return false;
  const subject = pattern.basename ? rel.slice(rel.lastIndexOf('/') + 1) : rel;
  return pattern.match(subject);
}

export interface GitignoreSource {
  /** Root-relative folder of the .gitignore ('' for the root). */
  dir: string;
  /** Root-relative path of the .gitignore. */
  file: string;
  patterns: GitignorePattern[];
}

export interface GitignoreMatch {
  /** The .gitignore that decided, and its line. */
  file: string;
  pattern: GitignorePattern;
  /** The path the line matched: the path itself or the folder above it that is excluded. */
  matched: string;
}

/**
 * Whether git ignores `path` (root-relative). `ignoreFileIn(dir)` gives the parsed .gitignore of
 * a folder, or null. `isDir` is the path's own kind; 'unknown' (a path that does not exist, such
 * as a build output) lets directory-only lines match too. Returns the deciding line, or null
 * when the path is not ignored.
 */
export function gitIgnored(path: string, isDir: boolean | 'unknown', ignoreFileIn: (dir: string) => GitignoreSource | null): GitignoreMatch | null {
  const parts = path.split('/').filter((s) => s !== '' && s !== '.');
  const sources: GitignoreSource[] = [];
  const root = ignoreFileIn('');
  if (root) sources.push(root);
  for (let i = 0; i < parts.length; i++) {
    const sub = parts.slice(0, i + 1).join('/');
    const last = i === parts.length - 1;
    const kinds: boolean[] = last ? (isDir === 'unknown' ? [true, false] : [isDir]) : [true];
    let decided: GitignoreMatch | null = null;
    for (const dirKind of kinds) {
      const m = decide(sources, sub, dirKind);
      if (m && !m.pattern.negate) {
        decided = m;
        break;
      }
    }
    // An excluded folder excludes everything below it (prep_exclude stops there).
    if (decided) return decided;
    if (!last) {
      const next = ignoreFileIn(sub);
      if (next) sources.push(next);
    }
  }
  return null;
}

/** Deepest .gitignore first; within one file the last matching line wins. */
function decide(sources: GitignoreSource[], path: string, isDir: boolean): GitignoreMatch | null {
  for (let s = sources.length - 1; s >= 0; s--) {
    const src = sources[s];
    const rel = src.dir === '' ? path : path.slice(src.dir.length + 1);
    for (let k = src.patterns.length - 1; k >= 0; k--) {
      const pattern = src.patterns[k];
      if (patternMatches(pattern, rel, isDir)) return { file: src.file, pattern, matched: path };
    }
  }
  return null;
}
