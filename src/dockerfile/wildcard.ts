/**
 * Go `path/filepath.Match` (Unix flavour, where `\` escapes and the separator is `/`),
 * ported line for line from golang/go `src/path/match.go` (identical to
 * `path/filepath` with Separator '/'), including the Go 1.16+ behaviour of validating the
 * whole pattern before returning "no match", so a malformed pattern always throws.
 *
 * Docker uses this matcher for COPY/ADD source wildcards (BuildKit `containsWildcards` +
 * `filepath.Match` per path segment in fsutil), which is why it must be exact here.
 *
 * Pattern syntax (from the Go documentation):
 *   pattern:  { term }
 *   term:     '*'  any sequence of non-/ characters
 *             '?'  any single non-/ character
 *             '[' [ '^' ] { character-range } ']'   character class (must be non-empty)
 *             c    matches character c (c != '*', '?', '\\', '[')
 *             '\\' c  matches character c
 *   character-range:
 *             c    matches character c (c != '\\', '-', ']')
 *             '\\' c  matches character c
 *             lo '-' hi  matches character c for lo <= c <= hi
 *
 * Note the Go quirk kept here: a negated class `[^a]` DOES match `/` (only `*` and `?`
 * refuse the separator).
 */

/** Thrown for a malformed pattern, like Go's `filepath.ErrBadPattern`. */
export class BadPatternError extends Error {
  readonly pattern: string;
  constructor(pattern: string) {
    super(`syntax error in pattern: ${JSON.stringify(pattern)}`);
    this.name = 'BadPatternError';
    this.pattern = pattern;
  }
}

const SLASH = 0x2f;
const STAR = 0x2a;
const QUESTION = 0x3f;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const BACKSLASH = 0x5c;
const CARET = 0x5e;
const DASH = 0x2d;
const RUNE_ERROR = 0xfffd;

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Go's utf8.DecodeRune: returns [rune, width]; invalid input gives [RuneError, 1]. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const n = b.length - i;
  if (n <= 0) return [RUNE_ERROR, 0];
  const c0 = b[i];
  if (c0 < 0x80) return [c0, 1];
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    if (cont(1)) return [((c0 & 0x1f) << 6) | (b[i + 1] & 0x3f), 2];
  } else if (c0 >= 0xe0 && c0 <= 0xef) {
    if (cont(1) && cont(2)) {
      const r = ((c0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      if (r >= 0x800 && !(r >= 0xd800 && r <= 0xdfff)) return [r, 3];
    }
  } else if (c0 >= 0xf0 && c0 <= 0xf4) {
    if (cont(1) && cont(2) && cont(3)) {
      const r = ((c0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
      if (r >= 0x10000 && r <= 0x10ffff) return [r, 4];
    }
  }
  return [RUNE_ERROR, 1];
}

interface Chunk {
  star: boolean;
  start: number;
  end: number;
}

/** scanChunk: the next segment of pattern, a non-star string possibly preceded by a star. */
function scanChunk(p: Uint8Array, from: number): Chunk {
  let i = from;
  let star = false;
  while (i < p.length && p[i] === STAR) {
    i++;
    star = true;
  }
  const start = i;
  let inrange = false;
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case BACKSLASH:
        // error check handled in matchChunk: bad pattern.
        if (i + 1 < p.length) i++;
        break;
      case LBRACKET:
        inrange = true;
        break;
      case RBRACKET:
        inrange = false;
        break;
      case STAR:
        if (!inrange) break scan;
        break;
    }
  }
  return { star, start, end: i };
}

/** getEsc: a possibly-escaped character from a character class; returns [rune, next index]. */
function getEsc(p: Uint8Array, c: number, end: number, pattern: string): [number, number] {
  if (c >= end || p[c] === DASH || p[c] === RBRACKET) throw new BadPatternError(pattern);
  if (p[c] === BACKSLASH) {
    c++;
    if (c >= end) throw new BadPatternError(pattern);
  }
  // decode within the chunk only (Go slices the chunk)
  const [r, n] = decodeRune(p.subarray(0, end), c);
  if (r === RUNE_ERROR && n === 1) throw new BadPatternError(pattern);
  c += n;
  if (c >= end) throw new BadPatternError(pattern);
  return [r, c];
}

/**
 * matchChunk: whether chunk p[cs, ce) matches the beginning of s[si:]. Returns the index in s
 * after the match, or -1. After a failure it keeps scanning the chunk to validate it
 * (throwing BadPatternError), exactly like Go.
 */
function matchChunk(p: Uint8Array, cs: number, ce: number, s: Uint8Array, si: number, pattern: string): number {
  let failed = false;
  let c = cs;
  while (c < ce) {
    if (!failed && si >= s.length) failed = true;
    switch (p[c]) {
      case LBRACKET: {
        let r = 0;
        if (!failed) {
          const [rr, n] = decodeRune(s, si);
          r = rr;
          si += n;
        }
        c++;
        let negated = false;
        if (c < ce && p[c] === CARET) {
          negated = true;
          c++;
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          if (c < ce && p[c] === RBRACKET && nrange > 0) {
            c++;
            break;
          }
          let lo: number;
          let hi: number;
          [lo, c] = getEsc(p, c, ce, pattern);
          hi = lo;
          if (p[c] === DASH) {
            [hi, c] = getEsc(p, c + 1, ce, pattern);
          }
          if (lo <= r && r <= hi) match = true;
          nrange++;
        }
        if (match === negated) failed = true;
        break;
      }
      case QUESTION: {
        if (!failed) {
          if (s[si] === SLASH) failed = true;
          const [, n] = decodeRune(s, si);
          si += n;
        }
        c++;
        break;
      }
      default:
        if (p[c] === BACKSLASH) {
          // an escaped literal (Go: `case '\\':` falling through to `default:`)
          c++;
          if (c >= ce) throw new BadPatternError(pattern);
        }
        if (!failed) {
          if (p[c] !== s[si]) failed = true;
          si++;
        }
        c++;
    }
  }
  return failed ? -1 : si;
}

function matchBytes(p: Uint8Array, n: Uint8Array, pattern: string): boolean {
  let pi = 0;
  let ni = 0;
  pattern: while (pi < p.length) {
    const chunk = scanChunk(p, pi);
    pi = chunk.end;
    if (chunk.star && chunk.start === chunk.end) {
      // Trailing * matches rest of string unless it has a /.
      return n.indexOf(SLASH, ni) < 0;
    }
    // Look for match at current position.
    const t = matchChunk(p, chunk.start, chunk.end, n, ni, pattern);
    // if we're the last chunk, make sure we've exhausted the name
    // otherwise we'll give a false result even if we could still match using the star
    if (t >= 0 && (t === n.length || pi < p.length)) {
      ni = t;
      continue;
    }
    if (chunk.star) {
      // Look for match skipping i+1 bytes. Cannot skip /.
      for (let i = ni; i < n.length && n[i] !== SLASH; i++) {
        const t2 = matchChunk(p, chunk.start, chunk.end, n, i + 1, pattern);
        if (t2 >= 0) {
          // if we're the last chunk, make sure we exhausted the name
          if (pi === p.length && t2 < n.length) continue;
          ni = t2;
          continue pattern;
        }
      }
    }
    // Before returning false with no error, check that the remainder of the pattern is
    // syntactically valid.
    while (pi < p.length) {
      const rest = scanChunk(p, pi);
      pi = rest.end;
      matchChunk(p, rest.start, rest.end, EMPTY, 0, pattern);
    }
    return false;
  }
  return ni === n.length;
}

/**
 * Go `filepath.Match(pattern, name)` on Unix. Throws BadPatternError when the pattern is
 * malformed (Go returns ErrBadPattern for every name in that case).
 */
export function goMatch(pattern: string, name: string): boolean {
  return matchBytes(encoder.encode(pattern), encoder.encode(name), pattern);
}

/** Throws BadPatternError if the pattern is malformed. */
export function validateGoPattern(pattern: string): void {
  // Matching against "" walks and validates every chunk of the pattern.
  goMatch(pattern, '');
}

/** Go's (Unix) `filepath` hasMeta: any of `* ? [ \`. */
export function hasMeta(s: string): boolean {
  return /[*?[\\]/.test(s);
}

/**
 * BuildKit's `containsWildcards` (dockerfile2llb): `*`, `?` or `[` not preceded by a `\`
 * escape. This is what decides whether a COPY/ADD source is treated as a pattern.
 */
export function containsWildcards(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?' || ch === '[') return true;
  }
  return false;
}

function escapeRegexChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  // only syntax characters and `/` may be escaped under the `u` flag
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function classMember(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** A compiled Go pattern; `test` is exactly `goMatch(pattern, name)`. */
export interface GoPattern {
  readonly pattern: string;
  /**
   * Anchored RegExp (flag `u`) equivalent to Go's matcher, or null when the pattern has a
   * character class that can match `/` (e.g. `[^a]`): Go's matcher does not backtrack into
   * an earlier `*` once a later chunk matched, so `Match("*[^a]*", "b/")` is false where a
   * regular expression would say true. Such patterns use the ported matcher.
   */
  readonly regex: RegExp | null;
  test(name: string): boolean;
}

/**
 * Compiles a Go pattern for matching many names. Throws BadPatternError for a malformed
 * pattern. Equivalence of the RegExp path with `goMatch` is checked in the tests against the
 * Go test table and by a randomised differential test.
 */
export function compileGoPattern(pattern: string): GoPattern {
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) {
    compiled = compile(pattern);
    if (compiledPatterns.size >= MAX_COMPILED) compiledPatterns.clear();
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Compiled patterns by text: the same few (`requirements*.txt`, `*.pyc`) come back for every
 * Dockerfile, context and fix pass, and a GoPattern is immutable (its RegExp has no `g` flag).
 */
const compiledPatterns = new Map<string, GoPattern>();
const MAX_COMPILED = 10_000;

function compile(pattern: string): GoPattern {
  validateGoPattern(pattern);
  const cps = Array.from(pattern, (ch) => ch.codePointAt(0)!);
  let out = '';
  let exact = true;
  let i = 0;
  while (i < cps.length) {
    const cp = cps[i];
    if (cp === STAR) {
      while (i < cps.length && cps[i] === STAR) i++;
      out += '[^/]*';
      continue;
    }
    if (cp === QUESTION) {
      out += '[^/]';
      i++;
      continue;
    }
    if (cp === BACKSLASH) {
      // validated: an escape is always followed by a character
      out += escapeRegexChar(cps[i + 1]);
      i += 2;
      continue;
    }
    if (cp === LBRACKET) {
      i++;
      let negated = false;
      if (cps[i] === CARET) {
        negated = true;
        i++;
      }
      const members: string[] = [];
      let hasSlash = false;
      let nrange = 0;
      for (;;) {
        if (cps[i] === RBRACKET && nrange > 0) {
          i++;
          break;
        }
        let lo = cps[i];
        if (lo === BACKSLASH) lo = cps[++i];
        i++;
        let hi = lo;
        if (cps[i] === DASH) {
          i++;
          hi = cps[i];
          if (hi === BACKSLASH) hi = cps[++i];
          i++;
        }
        // an inverted range matches nothing in Go (lo <= r && r <= hi is never true)
        if (lo <= hi) members.push(lo === hi ? classMember(lo) : `${classMember(lo)}-${classMember(hi)}`);
        if (lo <= SLASH && SLASH <= hi) hasSlash = true;
        nrange++;
      }
      if (hasSlash !== negated) exact = false; // this class can match '/'
      if (negated) out += `[^${members.join('')}]`;
      else out += members.length ? `[${members.join('')}]` : '(?!)';
      continue;
    }
    out += escapeRegexChar(cp);
    i++;
  }
  if (exact) {
    const regex = new RegExp(`^(?:${out})$`, 'u');
    return { pattern, regex, test: (name: string) => regex.test(name) };
  }
  const p = encoder.encode(pattern);
  return { pattern, regex: null, test: (name: string) => matchBytes(p, encoder.encode(name), pattern) };
}
