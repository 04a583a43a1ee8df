/**
 * An exact model of a Dockerfile's stages and COPY/ADD instructions.
 *
 * dockerfile-ast gives us the instruction list, keyword, ranges (including heredoc bodies)
 * and the escape directive. Everything that decides *what Docker reads from the context*
 * is re-derived from the raw text following BuildKit's own code, because dockerfile-ast
 * differs from Docker in ways that matter (JSON strings lose their spaces, heredoc bodies
 * come back as arguments, ENV/ARG values lose their escapes, `getFromFlag()` is null as soon
 * as there is a second flag):
 *
 * - logical lines, continuations, comment and empty lines inside continuations:
 *   moby/buildkit frontend/dockerfile/parser/parser.go (`Parse`, `trimContinuationCharacter`,
 *   `processLine`, `isComment`, `isEmptyContinuationLine`);
 * - keyword / flags / arguments: parser/split_command.go (`splitCommand`,
 *   `extractBuilderFlags`) and parser/line_parsers.go (`parseMaybeJSONToList`, `parseJSON`,
 *   `parseStringsWhitespaceDelimited`, `parseWords`, `parseNameVal`);
 * - heredoc sources: parser.go `reHeredoc`, `heredocFromMatch`; instructions/parse.go
 *   `parseSourcesAndDest` (a source token that parses as a heredoc reads no context file);
 * - variable expansion: frontend/dockerfile/shell/lex.go (`ProcessWord`), applied to every
 *   COPY/ADD source and destination (JSON form included) with the stage's environment;
 * - ARG/ENV scoping: dockerfile2llb/convert.go (`buildMetaArgs`, `dispatchArg`,
 *   `dispatchEnv`, `dispatchState.init`): a global ARG is visible in a stage only when
 *   re-declared there; build args override defaults of declared ARGs only; ARG and ENV values
 *   share one environment where the later definition wins; a stage built FROM an earlier
 *   stage starts with that stage's final environment.
 *
 * Offsets are JS string indices into the text exactly as given (a BOM counts as one index,
 * CRLF as two).
 */
import { Instruction, type Dockerfile } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser.js';
import { containsWildcards } from './wildcard.js';

export interface Flag {
  name: string;
  value: string | null;
  /** offsets of the whole `--name=value` word */
  start: number;
  end: number;
}

export interface Stage {
  index: number;
  /** `FROM x AS name`, lowercased as Docker does */
  name?: string;
  /** FROM argument after ARG substitution where possible (raw if not) */
  image: string;
  imageRaw: string;
  /** offsets of the FROM instruction */
  start: number;
  end: number;
  /** 1-based line of the FROM instruction */
  line: number;
  platform?: string;
  /** index of the earlier stage this one is built FROM (`FROM builder AS final`) */
  baseStageIndex?: number;
}

export interface SourceRef {
  /** as written (JSON form: the decoded JSON string; continuations removed) */
  raw: string;
  /** after variable substitution; null when a variable stays unresolved (or the word is malformed) */
  value: string | null;
  /** variable names with no value */
  unresolved: string[];
  /** offsets of the token in the file text (JSON form: of the JSON string literal incl. quotes) */
  start: number;
  end: number;
  kind: 'path' | 'url' | 'git' | 'heredoc';
  /** after substitution: an unescaped `*`, `?` or `[` (BuildKit `containsWildcards`) */
  hasWildcard: boolean;
}

export interface ExpandedValue {
  /** after substitution; the raw text when something stays unresolved */
  value: string;
  raw: string;
  unresolved: string[];
  start: number;
  end: number;
}

export interface CopyInstruction {
  keyword: 'COPY' | 'ADD';
  stageIndex: number;
  /** the whole instruction (continuations and heredoc bodies included) */
  start: number;
  end: number;
  line: number;
  endLine: number;
  flags: Flag[];
  /**
   * `--from`. The value is substituted where possible for convenience, but note that
   * BuildKit refuses variables in `--from` ("variable expansion is not supported for --from").
   */
  from?: ExpandedValue;
  /** index of the earlier stage named (or numbered) by `--from`, when there is one */
  fromStageIndex?: number;
  chown?: ExpandedValue;
  sources: SourceRef[];
  destination?: ExpandedValue;
  json: boolean;
}

export interface UserCreation {
  stageIndex: number;
  line: number;
  users: string[];
  groups: string[];
}

/**
 * An instruction that may create users or groups dockmend cannot name: a RUN of a script file,
 * of `sh -c "$VAR"`, of useradd/adduser/groupadd/addgroup with a name from a variable, or that
 * writes /etc/passwd|group; a COPY/ADD into /etc/passwd|group or of a tree/archive onto `/`.
 * After one, a stage's users are not fully known.
 */
export interface OpaqueUserSource {
  stageIndex: number;
  line: number;
  /** What it is, for messages: "RUN runs a script". */
  why: string;
}

export type PackageManager = 'apk' | 'apt' | 'dnf' | 'yum' | 'microdnf' | 'unknown';

export interface DockerfileModel {
  escapeChar: string;
  stages: Stage[];
  copies: CopyInstruction[];
  userCreations: UserCreation[];
  /** Instructions that may create users dockmend cannot name (see OpaqueUserSource). */
  opaqueUserSources: OpaqueUserSource[];
  /** USER instructions, in order. */
  users: UserInstruction[];
  instructionCount: number;
  /** ARGs declared before the first FROM, with their value (build args applied) */
  globalArgs: Map<string, string | undefined>;
  /** per stage index, from the RUN lines (inherited from the stage it is built FROM) */
  packageManagers: Map<number, PackageManager>;
  /** `RUN --mount=…,from=<stage>`: the stages a RUN reads from (BuildKit builds them first). */
  runMounts: RunMount[];
  /** `RUN --mount` without `from=` that BuildKit mounts from the build context. */
  contextMounts: ContextMount[];
}

/**
 * A `RUN --mount` that reads the build context: no `from=`, and not a cache, secret or ssh
 * mount (dockerfile2llb convert_runmount.go `dispatchRunMounts`: a cache mount without `from`
 * gets an empty image; secret and ssh mounts have no source; a bind or even a tmpfs mount
 * records its `source` in the context paths it transfers).
 */
export interface ContextMount {
  stageIndex: number;
  line: number;
  /** The `source=` path ('' when absent: the whole context); null when a variable is in the mount. */
  source: string | null;
}

export interface RunMount {
  stageIndex: number;
  line: number;
  /** The `from=` value as written. */
  from: string;
  /** The stage it names, when it names one (else an image or a named context). */
  fromStageIndex?: number;
}

export interface UserInstruction {
  stageIndex: number;
  /** 1-based line of the instruction. */
  line: number;
  /** The argument as written (`app`, `1000:1000`, `$APP_USER`). */
  value: string;
}

export interface ParseOptions {
  buildArgs?: Record<string, string>;
  /** The text's lexDockerfile, when the caller keeps it (never mutated here). */
  lexed?: LexedDockerfile;
}

// ---------------------------------------------------------------------------------------
// Character classes (Go semantics)

/** Go `unicode.IsSpace`. */
function isGoSpace(ch: string): boolean {
  switch (ch) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case '\u0085':
    case '\u00a0':
    case '\u1680':
    case '\u2028':
    case '\u2029':
    case '\u202f':
    case '\u205f':
    case '\u3000':
      return true;
    default:
      return ch >= '\u2000' && ch <= '\u200a';
  }
}

/** BuildKit `reWhitespace` / `tokenWhitespace`: `[\t\v\f\r ]`. */
function isTokenSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\v' || ch === '\f' || ch === '\r';
}

// ---------------------------------------------------------------------------------------
// Offsets

/** Line starts as dockerfile-ast (vscode-languageserver-textdocument) counts lines: CRLF, LF and CR. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

class Offsets {
  readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = lineStartsOf(text);
  }
  at(pos: { line: number; character: number }): number {
    const line = Math.min(Math.max(pos.line, 0), this.starts.length - 1);
    return Math.min(this.starts[line] + pos.character, this.text.length);
  }
  /** 0-based line of an offset */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------
// Logical lines (BuildKit parser.go)

export interface Logical {
  /** the logical line: continuations joined, comment/empty continuation lines dropped */
  text: string;
  /**
   * Where `text` comes from, as pairs (index in `text`, file offset): each pair starts a run of
   * `text` copied from the file unchanged, up to the next pair's index (one run per physical
   * line). Runs, not an offset per character: most instructions are one line.
   */
  runs: number[];
  /** file offset just after the last physical line's content that was consumed */
  end: number;
  /** file offset of the line after the logical line (where heredoc bodies start) */
  next: number;
}

function buildLogical(src: string, start: number, esc: string): Logical {
  let text = '';
  const runs: number[] = [];
  let lineStart = start;
  let first = true;
  let end = start;
  let next = src.length;
  for (;;) {
    let nl = src.indexOf('\n', lineStart);
    const hasNl = nl >= 0;
    if (!hasNl) nl = src.length;
    // trimNewline: bytes.TrimRight(line, "\r\n")
    let ce = nl;
    while (ce > lineStart && (src[ce - 1] === '\r' || src[ce - 1] === '\n')) ce--;
    next = hasNl ? nl + 1 : src.length;
    if (!first) {
      let k = lineStart;
      while (k < ce && isGoSpace(src[k])) k++;
      // a comment line or an empty line inside a continuation is dropped
      if (k === ce || src[k] === '#') {
        if (!hasNl) break;
        lineStart = nl + 1;
        continue;
      }
    }
    // continuation: `([^\\])\\[ \t]*$|^\\[ \t]*$` (an escaped escape is not a continuation)
    let k = ce;
    while (k > lineStart && (src[k - 1] === ' ' || src[k - 1] === '\t')) k--;
    const isCont = k > lineStart && src[k - 1] === esc && (k - 1 === lineStart || src[k - 2] !== esc);
    const keepEnd = isCont ? k - 1 : ce;
    if (keepEnd > lineStart) {
      runs.push(text.length, lineStart);
      text += src.slice(lineStart, keepEnd);
    }
    end = ce;
    first = false;
    if (!isCont || !hasNl) break;
    lineStart = nl + 1;
  }
  return { text, runs, end, next };
}

export interface Tok {
  text: string;
  /** indices into the logical text, end exclusive */
  s: number;
  e: number;
}

/** The file offset of the character at index `i` of the logical text (i < text.length). */
function fileOffset(lg: Logical, i: number): number {
  const runs = lg.runs;
  let r = runs.length - 2;
  while (r > 0 && runs[r] > i) r -= 2;
  return runs[r + 1] + (i - runs[r]);
}

export function fileRange(lg: Logical, s: number, e: number): { start: number; end: number } {
  if (e <= s) {
    const at = s < lg.text.length ? fileOffset(lg, s) : lg.end;
    return { start: at, end: at };
  }
  return { start: fileOffset(lg, s), end: fileOffset(lg, e - 1) + 1 };
}

export interface Split {
  cmd: string;
  flags: Tok[];
  /** trimmed argument region of the logical text */
  argsStart: number;
  argsEnd: number;
}

/** splitCommand + extractBuilderFlags (parser/split_command.go). */
function splitCommand(L: string): Split {
  let a = 0;
  let b = L.length;
  while (a < b && isGoSpace(L[a])) a++;
  while (b > a && isGoSpace(L[b - 1])) b--;
  let i = a;
  while (i < b && !isTokenSpace(L[i])) i++;
  const cmd = L.slice(a, i);
  if (i >= b) return { cmd, flags: [], argsStart: b, argsEnd: b };
  while (i < b && isTokenSpace(L[i])) i++;
  const { flags, rest } = extractBuilderFlags(L, i, b);
  let s = rest;
  while (s < b && isGoSpace(L[s])) s++;
  return { cmd, flags, argsStart: s, argsEnd: b };
}

function extractBuilderFlags(L: string, from: number, to: number): { flags: Tok[]; rest: number } {
  const IN_SPACES = 0;
  const IN_WORD = 1;
  const IN_QUOTE = 2;
  const words: Tok[] = [];
  let phase = IN_SPACES;
  let word = '';
  let wordStart = from;
  let quote = '';
  let blankOK = false;
  for (let pos = from; pos <= to; pos++) {
    let ch = pos !== to ? L[pos] : '';
    if (phase === IN_SPACES) {
      if (pos === to) break;
      if (isGoSpace(ch)) continue;
      // Only keep going if the next word starts with --
      if (ch !== '-' || pos + 1 === to || L[pos + 1] !== '-') return { flags: words, rest: pos };
      phase = IN_WORD;
      wordStart = pos;
    }
    if ((phase === IN_WORD || phase === IN_QUOTE) && pos === to) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push({ text: word, s: wordStart, e: pos });
      break;
    }
    if (phase === IN_WORD) {
      if (isGoSpace(ch)) {
        phase = IN_SPACES;
        if (word === '--') return { flags: words, rest: pos };
        if (blankOK || word.length > 0) words.push({ text: word, s: wordStart, e: pos });
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = IN_QUOTE;
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === to) continue; // just skip \ at end
        pos++;
        ch = L[pos];
      }
      word += ch;
      continue;
    }
    if (phase === IN_QUOTE) {
      if (ch === quote) {
        phase = IN_WORD;
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === to) {
          phase = IN_WORD;
          continue;
        }
        pos++;
        ch = L[pos];
      }
      word += ch;
    }
  }
  return { flags: words, rest: to };
}

/** parseStringsWhitespaceDelimited: split on `[\t\v\f\r ]+`. */
export function whitespaceTokens(L: string, from: number, to: number): Tok[] {
  const out: Tok[] = [];
  let i = from;
  while (i < to) {
    while (i < to && isTokenSpace(L[i])) i++;
    if (i >= to) break;
    const s = i;
    while (i < to && !isTokenSpace(L[i])) i++;
    out.push({ text: L.slice(s, i), s, e: i });
  }
  return out;
}

/**
 * parseJSON: a JSON array of strings, else null (Docker then falls back to the shell form).
 * Returns each string literal's span (quotes included) and decoded value.
 */
export function jsonStrings(L: string, from: number, to: number): Tok[] | null {
  const src = L.slice(from, to);
  if (!src.startsWith('[')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(src);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return null;
  const values = parsed as string[];
  const out: Tok[] = [];
  const isWs = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let i = from + 1;
  while (i < to && isWs(L[i])) i++;
  if (L[i] === ']') return out;
  while (i < to) {
    while (i < to && isWs(L[i])) i++;
    if (L[i] !== '"') return null;
    const s = i++;
    while (i < to && L[i] !== '"') i += L[i] === '\\' ? 2 : 1;
    i++;
    out.push({ text: values[out.length], s, e: i });
    while (i < to && isWs(L[i])) i++;
    if (L[i] === ',') {
      i++;
      continue;
    }
    break;
  }
  return out.length === values.length ? out : null;
}

/** parseWords (line_parsers.go): words keep their quotes and escapes. */
export function parseWords(rest: string, esc: string): string[] {
  const IN_SPACES = 0;
  const IN_WORD = 1;
  const IN_QUOTE = 2;
  const words: string[] = [];
  let phase = IN_SPACES;
  let word = '';
  let quote = '';
  let blankOK = false;
  let ch = '';
  let w = 1;
  const read = (pos: number) => {
    const cp = rest.codePointAt(pos)!;
    ch = String.fromCodePoint(cp);
    w = ch.length;
  };
  for (let pos = 0; pos <= rest.length; pos += w) {
    if (pos !== rest.length) read(pos);
    else w = 1;
    if (phase === IN_SPACES) {
      if (pos === rest.length) break;
      if (isGoSpace(ch)) continue;
      phase = IN_WORD;
    }
    if ((phase === IN_WORD || phase === IN_QUOTE) && pos === rest.length) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === IN_WORD) {
      if (isGoSpace(ch)) {
        phase = IN_SPACES;
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = IN_QUOTE;
      }
      if (ch === esc) {
        if (pos + w === rest.length) continue; // skip an escape token at end of line
        word += ch;
        pos += w;
        read(pos);
      }
      word += ch;
      continue;
    }
    if (phase === IN_QUOTE) {
      if (ch === quote) phase = IN_WORD;
      if (ch === esc && quote !== "'") {
        if (pos + w === rest.length) {
          phase = IN_WORD;
          continue;
        }
        pos += w;
        word += ch;
        read(pos);
      }
      word += ch;
    }
  }
  return words;
}

// ---------------------------------------------------------------------------------------
// Variable expansion (shell/lex.go ProcessWord) over a three-state environment

const UNSET: unique symbol = Symbol('unset');
const UNKNOWN: unique symbol = Symbol('unknown');
/** a value; UNSET = declared without a value; UNKNOWN = depends on something unresolved */
type EnvValue = string | typeof UNSET | typeof UNKNOWN;

interface Scope {
  /** absent names: UNKNOWN inside a stage (the base image may define them), UNSET globally */
  get(name: string): EnvValue;
}

interface Expansion {
  value: string | null;
  unresolved: string[];
  error?: string;
}

class LexError extends Error {}

const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const isDigit = (ch: string) => /^\p{Nd}$/u.test(ch);
const isLetter = (ch: string) => /^\p{L}$/u.test(ch);

class ShellWord {
  private i = 0;
  private unknown = false;
  private unresolved: string[] = [];
  private rawEscapes = false;

  constructor(
    private readonly s: string,
    private readonly scope: Scope,
    private readonly escape: string,
  ) {}

  run(): Expansion {
    try {
      const result = this.processStopOn(null, false);
      return { value: this.unknown ? null : result, unresolved: this.unresolved };
    } catch (e) {
      return { value: null, unresolved: this.unresolved, error: (e as Error).message };
    }
  }

  private peek(): string | undefined {
    if (this.i >= this.s.length) return undefined;
    return String.fromCodePoint(this.s.codePointAt(this.i)!);
  }

  private next(): string | undefined {
    const ch = this.peek();
    if (ch !== undefined) this.i += ch.length;
    return ch;
  }

  private markUnresolved(name: string): void {
    this.unknown = true;
    if (!this.unresolved.includes(name)) this.unresolved.push(name);
  }

  private processStopOn(stop: string | null, rawEscapes: boolean): string {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let result = '';
      while (this.i < this.s.length) {
        const ch = this.peek()!;
        if (stop !== null && ch === stop) {
          this.next();
          return result;
        }
        if (ch === '$') result += this.processDollar();
        else if (ch === "'") result += this.processSingleQuote();
        else if (ch === '"') result += this.processDoubleQuote();
        else {
          this.next();
          if (ch === this.escape) {
            if (this.rawEscapes) result += ch;
            const escaped = this.next();
            if (escaped === undefined) break;
            result += escaped;
          } else {
            result += ch;
          }
        }
      }
      if (stop !== null) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
      return result;
    } finally {
      this.rawEscapes = saved;
    }
  }

  private processSingleQuote(): string {
    this.next();
    let result = '';
    for (;;) {
      const ch = this.next();
      if (ch === undefined) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return result;
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    this.next();
    let result = '';
    for (;;) {
      const p = this.peek();
      if (p === undefined) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (p === '"') {
        this.next();
        return result;
      }
      if (p === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.next()!;
      if (ch === this.escape) {
        if (this.rawEscapes) result += ch;
        const after = this.peek();
        if (after === undefined) continue; // ignore \ at end of word
        if (after === '"' || after === '$' || after === this.escape) ch = this.next()!;
      }
      result += ch;
    }
  }

  private processName(): string {
    let name = '';
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (name === '' && isDigit(ch)) {
        while (this.peek() !== undefined && isDigit(this.peek()!)) name += this.next();
        return name;
      }
      if (name === '' && SPECIAL_PARAMS.has(ch)) {
        this.next();
        return ch;
      }
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break;
      name += this.next();
    }
    return name;
  }

  private isSpecial(name: string): boolean {
    return name === '' || SPECIAL_PARAMS.has(name) || isDigit(name[0]);
  }

  /** `$X` / `${X}`: a variable with no value leaves the word unresolved */
  private lookupPlain(name: string): string {
    if (this.isSpecial(name)) return '';
    const v = this.scope.get(name);
    if (typeof v === 'string') return v;
    this.markUnresolved(name);
    return '';
  }

  /** for modifiers: a declared-but-unset variable is really unset */
  private lookupModifier(name: string): { set: boolean; value: string } | null {
    if (this.isSpecial(name)) return { set: false, value: '' };
    const v = this.scope.get(name);
    if (typeof v === 'string') return { set: true, value: v };
    if (v === UNSET) return { set: false, value: '' };
    this.markUnresolved(name);
    return null;
  }

  /** processes a nested word, isolating its unresolved names until the word is used */
  private subWord(stop: string, rawEscapes: boolean): { word: string; unknown: boolean; names: string[] } {
    const savedUnknown = this.unknown;
    const savedNames = this.unresolved;
    this.unknown = false;
    this.unresolved = [];
    try {
      const word = this.processStopOn(stop, rawEscapes);
      return { word, unknown: this.unknown, names: this.unresolved };
    } finally {
      this.unknown = savedUnknown;
      this.unresolved = savedNames;
    }
  }

  private use(sub: { word: string; unknown: boolean; names: string[] }): string {
    if (sub.unknown) this.unknown = true;
    for (const n of sub.names) if (!this.unresolved.includes(n)) this.unresolved.push(n);
    return sub.word;
  }

  private processDollar(): string {
    this.next(); // $
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      return this.lookupPlain(name);
    }
    this.next(); // {
    const first = this.peek();
    if (first === undefined) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    let nullIsUnset = false;
    if (ch === '}') return this.lookupPlain(name);
    if (ch === '/') return this.processReplace(name);
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.next();
    }
    if (ch === undefined || !'+-?#%'.includes(ch)) {
      throw new LexError(`unsupported modifier (${nullIsUnset ? ':' : ''}${ch ?? ''}) in substitution`);
    }
    const sub = this.subWord('}', ch === '#' || ch === '%');
    const v = this.lookupModifier(name);
    if (v === null) return '';
    const empty = !v.set || (nullIsUnset && v.value === '');
    switch (ch) {
      case '-':
        return empty ? this.use(sub) : v.value;
      case '+':
        return empty ? '' : this.use(sub);
      case '?':
        if (empty) throw new LexError(`${name}: ${sub.word || (v.set ? 'is not allowed to be empty' : 'is not allowed to be unset')}`);
        return v.value;
      default: {
        // %/# shortest match, %%/## longest
        let word = this.use(sub);
        let greedy = false;
        if (word.startsWith(ch)) {
          greedy = true;
          word = word.slice(1);
        }
        return ch === '%' ? trimSuffix(word, v.value, greedy) : trimPrefix(word, v.value, greedy);
      }
    }
  }

  private processReplace(name: string): string {
    const replaceAll = this.peek() === '/';
    if (replaceAll) this.next();
    const pattern = this.use(this.subWord('/', true));
    const replacement = this.use(this.subWord('}', true));
    const v = this.lookupModifier(name);
    if (v === null) return '';
    const re = shellPatternToRegex(pattern, true, false);
    return replaceAll ? goReplaceAll(v.value, re, replacement) : replaceFirst(v.value, re, replacement);
  }
}

/** convertShellPatternToRegex (shell/lex.go) */
function shellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? '^' : '';
  const star = greedy ? '.*' : '.*?';
  for (let i = 0; i < chars.length; i++) {
    const tok = chars[i];
    if (tok === '*') {
      out += star;
      continue;
    }
    if (tok === '?') {
      out += '.';
      continue;
    }
    if (tok === '\\') {
      // } and / as part of ${} need to be escaped, but the escape isn't part of the pattern
      if (chars[i + 1] === '}' || chars[i + 1] === '/') continue;
      const nextTok = chars[++i];
      if (nextTok !== '*' && nextTok !== '?' && nextTok !== '\\') throw new LexError(`invalid escape '\\${nextTok ?? ''}'`);
      out += `\\${nextTok}`;
      continue;
    }
    if ('[]{}.+()|^$/'.includes(tok)) out += `\\${tok}`;
    else out += tok;
  }
  return new RegExp(out, 'u');
}

function trimPrefix(word: string, value: string, greedy: boolean): string {
  const m = shellPatternToRegex(word, greedy, true).exec(value);
  return m ? value.slice(m.index + m[0].length) : value;
}

function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\' && i + 1 < chars.length) {
      parts.push(chars[i] + chars[i + 1]);
      i++;
    } else parts.push(chars[i]);
  }
  return parts.reverse().join('');
}

function trimSuffix(word: string, value: string, greedy: boolean): string {
  // reverse both pattern and value to trim the suffix by trimming the prefix
  const reversed = Array.from(value).reverse().join('');
  const re = shellPatternToRegex(reversePattern(word), greedy, true);
  const m = re.exec(reversed);
  const rest = m ? reversed.slice(m.index + m[0].length) : reversed;
  return Array.from(rest).reverse().join('');
}

function replaceFirst(value: string, re: RegExp, replacement: string): string {
  const m = re.exec(value);
  return m ? value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length) : value;
}

/** Go regexp.ReplaceAllString semantics (no `$` expansion handled) */
function goReplaceAll(value: string, re: RegExp, replacement: string): string {
  const g = new RegExp(re.source, 'gu');
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= value.length) {
    g.lastIndex = searchPos;
    const m = g.exec(value);
    if (!m) break;
    const a0 = m.index;
    const a1 = m.index + m[0].length;
    out += value.slice(lastMatchEnd, a0);
    if (a1 > lastMatchEnd || a0 === 0) out += replacement;
    lastMatchEnd = a1;
    const width = searchPos < value.length ? String.fromCodePoint(value.codePointAt(searchPos)!).length : 1;
    if (searchPos + width > a1) searchPos += width;
    else if (searchPos + 1 > a1) searchPos++;
    else searchPos = a1;
  }
  return out + value.slice(lastMatchEnd);
}

function expandWord(word: string, scope: Scope, escape: string): Expansion {
  if (!/[$'"]/.test(word) && !word.includes(escape)) return { value: word, unresolved: [] };
  return new ShellWord(word, scope, escape).run();
}

// ---------------------------------------------------------------------------------------
// Sources

/** Whether `<<` occurs in text[from, to): a heredoc word (reHeredoc) needs one. */
function hasHeredocMarker(text: string, from: number, to: number): boolean {
  const at = text.indexOf('<<', from);
  return at >= 0 && at + 2 <= to;
}

/** reHeredoc + heredocFromMatch (parser.go): the heredoc name, or null */
function heredocName(token: string): string | null {
  const m = /^(\d*)<<(-?)([^<]*)$/.exec(token);
  if (!m || m[3] === '') return null;
  // quotes are removed (`<<"EOF"` names EOF); `$` stays literal (SkipUnsetEnv)
  const rest = m[3];
  let name = '';
  let quote = '';
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"' && i + 1 < rest.length && '"$\\'.includes(rest[i + 1])) name += rest[++i];
      else name += ch;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') {
      if (i + 1 < rest.length) name += rest[++i];
    } else if (isGoSpace(ch)) return null; // not a single word
    else name += ch;
  }
  if (quote) return null;
  return name === '' ? null : name;
}

/** BuildKit: gitutil.ParseGitRef (not IndistinguishableFromLocal) then urlutil.IsURL */
export function classifySource(s: string): 'path' | 'url' | 'git' {
  if (s.startsWith('./') || s.startsWith('../') || s.startsWith('github.com/')) return 'path';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(s);
  if (scheme) {
    const sc = scheme[1].toLowerCase();
    if (sc === 'git' || sc === 'ssh') return 'git';
    if (sc === 'http' || sc === 'https') {
      // an HTTP(S) URL is a git ref only when its path has the ".git" suffix
      const noFrag = s.split('#', 1)[0].split('?', 1)[0];
      const afterHost = noFrag.slice(scheme[0].length);
      const slash = afterHost.indexOf('/');
      const path = slash >= 0 ? afterHost.slice(slash) : '';
      return path.endsWith('.git') ? 'git' : 'url';
    }
    return 'path';
  }
  if (/^[a-zA-Z0-9_-]+@[a-zA-Z0-9.-]+:/.test(s)) return 'git';
  return 'path';
}

// ---------------------------------------------------------------------------------------
// RUN: user/group creation and package managers (best effort)

/** splits a shell script into simple commands (words keep their quotes) */
function shellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let cur: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) cur.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (cur.length) commands.push(cur);
    cur = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
    } else if (ch === '\n' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')' || ch === '`') {
      endCommand();
    } else if (ch === '#' && !inWord) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (ch === '\\') {
      if (script[i + 1] === '\n') i++;
      else {
        word += ch + (script[i + 1] ?? '');
        i++;
        inWord = true;
      }
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < script.length && script[j] !== ch) j += ch === '"' && script[j] === '\\' ? 2 : 1;
      word += script.slice(i, j + 1);
      i = j;
      inWord = true;
    } else if (ch === '$' && script[i + 1] === '(') {
      // command substitution: its content is a command of its own
      endCommand();
      i++;
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

const WRAPPERS = new Set(['sudo', 'exec', 'command', 'env', 'nohup', 'time', 'then', 'do', 'else', 'if', 'elif', 'while', 'until', '!', '{', '}']);

interface Opts {
  has(name: string): boolean;
  positionals: string[];
}

/** getopt_long-like parsing (options may follow operands, as with GNU getopt) */
function getopt(args: string[], shortWithArg: string, longWithArg: string[]): Opts {
  const seen = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      seen.add(name);
      if (eq < 0 && longWithArg.includes(name)) i++;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        seen.add(c);
        if (shortWithArg.includes(c)) {
          if (j === a.length - 1) i++;
          break;
        }
      }
    } else {
      positionals.push(a);
    }
  }
  return { has: (n) => seen.has(n), positionals };
}

function userCommand(cmd: string, args: string[]): { users: string[]; groups: string[] } | null {
  switch (cmd) {
    case 'useradd': {
      // shadow-utils; USERGROUPS_ENAB (default yes) creates a same-name group unless -g/-N
      const o = getopt(args, 'bcdefgGkKpPRsuZ', [
        'base-dir', 'comment', 'home-dir', 'home', 'expiredate', 'inactive', 'gid', 'groups', 'skel', 'key',
        'password', 'root', 'prefix', 'shell', 'uid', 'selinux-user', 'selinux-range',
      ]);
      const user = o.positionals[0];
      if (!user) return null;
      const ownGroup = o.has('U') || o.has('user-group') || !(o.has('g') || o.has('gid') || o.has('N') || o.has('no-user-group'));
      return { users: [user], groups: ownGroup ? [user] : [] };
    }
    case 'groupadd': {
      const o = getopt(args, 'gKpPRU', ['gid', 'key', 'password', 'root', 'prefix', 'users']);
      const group = o.positionals[0];
      return group ? { users: [], groups: [group] } : null;
    }
    case 'adduser': {
      // BusyBox: adduser [-h DIR] [-g GECOS] [-s SHELL] [-G GRP] [-S] [-D] [-H] [-k SKEL] [-u UID] USER [GROUP]
      // Debian:  adduser [--system] [--group] [--ingroup G] [--gid ID] ... USER  |  adduser USER GROUP
      const o = getopt(args, 'hgsGku', [
        'home', 'shell', 'ingroup', 'gid', 'uid', 'gecos', 'comment', 'conf', 'firstuid', 'lastuid', 'firstgid', 'lastgid',
      ]);
      if (o.positionals.length !== 1) return null; // none, or "add USER to GROUP"
      const name = o.positionals[0];
      const system = o.has('S') || o.has('system');
      const groupFlag = o.has('group');
      if (groupFlag && !system) return { users: [], groups: [name] }; // Debian: acts as addgroup
      const explicitGroup = o.has('G') || o.has('ingroup') || o.has('gid');
      // non-system users get a same-name group; system users get nogroup unless --group
      const ownGroup = !explicitGroup && (system ? groupFlag : true);
      return { users: [name], groups: ownGroup ? [name] : [] };
    }
    case 'addgroup': {
      // BusyBox: addgroup [-g GID] [-S] [USER] GROUP ; Debian: addgroup [--system] [--gid ID] GROUP
      const o = getopt(args, 'g', ['gid', 'conf', 'firstgid', 'lastgid']);
      if (o.positionals.length !== 1) return null;
      return { users: [], groups: [o.positionals[0]] };
    }
    default:
      return null;
  }
}

const PACKAGE_MANAGERS: Record<string, PackageManager> = {
  apk: 'apk',
  'apt-get': 'apt',
  apt: 'apt',
  aptitude: 'apt',
  dnf: 'dnf',
  dnf5: 'dnf',
  yum: 'yum',
  microdnf: 'microdnf',
};

function analyzeRun(script: string, scope: Scope): { users: string[]; groups: string[]; pm?: PackageManager; opaque?: string } {
  const users: string[] = [];
  const groups: string[] = [];
  let pm: PackageManager | undefined;
  let opaque: string | undefined = writesPasswd(script) ? 'writes /etc/passwd or /etc/group' : undefined;
  for (const raw of shellCommands(script)) {
    const words = raw.map((w) => {
      const x = expandWord(w, scope, '\\');
      return x.value ?? w;
    });
    let k = 0;
    while (k < words.length && (WRAPPERS.has(words[k]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(raw[k]))) k++;
    if (k >= words.length) continue;
    const cmd = words[k].slice(words[k].lastIndexOf('/') + 1);
    if (!pm && PACKAGE_MANAGERS[cmd]) pm = PACKAGE_MANAGERS[cmd];
    opaque ??= opaqueCommand(words[k], cmd, words.slice(k + 1)) ?? undefined;
    const created = userCommand(cmd, words.slice(k + 1));
    if (created) {
      // A name that stays a variable (`useradd $APP_USER`, set in the script) is some user
      // dockmend cannot name.
      const named = (n: string) => !n.includes('$');
      if (![...created.users, ...created.groups].every(named)) opaque ??= `runs ${cmd} with a name from a variable`;
      for (const u of created.users.filter(named)) if (!users.includes(u)) users.push(u);
      for (const g of created.groups.filter(named)) if (!groups.includes(g)) groups.push(g);
    } else if (USER_COMMANDS.has(cmd) && words.slice(k + 1).some((w) => w.includes('$'))) {
      opaque ??= `runs ${cmd} with a name from a variable`;
    }
  }
  return { users, groups, pm, ...(opaque ? { opaque } : {}) };
}

const USER_COMMANDS = new Set(['useradd', 'adduser', 'groupadd', 'addgroup']);
/** `>> /etc/passwd`, `tee -a /etc/group`, `sed -i … /etc/passwd`, `cp x /etc/passwd`. */
const PASSWD_WRITE = /(?:>>?\s*|\btee\b[^|;&\n]*\s|\bsed\b[^|;&\n]*\s-i[^|;&\n]*\s|\b(?:cp|mv|install|ln|chpasswd)\b[^|;&\n]*\s)['"]?\/etc\/(?:passwd|group)\b/;
/**
 * PASSWD_WRITE, tried only on a script that names /etc/passwd or /etc/group (it cannot match
 * another): its `[^|;&\n]*\s` runs are tried from every word on a line, which is slow on the
 * long RUN lines of a large repository.
 */
function writesPasswd(script: string): boolean {
  return (script.includes('/etc/passwd') || script.includes('/etc/group')) && PASSWD_WRITE.test(script);
}
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
/** A program in a `bin`/`sbin` directory (`/usr/bin/x`, `/opt/venv/bin/pip`): installed, not a script of the repository. */
const BIN_DIR = /(?:^|\/)s?bin\/[^/]+$/;
/** Build wrappers run from the source tree (`./configure`, `./gradlew`, `./mvnw`): they build, they do not create users. */
const BUILD_TOOLS = new Set(['configure', 'gradlew', 'mvnw']);

/**
 * Why a command may create users dockmend cannot name, or null: a script file (`./x.sh`,
 * `/setup.sh`, `sh x.sh`, `. x.sh`), or a shell given a script from a variable (`bash -c "$X"`).
 * Ordinary build commands (apt-get, pip, npm, make, `./configure`) are not.
 */
function opaqueCommand(word: string, cmd: string, args: string[]): string | null {
  if (BUILD_TOOLS.has(cmd)) return null;
  if (/\.(?:sh|bash)$/.test(cmd) || (word.includes('/') && !BIN_DIR.test(word))) return `runs the script ${word}`;
  if (cmd === 'source' || cmd === '.') return args[0] ? `runs the script ${args[0]}` : null;
  if (SHELLS.has(cmd)) {
    const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    if (c >= 0) return args[c + 1]?.includes('$') ? `runs ${cmd} -c with a script from a variable` : null;
    // `curl … | sh`, `bash -s -- args`: a script from stdin (an installer), not one of the repository.
    const file = args.find((a) => !a.startsWith('-'));
    if (args.some((a) => a === '-' || a === '-s' || a === '--') && args.indexOf(file ?? '') > args.findIndex((a) => a === '-' || a === '-s' || a === '--')) return null;
    return file ? `runs the script ${file}` : null;
  }
  return null;
}

const ARCHIVE = /\.(?:tar|tgz|tbz2?|txz|tzst|tar\.(?:gz|bz2|xz|zst|lz4))$/i;

/** Why a COPY/ADD may create users dockmend cannot name: into /etc/passwd|group, or a tree/archive onto `/`. */
function copyMayCreateUsers(copy: CopyInstruction): string | null {
  const dest = copy.destination?.value.trim();
  if (!dest) return null;
  const d = dest.replace(/\/+$/, '') || '/';
  const names = copy.sources.map((s) => (s.value ?? s.raw).replace(/\/+$/, ''));
  if (/^\/etc\/(?:passwd|group)$/.test(d)) return `${copy.keyword} writes ${d}`;
  if (d === '/etc' && names.some((n) => /(?:^|\/)(?:passwd|group)$/.test(n))) return `${copy.keyword} writes /etc/passwd or /etc/group`;
  if (d === '/etc' && names.some((n) => n === '.' || n === '' || /(?:^|\/)etc$/.test(n))) return `${copy.keyword} copies a tree onto /etc`;
  if (d === '/' && copy.keyword === 'ADD' && names.some((n) => ARCHIVE.test(n))) return 'ADD unpacks an archive onto /';
  if (d === '/' && !names.every((n) => n.includes('.') && !n.startsWith('.') && !n.includes('/'))) return `${copy.keyword} copies a tree onto /`;
  return null;
}

// ---------------------------------------------------------------------------------------
// The model

/** BuildKit's automatic platform ARGs (values known only at build time) */
const BUILTIN_ARGS = [
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE',
];

function emptyModel(): DockerfileModel {
  return {
    escapeChar: '\\',
    stages: [],
    copies: [],
    userCreations: [],
    opaqueUserSources: [],
    users: [],
    instructionCount: 0,
    globalArgs: new Map(),
    packageManagers: new Map(),
    runMounts: [],
    contextMounts: [],
  };
}

/** What dockmend reaches into dockerfile-ast's parser for (see parseInstructions). */
interface ParserInternals {
  document: { positionAt(offset: number): { line: number; character: number } };
  escapeChar: string;
  createInstruction(dockerfile: unknown, keyword: string, start: number, keywordEnd: number, end: number): Instruction;
  parse(text: string): Dockerfile;
}

/**
 * dockerfile-ast's own parse, except that every instruction but ONBUILD is made a plain
 * `Instruction`. Its keyword classes (Copy, Run, From, ...) tokenise their arguments, flags and
 * JSON form while being constructed, which is half of its parse time, and the model never asks
 * them: it re-derives all of that from the raw text, following BuildKit. The instruction list,
 * keywords, ranges, the escape directive and heredoc extents (found from the plain class's
 * whitespace-split arguments, as for the keyword classes of RUN/COPY/ADD in shell form) are
 * those of `DockerfileParser.parse`; `test/dockerfile-model.test.ts` checks that on every
 * Dockerfile of the fixtures. ONBUILD keeps its class: heredoc detection asks for its trigger.
 */
export function parseInstructions(text: string): Dockerfile {
  const parser = new Parser() as unknown as ParserInternals;
  const full = parser.createInstruction;
  parser.createInstruction = function (this: ParserInternals, dockerfile, keyword, start, keywordEnd, end) {
    if (keyword.toUpperCase() === 'ONBUILD') return full.call(this, dockerfile, keyword, start, keywordEnd, end);
    const startPosition = this.document.positionAt(start);
    const lineRange = { start: startPosition, end: this.document.positionAt(end) };
    const keywordRange = { start: startPosition, end: this.document.positionAt(keywordEnd) };
    return new Instruction(this.document as never, lineRange, dockerfile as never, this.escapeChar, keyword, keywordRange);
  };
  return parser.parse(text);
}

/** One instruction as the text alone decides it: what build args cannot change. */
export interface LexedInstruction {
  keyword: string;
  start: number;
  end: number;
  line: number;
  endLine: number;
  lg: Logical;
  split: Split;
  argsText: string;
}

/**
 * The instructions of a Dockerfile, before any variable is expanded. The same Dockerfile built
 * with different build args (one per compose service) is lexed once: see `lexed` in ParseOptions.
 */
export interface LexedDockerfile {
  escapeChar: string;
  instructions: LexedInstruction[];
}

export function lexDockerfile(text: string): LexedDockerfile {
  const df = parseInstructions(text);
  const esc = df.getEscapeCharacter() === '`' ? '`' : '\\';
  const offsets = new Offsets(text);
  const instructions: LexedInstruction[] = [];
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const range = ins.getRange();
    const start = offsets.at(range.start);
    const lg = buildLogical(text, start, esc);
    const split = splitCommand(lg.text);
    // The instruction ends with its logical line, or with its last heredoc body (whose extent
    // dockerfile-ast knows). parser.go: only RUN/COPY/ADD in shell form read heredoc bodies.
    // A heredoc word starts with `<<` (reHeredoc): without one, no word need be looked at.
    const heredocs =
      (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') &&
      hasHeredocMarker(lg.text, split.argsStart, split.argsEnd) &&
      !jsonStrings(lg.text, split.argsStart, split.argsEnd) &&
      whitespaceTokens(lg.text, split.argsStart, split.argsEnd).some((t) => heredocName(t.text) !== null);
    let end = heredocs ? Math.max(offsets.at(range.end), lg.end) : lg.end;
    while (end > start && isGoSpace(text[end - 1])) end--;
    const line = offsets.lineOf(start) + 1;
    const endLine = offsets.lineOf(Math.max(start, end - 1)) + 1;
    instructions.push({ keyword, start, end, line, endLine, lg, split, argsText: lg.text.slice(split.argsStart, split.argsEnd) });
  }
  return { escapeChar: esc, instructions };
}

/** A word of an instruction as written, with its file range (which may span a continuation). */
export interface InstructionWord {
  text: string;
  start: number;
  end: number;
}

/**
 * The instruction's keyword as written, its flags (`--from=x`), and its arguments split on
 * whitespace as parseStringsWhitespaceDelimited does (FROM, EXPOSE, MAINTAINER ...), each with its
 * file range.
 */
export function instructionWords(ins: LexedInstruction): { keyword: InstructionWord; flags: InstructionWord[]; args: InstructionWord[] } {
  const word = (t: Tok): InstructionWord => ({ text: t.text, ...fileRange(ins.lg, t.s, t.e) });
  const kwStart = ins.lg.text.search(/\S/);
  const kw = { text: ins.lg.text.slice(kwStart, kwStart + ins.split.cmd.length), s: kwStart, e: kwStart + ins.split.cmd.length };
  return {
    keyword: word(kw),
    flags: ins.split.flags.map(word),
    args: whitespaceTokens(ins.lg.text, ins.split.argsStart, ins.split.argsEnd).map(word),
  };
}

/** Parses a Dockerfile into stages, COPY/ADD instructions, user creations. Never throws. */
export function parseDockerfile(text: string, options: ParseOptions = {}): DockerfileModel {
  try {
    return parse(text, options);
  } catch {
    return emptyModel();
  }
}

function parse(text: string, options: ParseOptions): DockerfileModel {
  const buildArgs = options.buildArgs ?? {};
  const hasBuildArg = (name: string) => Object.prototype.hasOwnProperty.call(buildArgs, name);
  const lexed = options.lexed ?? lexDockerfile(text);
  const esc = lexed.escapeChar;

  const model = emptyModel();
  model.escapeChar = esc;
  model.instructionCount = lexed.instructions.length;

  // global scope: declared meta ARGs plus BuildKit's automatic platform ARGs
  const globalEnv = new Map<string, EnvValue>();
  for (const name of BUILTIN_ARGS) globalEnv.set(name, hasBuildArg(name) ? buildArgs[name] : UNKNOWN);
  const globalScope: Scope = { get: (n) => globalEnv.get(n) ?? UNSET };

  const stageEnvs: Map<string, EnvValue>[] = [];
  // Per stage: whether `\` is a path separator (a Windows image, or the backtick escape that
  // Windows Dockerfiles use so that `\` can be one): `COPY .\run.ps1 C:\` reads `run.ps1`.
  const windowsStages: boolean[] = [];
  const ownPm = new Map<number, PackageManager>();
  let stageIndex = -1;
  let env = new Map<string, EnvValue>();
  const stageScope: Scope = { get: (n) => env.get(n) ?? UNKNOWN };

  const expandOrRaw = (raw: string, scope: Scope) => {
    const x = expandWord(raw, scope, esc);
    return { value: x.value ?? raw, unresolved: x.unresolved };
  };

  for (const { keyword, start, end, line, endLine, lg, split, argsText } of lexed.instructions) {
    switch (keyword) {
      case 'FROM': {
        const toks = whitespaceTokens(lg.text, split.argsStart, split.argsEnd);
        if (toks.length === 0) break;
        stageIndex++;
        const imageRaw = toks[0].text;
        const image = expandOrRaw(imageRaw, globalScope).value;
        const stage: Stage = { index: stageIndex, image, imageRaw, start, end, line };
        if (toks.length === 3 && toks[1].text.toLowerCase() === 'as') stage.name = toks[2].text.toLowerCase();
        const platformFlag = split.flags.find((f) => flagName(f.text) === 'platform');
        const platformValue = platformFlag ? flagValue(platformFlag.text) : null;
        if (platformValue !== null) stage.platform = expandOrRaw(platformValue, globalScope).value;
        // dispatchStates.addState: FROM <earlier stage name> inherits its state
        const base = findStage(model.stages, image);
        if (base !== undefined) stage.baseStageIndex = base;
        model.stages.push(stage);
        windowsStages.push(esc === '`' || (base !== undefined ? windowsStages[base] : isWindowsImage(image)));
        env = base !== undefined ? new Map(stageEnvs[base]) : new Map();
        stageEnvs.push(env);
        break;
      }
      case 'ARG': {
        for (const word of parseWords(argsText, esc)) {
          const eq = word.indexOf('=');
          const name = eq >= 0 ? word.slice(0, eq) : word;
          const def = eq >= 0 ? word.slice(eq + 1) : undefined;
          if (!name) continue;
          if (stageIndex < 0) {
            // buildMetaArgs
            let v: EnvValue | undefined;
            if (hasBuildArg(name)) v = buildArgs[name];
            else if (def !== undefined) v = expandWord(def, globalScope, esc).value ?? UNKNOWN;
            if (v !== undefined) globalEnv.set(name, v);
            model.globalArgs.set(name, typeof v === 'string' ? v : undefined);
          } else {
            // dispatchArg
            let v: EnvValue | undefined;
            if (hasBuildArg(name)) v = buildArgs[name];
            else if (def !== undefined) v = expandWord(def, stageScope, esc).value ?? UNKNOWN;
            else if (globalEnv.has(name)) v = globalEnv.get(name);
            if (v !== undefined) env.set(name, v);
            else if (!env.has(name)) env.set(name, UNSET);
          }
        }
        break;
      }
      case 'ENV': {
        if (stageIndex < 0) break;
        const pairs = parseEnvPairs(argsText, esc);
        // all values of one ENV see the environment from before the instruction
        const before = new Map(env);
        const beforeScope: Scope = { get: (n) => before.get(n) ?? UNKNOWN };
        for (const { key, value } of pairs) {
          const k = expandWord(key, beforeScope, esc).value;
          if (!k) continue;
          env.set(k, expandWord(value, beforeScope, esc).value ?? UNKNOWN);
        }
        break;
      }
      case 'COPY':
      case 'ADD': {
        const copy = buildCopy(keyword, lg, split, { stageIndex, start, end, line, endLine }, stageScope, esc, model.stages, windowsStages[stageIndex] ?? esc === '`');
        model.copies.push(copy);
        const why = stageIndex >= 0 ? copyMayCreateUsers(copy) : null;
        if (why) model.opaqueUserSources.push({ stageIndex, line, why });
        break;
      }
      case 'RUN': {
        if (stageIndex < 0) break;
        for (const f of split.flags) {
          const v = flagName(f.text) === 'mount' ? flagValue(f.text) : null;
          // `--mount=type=bind,from=builder,source=/out,target=/in` (dockerfile2llb runmount.go: `from` names a stage, image or context)
          if (v === null || v === undefined) continue;
          // instructions/commands_runmount.go parseMount: keys and the type are lowercased.
          const options = new Map<string, string>();
          for (const kv of v.split(',')) {
            const eq = kv.indexOf('=');
            if (eq > 0) options.set(kv.slice(0, eq).trim().toLowerCase(), kv.slice(eq + 1).trim());
          }
          const from = options.get('from');
          if (!from) {
            const type = (options.get('type') ?? 'bind').toLowerCase();
            const source = options.get('source') ?? options.get('src') ?? '';
            if (type.includes('$') || source.includes('$')) model.contextMounts.push({ stageIndex, line, source: null });
            else if (type !== 'cache' && type !== 'secret' && type !== 'ssh') model.contextMounts.push({ stageIndex, line, source });
            continue;
          }
          const mount: RunMount = { stageIndex, line, from };
          const n = /^\d+$/.test(from) ? Number(from) : findStage(model.stages, from.toLowerCase());
          if (n !== undefined && n < stageIndex) mount.fromStageIndex = n;
          model.runMounts.push(mount);
        }
        let script = argsText;
        const json = jsonStrings(lg.text, split.argsStart, split.argsEnd);
        if (json) script = json.map((t) => t.text).join(' ');
        else if (end > lg.next) script += '\n' + text.slice(lg.next, end); // heredoc bodies
        const r = analyzeRun(script, stageScope);
        if (r.pm && !ownPm.has(stageIndex)) ownPm.set(stageIndex, r.pm);
        if (r.users.length || r.groups.length) {
          model.userCreations.push({ stageIndex, line, users: r.users, groups: r.groups });
        }
        if (r.opaque) model.opaqueUserSources.push({ stageIndex, line, why: r.opaque });
        break;
      }
      case 'USER': {
        const value = argsText.trim();
        if (value) model.users.push({ stageIndex, line, value });
        break;
      }
      default:
        break;
    }
  }

  for (const stage of model.stages) {
    const own = ownPm.get(stage.index);
    const inherited = stage.baseStageIndex !== undefined ? model.packageManagers.get(stage.baseStageIndex) : undefined;
    model.packageManagers.set(stage.index, own ?? inherited ?? 'unknown');
  }
  return model;
}

/** Windows base images: `mcr.microsoft.com/windows/*`, Server Core, Nano Server (and `microsoft/` ones). */
export function isWindowsImage(image: string): boolean {
  return /nanoserver|servercore|mcr\.microsoft\.com\/windows|(?:^|\/)windows(?:[/:]|$)/i.test(image);
}

export function flagName(word: string): string {
  const body = word.startsWith('--') ? word.slice(2) : word;
  const eq = body.indexOf('=');
  return eq >= 0 ? body.slice(0, eq) : body;
}

export function flagValue(word: string): string | null {
  const eq = word.indexOf('=');
  return eq >= 0 ? word.slice(eq + 1) : null;
}

/** dispatchStates.statesByName: stage names are stored lowercased, looked up as written */
export function findStage(stages: Stage[], name: string): number | undefined {
  for (let i = stages.length - 1; i >= 0; i--) if (stages[i].name !== undefined && stages[i].name === name) return i;
  return undefined;
}

/** parseNameVal for ENV: `KEY=value ...` or the legacy `KEY value with spaces` */
function parseEnvPairs(rest: string, esc: string): { key: string; value: string }[] {
  const words = parseWords(rest, esc);
  if (words.length === 0) return [];
  if (!words[0].includes('=')) {
    const m = /[\t\v\f\r ]+/.exec(rest);
    if (!m) return [];
    return [{ key: rest.slice(0, m.index), value: rest.slice(m.index + m[0].length) }];
  }
  const pairs: { key: string; value: string }[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) return []; // Docker rejects the whole instruction
    pairs.push({ key: word.slice(0, eq), value: word.slice(eq + 1) });
  }
  return pairs;
}

function buildCopy(
  keyword: 'COPY' | 'ADD',
  lg: Logical,
  split: Split,
  where: { stageIndex: number; start: number; end: number; line: number; endLine: number },
  scope: Scope,
  esc: string,
  stages: Stage[],
  windows: boolean,
): CopyInstruction {
  const flags: Flag[] = split.flags.map((f) => ({
    name: flagName(f.text),
    value: flagValue(f.text),
    ...fileRange(lg, f.s, f.e),
  }));
  const copy: CopyInstruction = {
    keyword,
    stageIndex: where.stageIndex,
    start: where.start,
    end: where.end,
    line: where.line,
    endLine: where.endLine,
    flags,
    sources: [],
    json: false,
  };
  const expanded = (raw: string, range: { start: number; end: number }): ExpandedValue => {
    const x = expandWord(raw, scope, esc);
    return { value: x.value ?? raw, raw, unresolved: x.unresolved, start: range.start, end: range.end };
  };
  const fromFlag = flags.find((f) => f.name === 'from');
  if (fromFlag && fromFlag.value !== null) {
    copy.from = expanded(fromFlag.value, fromFlag);
    const v = copy.from.value;
    if (/^\d+$/.test(v)) {
      const n = Number(v);
      if (n < where.stageIndex) copy.fromStageIndex = n;
    } else {
      const lower = v.toLowerCase();
      for (let i = Math.min(where.stageIndex, stages.length) - 1; i >= 0; i--) {
        if (stages[i].name === lower) {
          copy.fromStageIndex = i;
          break;
        }
      }
    }
  }
  const chownFlag = flags.find((f) => f.name === 'chown');
  if (chownFlag && chownFlag.value !== null) copy.chown = expanded(chownFlag.value, chownFlag);

  let toks = jsonStrings(lg.text, split.argsStart, split.argsEnd);
  if (toks) copy.json = true;
  else toks = whitespaceTokens(lg.text, split.argsStart, split.argsEnd);
  if (toks.length === 0) return copy;

  const last = toks[toks.length - 1];
  copy.destination = expanded(last.text, fileRange(lg, last.s, last.e));
  for (const tok of toks.slice(0, -1)) {
    const range = fileRange(lg, tok.s, tok.e);
    const heredoc = tok.text.includes('<<') ? heredocName(tok.text) : null;
    if (heredoc !== null) {
      copy.sources.push({ raw: tok.text, value: heredoc, unresolved: [], ...range, kind: 'heredoc', hasWildcard: false });
      continue;
    }
    const x = expandWord(tok.text, scope, esc);
    const kind = classifySource(x.value ?? tok.text);
    // On Windows `\` separates path segments; the context is read with `/` (BuildKit normalises
    // Windows sources to slashes before matching them), so it is no wildcard escape there.
    if (windows && kind === 'path' && x.value !== null) x.value = x.value.replace(/\\/g, '/');
    copy.sources.push({
      raw: tok.text,
      value: x.value,
      unresolved: x.unresolved,
      ...range,
      kind,
      hasWildcard: x.value !== null && kind === 'path' && containsWildcards(x.value),
    });
  }
  return copy;
}

/**
 * ProcessWord (shell/lex.go) of a FROM word against the global ARGs: `values` maps a name to its
 * value (undefined = declared without one); other names are unknown. `value` is null when an
 * unknown name decides the result; `unresolved` lists the unknown names the word reads.
 */
export function expandGlobalWord(word: string, values: Map<string, string | undefined>, esc: string): { value: string | null; unresolved: string[] } {
  const scope = (emptyAsUnset: boolean): Scope => ({
    get: (n) => {
      if (!values.has(n)) return UNKNOWN;
      const v = values.get(n);
      return v !== undefined ? v : emptyAsUnset ? UNSET : '';
    },
  });
  const first = expandWord(word, scope(true), esc);
  if (first.value !== null || first.error) return { value: first.value, unresolved: first.unresolved };
  // `$X` of a declared ARG with no value expands to '' (lookupPlain leaves it unresolved).
  const declaredOnly = first.unresolved.every((n) => values.has(n));
  if (!declaredOnly) return { value: null, unresolved: first.unresolved.filter((n) => !values.has(n)) };
  return { value: expandWord(word, scope(false), esc).value, unresolved: [] };
}
