//
// `.dockerignore` reader and matcher with Docker's exact semantics. No runtime dependencies.
//
// Behaviour is ported (not code-copied) from these upstream sources; comments below cite them:
//  - github.com/moby/patternmatcher  ignorefile/ignorefile.go  `ReadAll` (the file reader).
//  - github.com/moby/patternmatcher  patternmatcher.go  `New`, `Pattern.compile`, `Pattern.match`,
//    `MatchesOrParentMatches`, `MatchesExact`, `MatchesUsingParentResults`.
//  - Go standard library: `path/filepath.Match` (used by `New` only as a syntax check),
//    `filepath.Clean`, `filepath.Dir`, `strings.TrimSpace`, `bufio.Scanner` + `ScanLines`,
//    `text/scanner` (drops a leading BOM) and `regexp/syntax` (the dialect patterns compile to).
//  - github.com/tonistiigi/fsutil  filter.go  `NewFilterFS` / `filterFS.Walk` (how BuildKit's
//    context sender actually walks the context with the exclude patterns).
//
// Unix semantics throughout ('/' separator, `\` escapes), as for BuildKit on Linux/macOS.
//
// Upstream quirks that are reproduced on purpose (see the tests):
//  - `**` at the very start of a pattern whose remainder is literal is a plain *suffix* test:
//    `**file` matches `dir/myfile`, `**.pyc` matches `a/b/x.pyc` (patternmatcher.go suffixMatch).
//  - `X**` with literal X is a plain *prefix* test: `a**` matches `abc/d` (prefixMatch).
//  - `a**b` compiles to `^a(.*/)?b$`: it matches `ab` and `ax/b`, but not `axb`.
//  - `[...]` classes are handed to Go's regexp, so `[^x]` negates, `[!x]` does not, and a class
//    can match `/` (`a[^x]b` matches `a/b`); `[z-a]` passes the syntax check in `New` but fails
//    when the regexp is compiled (upstream errors at match time; here it is a syntax error).
//  - `\` escapes are Go regexp escapes: `\d` is a digit, `\.` a dot, `\k` an error.
//  - `!` is stripped, the rest cleaned, then `New` cleans `"!" + rest` again, so `!/` is the
//    illegal lone `!` and `!../../x` turns into the *exclusion* `x`.

import { Nfa, type RegexNode, unboundedRepetitions } from './nfa.js';

export type { RegexNode };

// ---------------------------------------------------------------------------------------------
// Public types

export interface IgnorePattern {
  /** 1-based line in the file. */
  line: number;
  /**
   * Offset (JS string index into the text as given, so a BOM counts as one char) of the line's
   * first char. The BOM is not part of line 1, so with a BOM line 1 starts at 1.
   */
  start: number;
  /** Offset just past the line's last char (before `\r\n` / `\n`). */
  end: number;
  /** `text.slice(start, end)`. */
  raw: string;
  /** Cleaned pattern without the leading '!' (what upstream's `Pattern.String()` returns). */
  pattern: string;
  negate: boolean;
}

export interface IgnoreError {
  line: number;
  start: number;
  end: number;
  message: string;
}

export interface IgnoreFile {
  patterns: IgnorePattern[];
  errors: IgnoreError[];
}

/** How upstream's `Pattern.match` tests a path (patternmatcher.go `matchType`), plus `never`. */
export type PatternKind = 'exact' | 'prefix' | 'suffix' | 'regexp' | 'never';

/** Messages as Go produces them. */
export const ERR_LONE_EXCLAMATION = 'illegal exclusion pattern: "!"'; // patternmatcher.go New
export const ERR_BAD_PATTERN = 'syntax error in pattern'; // path/filepath.ErrBadPattern
export const ERR_TOKEN_TOO_LONG = 'bufio.Scanner: token too long'; // bufio.ErrTooLong

// ---------------------------------------------------------------------------------------------
// Go helpers

/** Go `unicode.IsSpace` (what `strings.TrimSpace` trims). Unlike JS trim(): U+0085 yes, U+FEFF no. */
function isGoSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Go `strings.TrimSpace`. */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Go `path/filepath.Clean` on Unix. */
export function goClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.charCodeAt(0) === 0x2f;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/**
 * Whether `goClean` would change the path (or it is empty): a `.` or `..` segment, `//`, or a
 * trailing `/` after something. A scan by hand rather than a regular expression: it runs for
 * every path every matcher is asked about (test/ignore-matcher.test.ts checks it against the
 * expression it replaces, /^$|(?:^|\/)\.{1,2}(?:\/|$)|\/\/|.\/$/).
 */
export function isUncleanPath(path: string): boolean {
  const n = path.length;
  if (n === 0) return true;
  let start = 0; // where the current segment starts
  for (let i = 0; i <= n; i++) {
    if (i < n && path.charCodeAt(i) !== 0x2f) continue;
    const len = i - start;
    if (len === 1 && path.charCodeAt(start) === 0x2e) return true;
    if (len === 2 && path.charCodeAt(start) === 0x2e && path.charCodeAt(start + 1) === 0x2e) return true;
    // An empty segment: `//` (between two slashes), or a trailing `/` after something.
    if (len === 0 && i > 0 && (i < n || n >= 2)) return true;
    start = i + 1;
  }
  return false;
}

function normalisePath(path: string): string {
  return isUncleanPath(path) ? goClean(path) : path;
}

// ---------------------------------------------------------------------------------------------
// The reader: ignorefile.ReadAll, one line at a time

/**
 * One line as `ignorefile.ReadAll` turns it into a pattern string (moby/patternmatcher
 * ignorefile/ignorefile.go): comment only when '#' is the first char (checked before trimming),
 * trim, '!' then trim again, `filepath.Clean`, leading '/' dropped (unless the pattern is "/"),
 * '!' put back. Returns null for comments and blank lines.
 */
export function readIgnoreLine(line: string): string | null {
  if (line.startsWith('#')) return null;
  let p = goTrimSpace(line);
  if (p === '') return null;
  const invert = p[0] === '!';
  if (invert) p = goTrimSpace(p.slice(1));
  if (p.length > 0) {
    p = goClean(p);
    if (p.length > 1 && p[0] === '/') p = p.slice(1);
  }
  return invert ? '!' + p : p;
}

type NewResult = { pattern: string; negate: boolean } | { error: string } | null;

/**
 * One entry of `patternmatcher.New` (patternmatcher.go): trim, skip empty, `filepath.Clean`
 * (with the '!' still attached), lone '!' is an error, strip '!', then `filepath.Match(p, ".")`
 * as a syntax check. The regexp itself is compiled later (`compilePattern`).
 */
function goNewPattern(s: string): NewResult {
  let p = goTrimSpace(s);
  if (p === '') return null;
  p = goClean(p);
  let negate = false;
  if (p[0] === '!') {
    if (p.length === 1) return { error: ERR_LONE_EXCLAMATION };
    negate = true;
    p = p.slice(1);
  }
  if (!globSyntaxOk(p)) return { error: ERR_BAD_PATTERN };
  return { pattern: p, negate };
}

/** bufio.MaxScanTokenSize: a line of this many bytes (before '\n') stops bufio.Scanner. */
const MAX_SCAN_TOKEN = 64 * 1024;

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Parse a `.dockerignore`. Never throws. Lines are split like `bufio.ScanLines` (on '\n', one
 * trailing '\r' dropped), a UTF-8 BOM is dropped from line 1, then each line goes through
 * `ReadAll` and `New`. Lines that upstream would reject (lone '!', bad syntax, a line of 64 KiB
 * or more) are reported in `errors` and left out of `patterns`.
 */
export function parseDockerignore(text: string): IgnoreFile {
  const patterns: IgnorePattern[] = [];
  const errors: IgnoreError[] = [];
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    line++;
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    let start = pos;
    let end = lineEnd;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--; // bufio dropCR
    if (line === 1 && text.charCodeAt(0) === 0xfeff) start = Math.min(1, end); // ReadAll trims the BOM
    pos = nl < 0 ? text.length : nl + 1;

    const raw = text.slice(start, end);
    // bufio.Scanner fails on a token that does not fit its 64 KiB buffer (bytes incl. BOM/'\r').
    const scanned = text.slice(line === 1 ? 0 : start, lineEnd);
    if (scanned.length * 3 >= MAX_SCAN_TOKEN && utf8Length(scanned) >= MAX_SCAN_TOKEN) {
      errors.push({ line, start, end, message: ERR_TOKEN_TOO_LONG });
      continue;
    }
    const s = readIgnoreLine(raw);
    if (s === null) continue;
    const r = goNewPattern(s);
    if (r === null) continue;
    if ('error' in r) {
      errors.push({ line, start, end, message: r.error });
      continue;
    }
    try {
      compilePattern(r.pattern);
    } catch {
      errors.push({ line, start, end, message: ERR_BAD_PATTERN });
      continue;
    }
    patterns.push({ line, start, end, raw, pattern: r.pattern, negate: r.negate });
  }
  return { patterns, errors };
}

// ---------------------------------------------------------------------------------------------
// Syntax check: path/filepath.Match(pattern, ".") returns ErrBadPattern exactly when one of the
// pattern's chunks (scanChunk) is malformed per matchChunk/getEsc. Ported for Unix.

function globSyntaxOk(pattern: string): boolean {
  const cps = Array.from(pattern);
  let i = 0;
  while (i < cps.length) {
    // scanChunk
    while (i < cps.length && cps[i] === '*') i++;
    const start = i;
    let inrange = false;
    for (; i < cps.length; i++) {
      const c = cps[i];
      if (c === '\\') {
        if (i + 1 < cps.length) i++;
      } else if (c === '[') inrange = true;
      else if (c === ']') inrange = false;
      else if (c === '*' && !inrange) break;
    }
    if (!chunkOk(cps, start, i)) return false;
  }
  return true;
}

function chunkOk(cps: string[], from: number, to: number): boolean {
  let k = from;
  // getEsc: one (possibly escaped) char of a range; the chunk must not end right after it.
  const getEsc = (): boolean => {
    if (k >= to || cps[k] === '-' || cps[k] === ']') return false;
    if (cps[k] === '\\') {
      k++;
      if (k >= to) return false;
    }
    k++;
    return k < to;
  };
  while (k < to) {
    const c = cps[k];
    if (c === '[') {
      k++;
      if (k < to && cps[k] === '^') k++;
      let nrange = 0;
      for (;;) {
        if (k < to && cps[k] === ']' && nrange > 0) {
          k++;
          break;
        }
        if (!getEsc()) return false;
        if (cps[k] === '-') {
          k++;
          if (!getEsc()) return false;
        }
        nrange++;
      }
    } else if (c === '\\') {
      k++;
      if (k >= to) return false;
      k++;
    } else k++;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Pattern.compile (patternmatcher.go): builds a Go regexp string and classifies the pattern.

const SHOULD_ESCAPE = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

interface GoCompiled {
  kind: 'exact' | 'prefix' | 'suffix' | 'regexp';
  regStr: string;
  /** The pattern starts with U+FEFF, which text/scanner skips. */
  bom: boolean;
}

function goCompile(cleaned: string): GoCompiled {
  const cps = Array.from(cleaned);
  let pos = 0;
  const bom = cps[0] === '\uFEFF';
  if (bom) pos = 1; // text/scanner.Peek ignores a BOM at the very start
  let reg = '^';
  let kind: GoCompiled['kind'] = 'exact';
  for (let i = 0; pos < cps.length; i++) {
    const ch = cps[pos++];
    if (ch === '*') {
      if (cps[pos] === '*') {
        pos++; // some flavour of "**"
        if (cps[pos] === '/') pos++; // treat "**/" as "**"
        if (pos >= cps.length) {
          // "**" at the end: accept everything
          if (kind === 'exact') kind = 'prefix';
          else {
            reg += '.*';
            kind = 'regexp';
          }
        } else {
          reg += '(.*/)?'; // any number of directories, even none
          kind = 'regexp';
        }
        if (i === 0) kind = 'suffix';
      } else {
        reg += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      reg += '[^/]';
      kind = 'regexp';
    } else if (SHOULD_ESCAPE.has(ch)) {
      reg += '\\' + ch;
    } else if (ch === '\\') {
      if (pos < cps.length) {
        reg += '\\' + cps[pos++];
        kind = 'regexp';
      } else reg += '\\';
    } else if (ch === '[' || ch === ']') {
      reg += ch;
      kind = 'regexp';
    } else reg += ch;
  }
  if (kind === 'regexp') reg += '$';
  return { kind, regStr: reg, bom };
}

// ---------------------------------------------------------------------------------------------
// A parser for the subset of Go regexp/syntax (flags syntax.Perl) that Pattern.compile can emit,
// translated to a JS 'u' RegExp. Throws Re2Error where Go's regexp.Compile would fail.

class Re2Error extends Error {}

const MAX_RUNE = 0x10ffff;

const PERL_GROUPS: Record<string, Array<[number, number]>> = {
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
};

const POSIX_GROUPS: Record<string, Array<[number, number]>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

function complement(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

function isAsciiAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

function unhex(c: string | undefined): number {
  if (c === undefined) return -1;
  if (/^[0-9]$/.test(c)) return c.charCodeAt(0) - 0x30;
  if (/^[a-f]$/.test(c)) return c.charCodeAt(0) - 0x61 + 10;
  if (/^[A-F]$/.test(c)) return c.charCodeAt(0) - 0x41 + 10;
  return -1;
}

function parseRe2(src: string): RegexNode[] {
  const s = Array.from(src);
  let i = 0;

  const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';

  // regexp/syntax parseEscape: a single escaped char.
  const parseEscape = (): number => {
    i++; // the backslash
    if (i >= s.length) throw new Re2Error('trailing backslash');
    const c = s[i++];
    const code = c.codePointAt(0)!;
    if (code < 0x80 && !isAsciiAlnum(c)) return code; // escaped punctuation is itself
    if (c >= '0' && c <= '7') {
      // Octal escapes; a single non-zero digit would be a backreference (unsupported).
      if (c === '0' || isOctal(s[i])) {
        let r = code - 0x30;
        for (let k = 1; k < 3 && isOctal(s[i]); k++) r = r * 8 + s[i++].charCodeAt(0) - 0x30;
        return r;
      }
      throw new Re2Error('invalid escape sequence');
    }
    switch (c) {
      case 'x': {
        if (i >= s.length) break;
        const c2 = s[i++];
        if (c2 === '{') {
          let r = 0;
          let n = 0;
          for (;;) {
            if (i >= s.length) throw new Re2Error('invalid escape');
            const h = s[i++];
            if (h === '}') break;
            const v = unhex(h);
            if (v < 0) throw new Re2Error('invalid escape');
            r = r * 16 + v;
            if (r > MAX_RUNE) throw new Re2Error('invalid escape');
            n++;
          }
          if (n === 0) throw new Re2Error('invalid escape');
          return r;
        }
        const x = unhex(c2);
        const y = unhex(s[i]);
        if (i < s.length) i++;
        if (x < 0 || y < 0) break;
        return x * 16 + y;
      }
      case 'a':
        return 7;
      case 'f':
        return 12;
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 't':
        return 9;
      case 'v':
        return 11;
    }
    throw new Re2Error('invalid escape sequence');
  };

  // \pL, \PL, \p{Name}, \p{^Name}: returns a JS property escape, or null if not at one.
  const parseUnicodeClass = (): string | null => {
    if (s[i] !== '\\' || (s[i + 1] !== 'p' && s[i + 1] !== 'P')) return null;
    let sign = s[i + 1] === 'P' ? -1 : 1;
    let name: string;
    const c = s[i + 2];
    if (c === undefined) throw new Re2Error('invalid character class range');
    if (c !== '{') {
      name = c;
      i += 3;
    } else {
      const end = s.indexOf('}', i);
      if (end < 0) throw new Re2Error('invalid character class range');
      name = s.slice(i + 3, end).join('');
      i = end + 1;
    }
    if (name.startsWith('^')) {
      sign = -sign;
      name = name.slice(1);
    }
    let prop: string;
    if (name === 'Any') prop = 'Any';
    else if (GENERAL_CATEGORIES.has(name)) prop = `General_Category=${name}`;
    else if (/^[A-Za-z_]+$/.test(name)) prop = `Script=${name}`;
    else throw new Re2Error('invalid character class range');
    const esc = `\\${sign > 0 ? 'p' : 'P'}{${prop}}`;
    try {
      new RegExp(esc, 'u');
    } catch {
      throw new Re2Error('invalid character class range');
    }
    return esc;
  };

  const perlGroup = (): { ranges: Array<[number, number]>; neg: boolean } | null => {
    if (s[i] !== '\\') return null;
    const c = s[i + 1];
    if (c === undefined) return null;
    const g = PERL_GROUPS[c.toLowerCase()];
    if (!g || !/^[dswDSW]$/.test(c)) return null;
    i += 2;
    return { ranges: g, neg: c !== c.toLowerCase() };
  };

  // regexp/syntax parseClass
  const parseClass = (): RegexNode => {
    i++; // [
    let neg = false;
    if (s[i] === '^') {
      neg = true;
      i++;
    }
    const ranges: Array<[number, number]> = [];
    const props: string[] = [];
    let first = true;
    const classChar = (): number => {
      if (i >= s.length) throw new Re2Error('missing closing ]');
      if (s[i] === '\\') return parseEscape();
      return s[i++].codePointAt(0)!;
    };
    while (i >= s.length || s[i] !== ']' || first) {
      first = false;
      // POSIX [:alnum:] (the closing ":]" is searched in the rest of the regexp, as Go does)
      if (i + 2 < s.length && s[i] === '[' && s[i + 1] === ':') {
        let end = -1;
        for (let k = i + 2; k + 1 < s.length; k++) {
          if (s[k] === ':' && s[k + 1] === ']') {
            end = k;
            break;
          }
        }
        if (end >= 0) {
          let name = s.slice(i + 2, end).join('');
          let gneg = false;
          if (name.startsWith('^')) {
            gneg = true;
            name = name.slice(1);
          }
          const g = Object.prototype.hasOwnProperty.call(POSIX_GROUPS, name) ? POSIX_GROUPS[name] : undefined;
          if (!g) throw new Re2Error('invalid character class range');
          ranges.push(...(gneg ? complement(g) : g));
          i = end + 2;
          continue;
        }
      }
      const prop = parseUnicodeClass();
      if (prop !== null) {
        props.push(prop);
        continue;
      }
      const perl = perlGroup();
      if (perl) {
        ranges.push(...(perl.neg ? complement(perl.ranges) : perl.ranges));
        continue;
      }
      const lo = classChar();
      let hi = lo;
      if (i + 1 < s.length && s[i] === '-' && s[i + 1] !== ']') {
        i++;
        hi = classChar();
        if (hi < lo) throw new Re2Error('invalid character class range');
      }
      ranges.push([lo, hi]);
    }
    i++; // ]
    return { t: 'cls', neg, ranges, props };
  };

  const parseBackslash = (items: RegexNode[]): void => {
    const n = s[i + 1];
    switch (n) {
      case 'A':
        i += 2;
        items.push({ t: 'bot' });
        return;
      case 'b':
        i += 2;
        items.push({ t: 'wb' });
        return;
      case 'B':
        i += 2;
        items.push({ t: 'nwb' });
        return;
      case 'C':
        throw new Re2Error('invalid escape sequence');
      case 'Q': {
        // \Q ... \E: literal text (up to the end of the regexp when there is no \E)
        i += 2;
        while (i < s.length && !(s[i] === '\\' && s[i + 1] === 'E')) items.push({ t: 'lit', cp: s[i++].codePointAt(0)! });
        if (i < s.length) i += 2;
        return;
      }
      case 'z':
        i += 2;
        items.push({ t: 'eot' });
        return;
    }
    const prop = parseUnicodeClass();
    if (prop !== null) {
      items.push({ t: 'cls', neg: false, ranges: [], props: [prop] });
      return;
    }
    const perl = perlGroup();
    if (perl) {
      items.push({ t: 'cls', neg: perl.neg, ranges: perl.ranges, props: [] });
      return;
    }
    items.push({ t: 'lit', cp: parseEscape() });
  };

  const parseSeq = (depth: number): RegexNode[] => {
    const items: RegexNode[] = [];
    let lastWasRepeat = false;
    while (i < s.length) {
      const c = s[i];
      if (c === '*' || c === '+' || c === '?') {
        i++;
        let lazy = false;
        if (s[i] === '?') {
          lazy = true;
          i++;
        }
        if (lastWasRepeat) throw new Re2Error('invalid nested repetition operator');
        const sub = items.pop();
        if (!sub) throw new Re2Error('missing argument to repetition operator');
        items.push({ t: 'rep', op: c, lazy, sub });
        lastWasRepeat = true;
        continue;
      }
      lastWasRepeat = false;
      switch (c) {
        case '(': {
          if (s[i + 1] === '?') throw new Re2Error('unsupported group');
          i++;
          const inner = parseSeq(depth + 1);
          if (s[i] !== ')') throw new Re2Error('missing closing )');
          i++;
          items.push({ t: 'grp', items: inner });
          break;
        }
        case ')':
          if (depth === 0) throw new Re2Error('unexpected )');
          return items;
        case '|':
          throw new Re2Error('unsupported alternation'); // never emitted: '|' is always escaped
        case '^':
          i++;
          items.push({ t: 'bot' });
          break;
        case '$':
          i++;
          items.push({ t: 'eot' });
          break;
        case '.':
          i++;
          items.push({ t: 'dot' });
          break;
        case '[':
          items.push(parseClass());
          break;
        case '\\':
          parseBackslash(items);
          break;
        default:
          i++;
          items.push({ t: 'lit', cp: c.codePointAt(0)! });
      }
    }
    if (depth > 0) throw new Re2Error('missing closing )');
    return items;
  };

  return parseSeq(0);
}

function cpEsc(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
    return String.fromCodePoint(cp);
  }
  return `\\u{${cp.toString(16)}}`;
}

function isZeroWidth(n: RegexNode): boolean {
  return n.t === 'bot' || n.t === 'eot' || n.t === 'wb' || n.t === 'nwb';
}

/** JS source for a node. `loose` drops zero-width assertions (used for the viable-prefix regexp). */
function emit(n: RegexNode, loose: boolean): string {
  switch (n.t) {
    case 'lit':
      return cpEsc(n.cp);
    case 'dot':
      return '[^\\n]'; // Go's '.' (no DotNL flag) matches anything but '\n'
    case 'cls': {
      let out = n.neg ? '[^' : '[';
      for (const [lo, hi] of n.ranges) out += lo === hi ? cpEsc(lo) : `${cpEsc(lo)}-${cpEsc(hi)}`;
      return out + n.props.join('') + ']';
    }
    case 'bot':
      return loose ? '' : '^';
    case 'eot':
      return loose ? '' : '$';
    case 'wb':
      return loose ? '' : '\\b';
    case 'nwb':
      return loose ? '' : '\\B';
    case 'grp':
      return '(?:' + n.items.map((x) => emit(x, loose)).join('') + ')';
    case 'rep': {
      let sub = emit(n.sub, loose);
      if (isZeroWidth(n.sub) || sub === '') sub = `(?:${sub})`;
      return sub + n.op + (n.lazy ? '?' : '');
    }
  }
}

/** Source matching every prefix of every string `items[k..]` matches (a superset is safe). */
function viableSrc(items: RegexNode[], k: number): string {
  while (k < items.length && isZeroWidth(items[k])) k++;
  if (k >= items.length) return '';
  const n = items[k];
  return `(?:${emit(n, true)}${viableSrc(items, k + 1)}|${partialSrc(n)})`;
}

function partialSrc(n: RegexNode): string {
  switch (n.t) {
    case 'grp':
      return viableSrc(n.items, 0);
    case 'rep':
      if (n.op === '?') return partialSrc(n.sub);
      return `(?:${emit(n.sub, true)})*${partialSrc(n.sub)}`;
    default:
      return '';
  }
}

// `(.*/)?`, what `**` compiles to.
function isAnyDirs(n: RegexNode | undefined): boolean {
  if (!n || n.t !== 'rep' || n.op !== '?' || n.lazy || n.sub.t !== 'grp' || n.sub.items.length !== 2) return false;
  const [a, b] = n.sub.items;
  return a.t === 'rep' && a.op === '*' && !a.lazy && a.sub.t === 'dot' && b.t === 'lit' && b.cp === 0x2f;
}

function isDotStar(n: RegexNode | undefined): boolean {
  return !!n && n.t === 'rep' && n.op === '*' && !n.lazy && n.sub.t === 'dot';
}

// Language-preserving simplification against backtracking blow-up in JS (Go's RE2 is linear):
// `(.*/)?(.*/)?` is `(.*/)?` and `(.*/)?.*` is `.*`, so runs of `**` collapse.
function simplify(items: RegexNode[]): RegexNode[] {
  const out: RegexNode[] = [];
  for (const n of items) {
    if (isAnyDirs(n) && isAnyDirs(out[out.length - 1])) continue;
    if (isDotStar(n) && isAnyDirs(out[out.length - 1])) out.pop();
    out.push(n);
  }
  return out;
}

function countEot(items: RegexNode[]): number {
  let c = 0;
  for (const n of items) {
    if (n.t === 'eot') c++;
    else if (n.t === 'grp') c += countEot(n.items);
    else if (n.t === 'rep') c += countEot([n.sub]);
  }
  return c;
}

function escapeLiteral(s: string): string {
  let out = '';
  for (const ch of s) out += cpEsc(ch.codePointAt(0)!);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Compiled patterns

/** A native RegExp, or the linear-time automaton (./nfa.ts) for patterns that would backtrack. */
export interface StringTest {
  test(s: string): boolean;
}

export interface CompiledPattern {
  kind: PatternKind;
  /** exact: the pattern; prefix: the prefix; suffix: the suffix; regexp: the Go regexp source. */
  text: string;
  /** Full match, as upstream's Pattern.match (regexp kind only). */
  re: StringTest | null;
  /**
   * Matches a clean path when the pattern matches the path or one of its parent directories
   * (suffix and regexp kinds; null when that cannot be expressed and parents are looped over).
   */
  treeRe: StringTest | null;
  ast: RegexNode[] | null;
  /** The pattern runs on the automaton (more than two unbounded repetitions). */
  automaton: boolean;
}

/** More unbounded repetitions than this and a backtracking RegExp can take seconds per path. */
const MAX_NATIVE_REPETITIONS = 2;

/** A one-code-point test for a class node, as the emitted JS class reads it. */
function classTest(node: Extract<RegexNode, { t: 'cls' }>): (cp: number) => boolean {
  const re = new RegExp(`^${emit(node, false)}$`, 'u');
  return (cp) => re.test(String.fromCodePoint(cp));
}

/**
 * Compile a cleaned pattern (no leading '!') the way upstream's `Pattern.compile` does.
 * Throws an Error with message "syntax error in pattern" when Go would report ErrBadPattern.
 * `engine` forces the regexp kind's engine (tests compare the two); by default the automaton
 * runs only the patterns a backtracking RegExp could take seconds on.
 */
export function compilePattern(
  cleaned: string,
  engine: 'auto' | 'native' | 'automaton' = 'auto',
): CompiledPattern {
  if (!globSyntaxOk(cleaned)) throw new Error(ERR_BAD_PATTERN);
  const g = goCompile(cleaned);
  switch (g.kind) {
    case 'exact':
      return { kind: 'exact', text: cleaned, re: null, treeRe: null, ast: null, automaton: false };
    case 'prefix':
      return { kind: 'prefix', text: cleaned.slice(0, -2), re: null, treeRe: null, ast: null, automaton: false };
    case 'suffix': {
      // upstream slices cleanedPattern[2:] in bytes; after a BOM that starts mid-rune and can
      // never match a valid UTF-8 path.
      if (g.bom) return { kind: 'never', text: cleaned, re: null, treeRe: null, ast: null, automaton: false };
      const suffix = cleaned.slice(2);
      let src = `${escapeLiteral(suffix)}(?=/|$)`;
      if (suffix.startsWith('/')) src = `(?:${src}|^${escapeLiteral(suffix.slice(1))}(?=/|$))`;
      return { kind: 'suffix', text: suffix, re: null, treeRe: new RegExp(src, 'u'), ast: null, automaton: false };
    }
    case 'regexp': {
      let ast: RegexNode[];
      let re: StringTest;
      let treeRe: StringTest | null = null;
      let automaton = false;
      try {
        ast = simplify(parseRe2(g.regStr));
        re = new RegExp(ast.map((n) => emit(n, false)).join(''), 'u'); // also Go's syntax check
        const eots = countEot(ast);
        const endsAtEot = eots === 1 && ast[ast.length - 1].t === 'eot';
        if (engine === 'automaton' || (engine === 'auto' && unboundedRepetitions(ast) > MAX_NATIVE_REPETITIONS)) {
          automaton = true;
          const nfa = new Nfa(ast, classTest);
          re = { test: (s) => nfa.test(s) };
          if (eots === 0) treeRe = re;
          else if (endsAtEot) {
            const body = new Nfa(ast.slice(0, -1), classTest);
            treeRe = { test: (s) => body.testEndingAtComponent(s) };
          }
        } else if (eots === 0) treeRe = re;
        else if (endsAtEot) {
          const body = ast
            .slice(0, -1)
            .map((n) => emit(n, false))
            .join('');
          treeRe = new RegExp(`${body}(?=/|$)`, 'u');
        }
      } catch {
        throw new Error(ERR_BAD_PATTERN);
      }
      return { kind: 'regexp', text: g.regStr, re, treeRe, ast, automaton };
    }
  }
}

/**
 * For a regexp-kind pattern: a test of whether a string is a prefix of some string the pattern
 * matches (zero-width assertions ignored, so a superset); null when it cannot be built.
 */
export function viablePrefixTest(c: CompiledPattern): StringTest | null {
  if (c.automaton) {
    const loose = new Nfa(c.ast!, classTest, true);
    return { test: (s) => loose.isViablePrefix(s) };
  }
  try {
    return new RegExp(`^(?:${viableSrc(c.ast!, 0)})$`, 'u');
  } catch {
    return null;
  }
}

/** Upstream `Pattern.match`: does the pattern match exactly this string? */
function fullMatch(c: CompiledPattern, s: string): boolean {
  switch (c.kind) {
    case 'exact':
      return s === c.text;
    case 'prefix':
      return s.startsWith(c.text);
    case 'suffix':
      return s.endsWith(c.text) || (c.text[0] === '/' && s === c.text.slice(1));
    case 'regexp':
      return c.re!.test(s);
    case 'never':
      return false;
  }
}

interface Entry {
  /** Index into the constructor's array. */
  index: number;
  pattern: string;
  negate: boolean;
  c: CompiledPattern;
  exactSlash: string;
  viable: StringTest | null | undefined;
}

/** fsutil filter.go patternWithoutTrailingGlob */
function patternWithoutTrailingGlob(p: string): string {
  if (p.endsWith('/**')) p = p.slice(0, -3);
  if (p.endsWith('/*')) p = p.slice(0, -2);
  return p;
}

/** fsutil filter.go patternChars on a '/' platform. */
const FSUTIL_PATTERN_CHARS = /[*[\]?^\\]/;

// ---------------------------------------------------------------------------------------------
// The matcher

export class IgnoreMatcher {
  /** Any (valid) exception ('!') pattern: upstream `PatternMatcher.Exclusions()`. */
  readonly hasExceptions: boolean;
  /** Inputs that were skipped because upstream would reject them. */
  readonly skipped: Array<{ index: number; message: string }> = [];
  private readonly entries: Entry[] = [];
  /** fsutil `onlyPrefixExcludeExceptions`. */
  private readonly onlyPrefixExceptions: boolean;

  /**
   * `patterns`: the output of `parseDockerignore(...).patterns`, or strings that are lines as in
   * a file (comments and blank lines are skipped; a BOM on the first one is dropped). Never
   * throws: invalid inputs are recorded in `skipped`. Indexes returned by `decidingPattern`
   * refer to this array.
   */
  constructor(patterns: Array<IgnorePattern | string>) {
    patterns.forEach((p, index) => {
      let pattern: string;
      let negate: boolean;
      if (typeof p === 'string') {
        const line = readIgnoreLine(index === 0 && p.startsWith('\uFEFF') ? p.slice(1) : p);
        if (line === null) return;
        const r = goNewPattern(line);
        if (r === null) return;
        if ('error' in r) {
          this.skipped.push({ index, message: r.error });
          return;
        }
        pattern = r.pattern;
        negate = r.negate;
      } else {
        pattern = p.pattern;
        negate = p.negate;
      }
      let c: CompiledPattern;
      try {
        c = compilePattern(pattern);
      } catch (e) {
        this.skipped.push({ index, message: e instanceof Error ? e.message : ERR_BAD_PATTERN });
        return;
      }
      this.entries.push({ index, pattern, negate, c, exactSlash: pattern + '/', viable: undefined });
    });
    this.hasExceptions = this.entries.some((e) => e.negate);
    this.onlyPrefixExceptions = !this.entries.some(
      (e) => e.negate && FSUTIL_PATTERN_CHARS.test(patternWithoutTrailingGlob(e.pattern)),
    );
  }

  /** Number of usable patterns. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * True when `path` is excluded (not sent): upstream `MatchesOrParentMatches` (the package
   * function: the path is cleaned first and "." is never excluded). `path` is relative to the
   * context root with '/' separators. The last pattern matching the path or one of its parent
   * directories decides.
   */
  excludes(path: string): boolean {
    const k = this.decide(path);
    return k >= 0 && !this.entries[k].negate;
  }

  /**
   * Index (into the constructor's array) of the pattern that decides `path`: the last pattern
   * matching the path or one of its parent directories; -1 when none does.
   */
  decidingPattern(path: string): number {
    const k = this.decide(path);
    return k < 0 ? -1 : this.entries[k].index;
  }

  /**
   * Upstream `MatchesExact`: no parent-directory matching and no path cleaning.
   */
  matchesExact(path: string): boolean {
    for (let k = this.entries.length - 1; k >= 0; k--) {
      const e = this.entries[k];
      if (fullMatch(e.c, path)) return !e.negate;
    }
    return false;
  }

  /**
   * For walk pruning: true when `dir` is excluded AND no exception pattern could re-include
   * anything below it (so nothing under `dir` is sent). Only exceptions after the pattern that
   * excludes `dir` can win for paths below it; each is checked for whether it can match some
   * `dir/...` path. Conservative: may return false when pruning would have been safe.
   */
  excludesWholeDir(dir: string): boolean {
    dir = normalisePath(dir);
    if (dir === '.') return false;
    const k = this.decideClean(dir);
    if (k < 0 || this.entries[k].negate) return false;
    const dirSlash = dir + '/';
    for (let j = k + 1; j < this.entries.length; j++) {
      const e = this.entries[j];
      if (e.negate && this.couldMatchBelow(e, dirSlash)) return false;
    }
    return true;
  }

  /**
   * What the paths strictly below `dir` share, for summing a subtree at once (context sizes):
   * 'excluded' when `excludesWholeDir(dir)` (all excluded, no exception can re-include one);
   * 'included' when `excludes` is false for every one (the pattern deciding `dir`, the last
   * matching it or a parent, is none or an exception, and no later non-exception pattern could
   * match a path below it: a path below is decided by the last pattern matching it or a parent,
   * that is, matching `dir` or a parent, or a level below `dir`); 'mixed' otherwise, or when
   * unsure (`couldMatchBelow` is conservative).
   */
  below(dir: string): 'excluded' | 'included' | 'mixed' {
    dir = normalisePath(dir);
    const root = dir === '.';
    const k = root ? -1 : this.decideClean(dir);
    const excluded = k >= 0 && !this.entries[k].negate;
    const dirSlash = root ? '' : dir + '/';
    for (let j = k + 1; j < this.entries.length; j++) {
      const e = this.entries[j];
      // Only the patterns that would change the decision matter: exceptions below an excluded
      // directory, others below an included one. Below the root, anything may match.
      if (e.negate === excluded && (root || this.couldMatchBelow(e, dirSlash))) return 'mixed';
    }
    return excluded ? 'excluded' : 'included';
  }

  /**
   * `excludes` for the paths directly in the directory `dir` ('' or '.': the root), for a
   * traversal that asks about every entry of a listing: the path given must be `dir/name` (or
   * `name` at the root), clean. A pattern matches `dir/name` or one of its parents when it
   * matches `dir/name` itself or `dir` or one of its parents, so the decision is the last
   * pattern fully matching `dir/name` among those after the one deciding `dir` that could match
   * below it, or else the one deciding `dir`: each name is tested against those few patterns
   * only, and without the walk over its parents.
   */
  childExcludes(dir: string): (path: string) => boolean {
    dir = normalisePath(dir);
    const root = dir === '.';
    const k = root ? -1 : this.decideClean(dir);
    const inherited = k >= 0 && !this.entries[k].negate;
    const dirSlash = root ? '' : dir + '/';
    // Latest first: the first that matches decides.
    const candidates: Entry[] = [];
    for (let j = this.entries.length - 1; j > k; j--) {
      const e = this.entries[j];
      if (root || this.couldMatchBelow(e, dirSlash)) candidates.push(e);
    }
    if (candidates.every((e) => !e.negate === inherited)) return () => inherited;
    return (path) => {
      for (let j = 0; j < candidates.length; j++) if (fullMatch(candidates[j].c, path)) return !candidates[j].negate;
      return inherited;
    };
  }

  /**
   * True when some (non-exception) pattern matches `dir` or one of its parents, so that
   * `reachesInto` holds for `dir` and every path below it (each has `dir` as a parent).
   */
  reachesAllBelow(dir: string): boolean {
    dir = normalisePath(dir);
    if (dir === '.') return false;
    return this.entries.some((e) => !e.negate && this.treeMatch(e, dir));
  }

  /**
   * True when some (non-exception) pattern matches `dir`, one of its parents, or could match a
   * path below it: what fsutil's include patterns need to decide whether to descend into `dir`.
   */
  reachesInto(dir: string): boolean {
    dir = normalisePath(dir);
    if (dir === '.') return this.entries.some((e) => !e.negate);
    const dirSlash = dir + '/';
    return this.entries.some((e) => !e.negate && (this.treeMatch(e, dir) || this.couldMatchBelow(e, dirSlash)));
  }

  /**
   * What BuildKit's context sender really does (tonistiigi/fsutil filter.go `filterFS.Walk`):
   * it walks directory by directory, calling `MatchesUsingParentResults` with the parent's
   * match info, and skips (never opens) excluded directories when its prefix heuristic allows.
   * This differs from `excludes` in rare orderings: with `d/f` then `!d`, `excludes('d/f')` is
   * false (the later `!d` re-includes it) but BuildKit still leaves `d/f` out, because `!d` was
   * not evaluated for `d` (nothing was excluded yet) and is then only tested against `d/f`.
   */
  excludesWalked(path: string): boolean {
    return this.walk(normalisePath(path)).excluded;
  }

  /**
   * True when BuildKit's context sender never reads `dir`'s contents: `dir` or one of its
   * parents is excluded and fsutil's pruning heuristic applies (no exception patterns, or none
   * that is a plain prefix under the directory, and no exception with a wildcard anywhere; see
   * fsutil filter.go `onlyPrefixExcludeExceptions`). When this is false for an excluded dir,
   * BuildKit still opens it (and fails on unreadable directories).
   */
  buildkitSkipsDir(dir: string): boolean {
    const w = this.walk(normalisePath(dir));
    return w.pruned || (w.excluded && this.fsutilPrunes(normalisePath(dir)));
  }

  // -------------------------------------------------------------------------------------------

  private decide(path: string): number {
    path = normalisePath(path);
    if (path === '.') return -1; // "Don't let them exclude everything, kind of silly."
    return this.decideClean(path);
  }

  /** Last entry matching the (clean) path or one of its parents. */
  private decideClean(path: string): number {
    for (let k = this.entries.length - 1; k >= 0; k--) {
      if (this.treeMatch(this.entries[k], path)) return k;
    }
    return -1;
  }

  /**
   * Pattern matches `path` or one of its parents. For a Go-clean path the parents that
   * MatchesOrParentMatches tries (filepath.Dir split on '/', re-joined) are exactly the
   * prefixes ending before each '/'.
   */
  private treeMatch(e: Entry, path: string): boolean {
    const c = e.c;
    switch (c.kind) {
      case 'exact':
        return path === c.text || path.startsWith(e.exactSlash);
      case 'prefix':
        return path.startsWith(c.text);
      case 'never':
        return false;
      default:
        if (c.treeRe) return c.treeRe.test(path);
        for (let k = path.indexOf('/'); k >= 0; k = path.indexOf('/', k + 1)) {
          if (fullMatch(c, path.slice(0, k))) return true;
        }
        return fullMatch(c, path);
    }
  }

  private couldMatchBelow(e: Entry, dirSlash: string): boolean {
    const c = e.c;
    switch (c.kind) {
      case 'exact':
        return e.exactSlash.startsWith(dirSlash) || dirSlash.startsWith(e.exactSlash);
      case 'prefix':
        return c.text.startsWith(dirSlash) || dirSlash.startsWith(c.text);
      case 'suffix':
        return true;
      case 'never':
        return false;
      case 'regexp': {
        if (e.viable === undefined) e.viable = viablePrefixTest(c);
        return e.viable === null ? true : e.viable.test(dirSlash);
      }
    }
  }

  /** fsutil filter.go: would the walker return SkipDir for this excluded directory? */
  private fsutilPrunes(dir: string): boolean {
    if (!this.onlyPrefixExceptions) return false;
    if (!this.hasExceptions) return true;
    const dirSlash = dir + '/';
    return !this.entries.some((e) => e.negate && (patternWithoutTrailingGlob(e.pattern) + '/').startsWith(dirSlash));
  }

  /** Walk `path` level by level like fsutil, with MatchesUsingParentResults semantics. */
  private walk(path: string): { excluded: boolean; pruned: boolean } {
    if (path === '.') return { excluded: false, pruned: false };
    const n = this.entries.length;
    let parent: Uint8Array | null = null;
    let from = 0;
    for (;;) {
      const slash = path.indexOf('/', from);
      const level = slash < 0 ? path : path.slice(0, slash);
      const info = new Uint8Array(n);
      let matched = false;
      for (let k = 0; k < n; k++) {
        const e = this.entries[k];
        let m = parent !== null && parent[k] === 1;
        if (!m) {
          if (e.negate !== matched) continue; // skipped: recorded as "parent did not match"
          m = fullMatch(e.c, level);
        }
        if (m) {
          info[k] = 1;
          matched = !e.negate;
        }
      }
      if (slash < 0) return { excluded: matched, pruned: false };
      if (matched && this.fsutilPrunes(level)) return { excluded: true, pruned: true };
      parent = info;
      from = slash + 1;
    }
  }
}
