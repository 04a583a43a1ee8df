// `.env` parsing exactly as Compose reads it: a port of compose-go's dotenv package (v2,
// dotenv/parser.go and dotenv/godotenv.go as vendored by docker/cli: vendor/github.com/
// compose-spec/compose-go/v2/dotenv/), with the behaviour pinned by dotenv/godotenv_test.go,
// dotenv/parser_test.go, dotenv/godotenv_var_expansion_test.go and dotenv/fixtures/*.
//
// What compose-go does (and this file mirrors):
// - A leading UTF-8 BOM is skipped (godotenv.go ParseWithLookup).
// - Statements start at the first non-space character; a `#` there starts a comment line.
// - `export` followed by whitespace (Go RE2 `\s` = [\t\n\f\r ]) is dropped before the key.
// - The key runs to `=`, `:` (YAML-ish `KEY: value` is accepted) or a newline (a bare `KEY`
//   line "inherits" the value from the lookup, and is left out when the lookup has none). Key
//   characters: Unicode letters and digits, `_ . - [ ]`; spaces inside are skipped while
//   scanning, then a key containing ` ` is an error. Anything else is
//   `line N: unexpected character "c" in variable name "<line>"`.
// - A key without any terminator before the end of the file (a last line `FOO` with no
//   newline) takes the whole remaining text as the VALUE of the empty key "".
// - Values: whitespace after the separator is skipped.
//   * Unquoted: up to the end of line; cut at the first ` #` (a space then `#`; `a#b` and
//     `a\t#b` keep their `#`); trailing whitespace trimmed (so CRLF works); then variables
//     are expanded. No escape processing.
//   * Single or double quoted: may span lines; a backslash escapes the quote character (it is
//     dropped), any other backslash pair is kept as is for the next step; in SINGLE quotes too,
//     so `'it\'s'` is `it's` and `'a\'` is unterminated. Double-quoted values then get
//     `\a \b \f \n \r \t \v \\ \" \$ \0ddd` escapes and variable expansion; single-quoted values
//     get neither. Text after the closing quote is parsed as the next statement (a `# comment`
//     is fine, other text becomes a new key).
// - Expansion is compose-go template.Substitute with a mapping that asks the lookup FIRST
//   and only then the keys defined earlier in the file (godotenv.go expandVariables).
// - The first error stops compose-go. Here every error is collected (the first one is the
//   one Compose reports) and parsing resumes on the next line.

import { goQuote, invalidTemplateMessage, substitute, unsetVariableWarning } from './interpolate.js';

export interface DotenvEntry {
  key: string;
  /** The value as Compose sees it (quotes removed, escapes and variables expanded). */
  value: string;
  /** 1-based line where the statement (its `export` or key) starts. */
  line: number;
  /** Offsets of the whole line(s) of the statement: start of its first line, end of its last
   * line (before the `\n`; a `\r` of a CRLF ending is inside). */
  start: number;
  end: number;
  keyStart: number;
  keyEnd: number;
  /** Offsets of the value's source text (inside the quotes when quoted). For an inherited
   * (`KEY` alone) statement both are the end of the key. */
  valueStart: number;
  valueEnd: number;
  quote: '"' | "'" | null;
  /** `export KEY=...` */
  exported: boolean;
  /** A bare `KEY` line: the value comes from the lookup. */
  inherited: boolean;
  /** False for an inherited key the lookup does not know: Compose leaves it out of the map. */
  set: boolean;
}

export interface DotenvError {
  /** 1-based line where the offending statement or quoted value starts. */
  line: number;
  /** Compose's message, verbatim (its own `line N:` prefix can differ from `line`, see below). */
  message: string;
  offset: number;
}

export interface DotenvWarning {
  line: number;
  /** `The "X" variable is not set. Defaulting to a blank string.` */
  message: string;
  variable: string;
}

export interface DotenvResult {
  values: Map<string, string>;
  entries: DotenvEntry[];
  /**
   * Parse and expansion errors. compose-go stops at the first one (`errors[0]` is what
   * `docker compose` prints, after `failed to read <file>: `). Compose's own line numbers are
   * kept in the messages as it computes them, which is not always the statement's line: an
   * unterminated quote is reported on the LAST line of the file (the scan runs to the end),
   * and a bare `KEY ` line with a trailing space is not counted.
   */
  errors: DotenvError[];
  /** Variables expanded while unset (Compose logs these as warnings). */
  warnings: DotenvWarning[];
}

const BOM = '\uFEFF';

/** dotenv/parser.go isSpace: a space character but not a line break. */
function isSpace(c: number): boolean {
  return c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x20 || c === 0x85 || c === 0xa0;
}

/** Go unicode.IsSpace. */
function isUnicodeSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x09 || c === 0x0a || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x20 || c === 0x85 || c === 0xa0;
  return (
    c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function trimRightUnicodeSpace(s: string): string {
  let e = s.length;
  while (e > 0 && isUnicodeSpace(s.charCodeAt(e - 1))) e--;
  return s.slice(0, e);
}

const KEY_CHAR = /^[\p{L}\p{N}]$/u;
const EXPORT_PREFIX = /^export[\t\n\f\r ]+/;
// dotenv/parser.go escapeSeqRegex.
const ESCAPE_SEQ = /\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};

/** dotenv/parser.go expandEscapes (Go strconv.UnquoteChar on each supported sequence). */
export function expandEscapes(str: string): string {
  return str.replace(ESCAPE_SEQ, (match) => {
    // `\$` becomes `$$` so that the expansion step yields a literal `$`.
    if (match === '\\$') return '$$';
    const c = match[1]!;
    if (c === '0') {
      // `\0ddd` is rewritten to `\ddd`, which UnquoteChar accepts only as exactly three octal
      // digits worth at most 255; anything else is left as written.
      const digits = match.slice(2);
      if (!/^[0-7]{3}$/.test(digits)) return match;
      const v = parseInt(digits, 8);
      return v > 255 ? match : String.fromCodePoint(v);
    }
    // `\c` is matched by the regexp but is no Go escape: left as written.
    return SIMPLE_ESCAPES[c] ?? match;
  });
}

/**
 * Parse a `.env` text as compose-go does. `lookup` plays compose-go's LookupFn: for Compose's
 * project `.env` it is the shell environment (dotenv/env.go GetEnvFromFile). It answers bare
 * `KEY` lines and takes precedence over earlier keys of the file during expansion.
 * Never throws.
 */
export function parseDotenv(text: string, lookup?: (name: string) => string | undefined): DotenvResult {
  const look = lookup ?? (() => undefined);
  const values = new Map<string, string>();
  const entries: DotenvEntry[] = [];
  const errors: DotenvError[] = [];
  const warnings: DotenvWarning[] = [];

  const n = text.length;
  // godotenv.go ParseWithLookup: skip a UTF-8 BOM.
  const textStart = text.startsWith(BOM) ? 1 : 0;
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
  /** 1-based line of an offset. */
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  /** Start of the line holding `offset` (after a BOM on the first line). */
  const lineStart = (offset: number): number => Math.max(text.lastIndexOf('\n', offset - 1) + 1, textStart);
  const lineEnd = (offset: number): number => {
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? n : nl;
  };

  let pos = textStart;
  // compose-go's own line counter (parser.line), used in its messages only.
  let goLine = 1;

  const fail = (line: number, message: string, offset: number, resumeFrom: number): void => {
    errors.push({ line, message, offset });
    // Resume on the line after `resumeFrom`.
    const nl = text.indexOf('\n', resumeFrom);
    pos = nl < 0 ? n : nl + 1;
    goLine = lineOf(pos);
  };

  const expand = (value: string, line: number): { value: string; error?: string } => {
    const r = substitute(value, (k) => {
      const v = look(k);
      return v !== undefined ? v : values.get(k);
    });
    for (const name of r.unset) warnings.push({ line, message: unsetVariableWarning(name), variable: name });
    if (r.error) {
      return { value, error: r.error.kind === 'invalid' ? invalidTemplateMessage(r.error.template) : r.error.message };
    }
    return { value: r.value };
  };

  for (;;) {
    // getStatementStart: skip whitespace (counting newlines) and comment lines.
    let s = -1;
    for (let p = pos; ; ) {
      while (p < n && isUnicodeSpace(text.charCodeAt(p))) {
        if (text.charCodeAt(p) === 0x0a) goLine++;
        p++;
      }
      if (p >= n) break;
      if (text[p] !== '#') {
        s = p;
        break;
      }
      const nl = text.indexOf('\n', p);
      if (nl < 0) break;
      p = nl;
    }
    if (s < 0) break;

    const stmtLine = lineOf(s);
    const stmtGoLine = goLine;

    // locateKeyName
    let k = s;
    let exported = false;
    const exp = EXPORT_PREFIX.exec(text.slice(s, s + 64));
    if (exp) {
      exported = true;
      k = s + 'export'.length;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
    }
    if (k >= n) {
      fail(stmtLine, 'zero length string', s, s);
      break;
    }
    let keyEnd = -1;
    let terminator = '';
    let badChar: string | undefined;
    let badAt = -1;
    for (let i = k; i < n; ) {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (isSpace(cp)) {
        i += ch.length;
        continue;
      }
      if (ch === '=' || ch === ':' || ch === '\n') {
        keyEnd = i;
        terminator = ch;
        break;
      }
      if (ch === '_' || ch === '.' || ch === '-' || ch === '[' || ch === ']' || KEY_CHAR.test(ch)) {
        i += ch.length;
        continue;
      }
      badChar = ch;
      badAt = i;
      break;
    }
    if (badChar !== undefined) {
      const firstLine = text.slice(k, lineEnd(k));
      fail(stmtLine, `line ${stmtGoLine}: unexpected character ${goQuote(badChar)} in variable name ${goQuote(firstLine)}`, badAt, s);
      continue;
    }
    // No terminator before the end of the text: the key is "" and the value starts at `k`.
    const rawKey = keyEnd < 0 ? '' : text.slice(k, keyEnd);
    const inherited = terminator === '\n';
    if (inherited && !rawKey.includes(' ')) goLine++;
    const key = trimRightUnicodeSpace(rawKey);
    const keyEndOffset = keyEnd < 0 ? k : k + key.length;
    if (key.includes(' ')) {
      fail(stmtLine, `line ${goLine}: key cannot contain a space`, k, s);
      continue;
    }
    let v = keyEnd < 0 ? k : keyEnd + 1;
    while (v < n && isSpace(text.charCodeAt(v))) v++;

    const base = {
      key,
      line: stmtLine,
      start: lineStart(s),
      keyStart: k,
      keyEnd: keyEndOffset,
      exported,
    };

    if (inherited) {
      const value = look(key);
      if (value !== undefined) values.set(key, value);
      entries.push({
        ...base,
        value: value ?? '',
        end: keyEnd,
        valueStart: keyEndOffset,
        valueEnd: keyEndOffset,
        quote: null,
        inherited: true,
        set: value !== undefined,
      });
      pos = v;
      continue;
    }

    // extractVarValue
    const q = text[v];
    if (q !== '"' && q !== "'") {
      const eol = lineEnd(v);
      goLine++;
      let raw = text.slice(v, eol);
      const hash = raw.indexOf(' #');
      if (hash >= 0) raw = raw.slice(0, hash);
      raw = trimRightUnicodeSpace(raw);
      pos = eol < n ? eol + 1 : n;
      const r = expand(raw, stmtLine);
      if (r.error !== undefined) {
        errors.push({ line: stmtLine, message: r.error, offset: v });
        continue;
      }
      values.set(key, r.value);
      entries.push({ ...base, value: r.value, end: eol, valueStart: v, valueEnd: v + raw.length, quote: null, inherited: false, set: true });
      continue;
    }

    let chars = '';
    let escaped = false;
    let close = -1;
    for (let i = v + 1; i < n; i++) {
      const c = text[i]!;
      if (c === '\n') goLine++;
      if (c !== q) {
        if (!escaped && c === '\\') {
          escaped = true;
          continue;
        }
        if (escaped) {
          escaped = false;
          chars += '\\';
        }
        chars += c;
        continue;
      }
      if (escaped) {
        escaped = false;
        chars += c;
        continue;
      }
      close = i;
      break;
    }
    if (close < 0) {
      fail(lineOf(v), `line ${goLine}: unterminated quoted value ${text.slice(v, lineEnd(v))}`, v, v);
      continue;
    }
    pos = close + 1;
    let value = chars;
    if (q === '"') {
      const r = expand(expandEscapes(value), stmtLine);
      if (r.error !== undefined) {
        errors.push({ line: stmtLine, message: r.error, offset: v });
        continue;
      }
      value = r.value;
    }
    values.set(key, value);
    // The statement's lines end with the closing quote's line when nothing but blanks or a
    // comment follows it there; otherwise (another statement on that line) at the quote.
    const eol = lineEnd(close + 1);
    const after = text.slice(close + 1, eol);
    const tail = after.replace(/^[\s\u0085]*/u, '');
    const end = tail === '' || tail.startsWith('#') ? eol : close + 1;
    entries.push({ ...base, value, end, valueStart: v + 1, valueEnd: close, quote: q, inherited: false, set: true });
  }

  return { values, entries, errors, warnings };
}

/**
 * compose-go dotenv/env.go GetEnvFromFile's wrapping of a parse error, which is what
 * `docker compose` prints for a broken `.env`.
 */
export function dotenvErrorMessage(file: string, message: string): string {
  return `failed to read ${file}: ${message}`;
}
