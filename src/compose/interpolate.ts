// Compose variable interpolation, a faithful port of compose-go's `template` package (v2, as
// vendored by docker/buildx and tilt-dev/tilt: vendor/github.com/compose-spec/compose-go/v2/
// template/template.go) and of the error wording of compose-go `interpolation/interpolation.go`.
// Tests: template/template_test.go (cited case by case in test/compose-interpolate.test.ts).
//
// How compose-go works, and what this file mirrors step by step:
//
// - One regexp, applied with ReplaceAllStringFunc:
//     \$(?i:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*)|{(?:(?P<braced>[_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|(?P<invalid>)))
//   So `$$` is a literal `$`; `$NAME` is a lookup; `${` must be followed by a name, optionally an
//   operator and anything (`.*`, greedy, never across `\n`) up to the LAST `}` of the line,
//   otherwise the bare `${` is an invalid template. A `$` followed by anything else (`$1`, `$}`,
//   `$ `, a trailing `$`) is not matched at all and stays a literal `$` (template_test.go
//   TestUnescaped: "a $ string", "^REGEX$", "$}", "$").
// - Because `.*` is greedy, a braced match can swallow later expressions on the same line
//   (`${A:-x} ${B}` is ONE match). getFirstBraceClosingIndex then cuts the match at the `}`
//   that balances the first `{` (it counts every `{`, and skips the character after each `{`),
//   the part after it (`rest`) is substituted recursively and appended.
// - The operator is the separator (`:?`, `?`, `:-`, `-`, `:+`, `+`) occurring first in the
//   (uncut) match; the braced text is split at its first occurrence (`partition`).
// - The operand (default / error message / alternative) is ALWAYS substituted, before the
//   variable is even looked up: nested unset variables are warned about and nested errors
//   (invalid syntax, missing required variables) fail the expression even when the operand is
//   not used (`${SET:-${UNSET?boom}}` fails).
// - Errors: the first one wins; a failing braced expression yields "" and its `rest` is not
//   substituted; later matches at the same level still are.
//
// Offsets here are UTF-16 indices into the JavaScript string (Go works on bytes; all the
// syntax characters are ASCII, so the two agree on every decision).

export type Lookup = (name: string) => string | undefined; // undefined = unset

export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

export interface VariableUse {
  name: string;
  /** Offsets of the whole `${...}` / `$VAR` expression in the template string. */
  start: number;
  end: number;
  form: '$VAR' | '${VAR}' | Operator;
  /** ':-' or '-' forms. */
  hasDefault: boolean;
  /** ':?' or '?' forms. */
  required: boolean;
  /** Raw default / error / alternative text (not substituted). */
  operand?: string;
  /** Offsets of `operand` in the template string. */
  operandStart?: number;
  operandEnd?: number;
  /** 0 for a top-level expression, 1 inside another expression's operand, and so on. */
  depth: number;
}

export interface RequiredMissing {
  name: string;
  /** Compose's message: `required variable X is missing a value: <err>` (no `: <err>` when err is empty). */
  message: string;
  /** The (substituted) error text given in the template, possibly empty. */
  reason: string;
}

export type InterpolationResult =
  | { ok: true; value: string; uses: VariableUse[]; unset: string[]; requiredMissing: RequiredMissing[] }
  | {
      ok: false;
      /** The offending template, as Compose prints it under `invalidInterpolationMessage(key)`: the
       * text handed to the (possibly nested) substitution call that met the invalid `${`. */
      error: string;
      /** Offset in the template of the `${` that could not be parsed. */
      offset: number;
    };

// ---------------------------------------------------------------------------------------------
// Messages (exact Compose wording)

/**
 * compose-go interpolation.go newPathError: `invalid interpolation format for <path>.\nYou may
 * need to escape any $ with another $.\n<template>`. Pass `template` to get the full message
 * with its last line; without it the message stops after the advice.
 */
export function invalidInterpolationMessage(key: string, template?: string): string {
  const head = `invalid interpolation format for ${key}.\nYou may need to escape any $ with another $.`;
  return template === undefined ? head : `${head}\n${template}`;
}

/** template.go MissingRequiredError.Error(). */
export function requiredVariableMessage(name: string, reason: string): string {
  return reason !== '' ? `required variable ${name} is missing a value: ${reason}` : `required variable ${name} is missing a value`;
}

/** interpolation.go newPathError for errors other than invalid syntax (e.g. a missing required variable). */
export function interpolationErrorMessage(key: string, message: string): string {
  return `error while interpolating ${key}: ${message}`;
}

/** template.go: logrus.Warnf("The %q variable is not set. Defaulting to a blank string.", name). */
export function unsetVariableWarning(name: string): string {
  return `The ${goQuote(name)} variable is not set. Defaulting to a blank string.`;
}

/** template.go InvalidTemplateError.Error(): `Invalid template: %#v` (what the .env parser reports). */
export function invalidTemplateMessage(template: string): string {
  return `Invalid template: ${goQuote(template)}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing (the part of compose-go's algorithm that does not depend on the environment)

// (?i)[_a-z] in Go's RE2 also matches U+017F (ſ) and U+212A (Kelvin sign), which fold to s / k.
const NAME_START = '_a-zA-Z\\u017F\\u212A';
const NAME_CHAR = `${NAME_START}0-9`;
const NAME = `[${NAME_START}][${NAME_CHAR}]*`;
// Go's `.` is any character but `\n` (JavaScript's `.` also stops at \r, \u2028, \u2029).
const PATTERN_SOURCE = `\\$(?:(\\$)|(${NAME})|\\{(?:(${NAME}(?::?[-+?][^\\n]*)?)\\}|()))`;
const NAME_RE = new RegExp(`^${NAME}$`);

const SEPARATORS: readonly Operator[] = [':?', '?', ':-', '-', ':+', '+'];

type Item =
  | { kind: 'escaped'; start: number; end: number }
  | { kind: 'named'; name: string; start: number; end: number }
  | {
      kind: 'braced';
      name: string;
      start: number;
      /** End of the `${...}` expression (after the balancing `}`). */
      end: number;
      op?: Operator;
      operandRaw?: string;
      operand?: Seq;
      /** Text after the balancing `}` that the greedy match swallowed; substituted recursively. */
      rest: Seq;
    }
  | { kind: 'invalid'; start: number; end: number };

interface Seq {
  text: string;
  /** Offset of `text` in the top-level template. */
  base: number;
  /** Matches within `text`, in order; the text between them is copied verbatim. */
  items: { index: number; length: number; item: Item }[];
  depth: number;
}

/** template.go getFirstBraceClosingIndex (v2: counts every `{` and skips the character after it). */
function firstBraceClosingIndex(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

/** template.go getSubstitutionFunctionForTemplate: the separator found earliest in the match. */
function chooseSeparator(match: string): Operator | undefined {
  let best: Operator | undefined;
  let bestIdx = Infinity;
  for (const sep of SEPARATORS) {
    const idx = match.indexOf(sep);
    if (idx >= 0 && idx < bestIdx) {
      best = sep;
      bestIdx = idx;
    }
  }
  return best;
}

/**
 * Parsed templates by text. A compose file repeats its values (`${TAG:-latest}`), and every rule
 * and every fix pass interpolates them again; a parse is read-only, so it is shared. Bounded, so
 * that a huge generated file cannot grow it without end.
 */
const templates = new Map<string, Seq>();
const MAX_TEMPLATES = 20_000;
/** Longer values (a script in `command:`) are parsed each time rather than kept. */
const MAX_TEMPLATE_LENGTH = 1024;

function templateOf(template: string): Seq {
  let seq = templates.get(template);
  if (!seq) {
    seq = parseSeq(template, 0, 0);
    if (template.length <= MAX_TEMPLATE_LENGTH) {
      // Full: start again rather than stop caching (a long-lived process meets many projects).
      if (templates.size >= MAX_TEMPLATES) templates.clear();
      templates.set(template, seq);
    }
  }
  return seq;
}

function parseSeq(text: string, base: number, depth: number): Seq {
  const re = new RegExp(PATTERN_SOURCE, 'g');
  const items: Seq['items'] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const index = m.index;
    const matched = m[0];
    const start = base + index;
    let item: Item;
    if (m[1] !== undefined) {
      item = { kind: 'escaped', start, end: start + 2 };
    } else if (m[2] !== undefined) {
      item = { kind: 'named', name: m[2], start, end: start + matched.length };
    } else if (m[3] !== undefined) {
      // DefaultReplacementAppliedFunc: choose the operator on the whole match, cut the match at
      // its balancing brace, re-match the cut part for the braced group.
      const op = chooseSeparator(matched);
      const closing = firstBraceClosingIndex(matched);
      let sub = matched;
      let rest = '';
      if (closing > -1) {
        rest = matched.slice(closing + 1);
        sub = matched.slice(0, closing + 1);
      }
      const content = sub.slice(2, sub.length - 1);
      const restSeq = parseSeq(rest, start + sub.length, depth);
      const sepAt = op === undefined ? -1 : content.indexOf(op);
      if (op !== undefined && sepAt >= 0) {
        const name = content.slice(0, sepAt);
        const operandRaw = content.slice(sepAt + op.length);
        const operandBase = start + 2 + sepAt + op.length;
        item = {
          kind: 'braced',
          name,
          start,
          end: start + sub.length,
          op,
          operandRaw,
          operand: parseSeq(operandRaw, operandBase, depth + 1),
          rest: restSeq,
        };
      } else {
        // Not reachable with the default pattern (the operator always follows the name), kept
        // for fidelity: compose-go then looks the whole braced text up as a name.
        item = { kind: 'braced', name: content, start, end: start + sub.length, rest: restSeq };
      }
    } else {
      item = { kind: 'invalid', start, end: start + matched.length };
    }
    items.push({ index, length: matched.length, item });
  }
  return { text, base, items, depth };
}

interface Invalid {
  template: string;
  offset: number;
}

function firstInvalid(seq: Seq): Invalid | undefined {
  for (const { item } of seq.items) {
    if (item.kind === 'invalid') return { template: seq.text, offset: item.start };
    if (item.kind === 'braced') {
      const inner = (item.operand && firstInvalid(item.operand)) ?? firstInvalid(item.rest);
      if (inner) return inner;
    }
  }
  return undefined;
}

function collectUses(seq: Seq, out: VariableUse[]): void {
  for (const { item } of seq.items) {
    if (item.kind === 'named') {
      out.push({ name: item.name, start: item.start, end: item.end, form: '$VAR', hasDefault: false, required: false, depth: seq.depth });
    } else if (item.kind === 'braced') {
      const use: VariableUse = {
        name: item.name,
        start: item.start,
        end: item.end,
        form: item.op ?? '${VAR}',
        hasDefault: item.op === ':-' || item.op === '-',
        required: item.op === ':?' || item.op === '?',
        depth: seq.depth,
      };
      if (item.op !== undefined && item.operand) {
        use.operand = item.operandRaw;
        use.operandStart = item.operand.base;
        use.operandEnd = item.operand.base + item.operand.text.length;
      }
      out.push(use);
      if (item.operand) collectUses(item.operand, out);
      collectUses(item.rest, out);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type SubstitutionError =
  | { kind: 'invalid'; template: string; offset: number }
  | { kind: 'required'; name: string; reason: string; message: string };

export interface SubstitutionResult {
  /** What compose-go's Substitute returns (failed expressions contribute ""). */
  value: string;
  /** The error compose-go's Substitute returns (the first one met), if any. */
  error?: SubstitutionError;
  /** Names warned about as unset, in order, without duplicates. */
  unset: string[];
  /** Every missing required variable met (the first is the one Compose reports). */
  requiredMissing: RequiredMissing[];
}

interface EvalCtx {
  lookup: Lookup;
  unset: string[];
  requiredMissing: RequiredMissing[];
}

function lookupPlain(name: string, ctx: EvalCtx): string {
  const v = ctx.lookup(name);
  if (v === undefined) {
    if (!ctx.unset.includes(name)) ctx.unset.push(name);
    return '';
  }
  return v;
}

function evalSeq(seq: Seq, ctx: EvalCtx): { value: string; error?: SubstitutionError } {
  let out = '';
  let last = 0;
  let error: SubstitutionError | undefined;
  for (const { index, length, item } of seq.items) {
    out += seq.text.slice(last, index);
    last = index + length;
    const r = evalItem(item, seq, ctx);
    if (r.error && error === undefined) error = r.error;
    out += r.value;
  }
  out += seq.text.slice(last);
  return error ? { value: out, error } : { value: out };
}

function evalItem(item: Item, seq: Seq, ctx: EvalCtx): { value: string; error?: SubstitutionError } {
  switch (item.kind) {
    case 'escaped':
      return { value: '$' };
    case 'named':
      return { value: lookupPlain(item.name, ctx) };
    case 'invalid':
      // InvalidTemplateError{} gets the template of the Substitute call it surfaced in.
      return { value: '', error: { kind: 'invalid', template: seq.text, offset: item.start } };
    case 'braced': {
      if (item.op === undefined || item.operand === undefined) {
        // Plain ${VAR}: no substitution function applies, compose-go looks the name up and
        // drops `rest` (which is always empty for this form).
        return { value: lookupPlain(item.name, ctx) };
      }
      const operand = evalSeq(item.operand, ctx);
      if (operand.error) return { value: '', error: operand.error };
      const v = ctx.lookup(item.name);
      let value: string;
      switch (item.op) {
        case ':-':
          value = v === undefined || v === '' ? operand.value : v;
          break;
        case '-':
          value = v === undefined ? operand.value : v;
          break;
        case ':+':
          value = v !== undefined && v !== '' ? operand.value : (v ?? '');
          break;
        case '+':
          value = v !== undefined ? operand.value : '';
          break;
        case ':?':
        case '?': {
          if (v === undefined || (item.op === ':?' && v === '')) {
            const missing: RequiredMissing = { name: item.name, reason: operand.value, message: requiredVariableMessage(item.name, operand.value) };
            ctx.requiredMissing.push(missing);
            return { value: '', error: { kind: 'required', ...missing } };
          }
          value = v;
          break;
        }
      }
      const rest = evalSeq(item.rest, ctx);
      if (rest.error) return { value: '', error: rest.error };
      return { value: value + rest.value };
    }
  }
}

/**
 * compose-go `template.Substitute`, result and error as it returns them, plus the warnings it
 * logs. Use this when the exact Go behaviour matters (the .env parser does); `interpolate`
 * is the friendlier wrapper.
 */
export function substitute(template: string, lookup: Lookup): SubstitutionResult {
  const ctx: EvalCtx = { lookup, unset: [], requiredMissing: [] };
  const r = evalSeq(templateOf(template), ctx);
  const result: SubstitutionResult = { value: r.value, unset: ctx.unset, requiredMissing: ctx.requiredMissing };
  if (r.error) result.error = r.error;
  return result;
}

/**
 * Interpolate one string value of a compose file. An invalid `${` anywhere (including inside a
 * default, or after an expression whose failure would stop Compose before reaching it) makes
 * the result `ok: false`; missing required variables are reported in `requiredMissing` (Compose
 * fails with `interpolationErrorMessage(key, requiredMissing[0].message)`).
 */
export function interpolate(template: string, lookup: Lookup): InterpolationResult {
  const seq = templateOf(template);
  const invalid = firstInvalid(seq);
  if (invalid) return { ok: false, error: invalid.template, offset: invalid.offset };
  const ctx: EvalCtx = { lookup, unset: [], requiredMissing: [] };
  const r = evalSeq(seq, ctx);
  const uses: VariableUse[] = [];
  collectUses(seq, uses);
  return { ok: true, value: r.value, uses, unset: ctx.unset, requiredMissing: ctx.requiredMissing };
}

/** Every variable referenced (including nested ones inside defaults), without evaluating. */
export function variableUses(template: string): VariableUse[] | { error: string; offset: number } {
  const seq = templateOf(template);
  const invalid = firstInvalid(seq);
  if (invalid) return { error: invalid.template, offset: invalid.offset };
  const uses: VariableUse[] = [];
  collectUses(seq, uses);
  return uses;
}

/** True when the string contains anything compose-go would substitute (or reject). */
export function hasInterpolation(template: string): boolean {
  return template.includes('$') && new RegExp(PATTERN_SOURCE).test(template);
}

/** `$` → `$$`, so that the text survives interpolation unchanged. */
export function escapeInterpolation(text: string): string {
  return text.replaceAll('$', '$$$$');
}

/** A valid variable name for Compose interpolation (`[_a-zA-Z][_a-zA-Z0-9]*`). */
export function isVariableName(name: string): boolean {
  return NAME_RE.test(name);
}

// ---------------------------------------------------------------------------------------------
// Go's strconv.Quote, for messages that embed %q / %#v strings.

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}
