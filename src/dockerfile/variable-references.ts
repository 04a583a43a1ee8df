// The variables a Dockerfile word looks up when BuildKit expands it, with their positions.
// shell/lex.go: every `$NAME` and `${NAME…}` outside single quotes and not escaped is looked up
// (`getEnv`), including the name of `${NAME:-default}` and the variables inside `default`, which
// are processed before the modifier applies; a name not in the environment is an "unmatched"
// variable, which dockerfile2llb reports as UndefinedVar.

export interface VariableReference {
  name: string;
  /** Offsets of the name (without `$`/`${`) in the scanned text. */
  start: number;
  end: number;
}

const isNameStart = (ch: string) => /^[\p{L}_]$/u.test(ch);
const isNameChar = (ch: string) => /^[\p{L}\p{Nd}_]$/u.test(ch);

/**
 * The variable references in `text[from, to)`. Positional (`$1`) and special (`$@`, `$$`)
 * parameters are left out: they never name a Dockerfile variable.
 */
export function variableReferences(text: string, from: number, to: number, esc: string): VariableReference[] {
  const refs: VariableReference[] = [];
  let inDouble = false;
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch === esc) {
      // An escaped character is literal (`\$HOME`); in double quotes only `"`, `$` and the
      // escape itself are escaped, which covers `$` too.
      i++;
      continue;
    }
    if (ch === "'" && !inDouble) {
      const close = text.indexOf("'", i + 1);
      if (close < 0 || close >= to) break;
      i = close;
      continue;
    }
    if (ch === '"') {
      inDouble = !inDouble;
      continue;
    }
    if (ch !== '$') continue;
    const braced = text[i + 1] === '{';
    const at = i + (braced ? 2 : 1);
    if (at >= to || !isNameStart(text[at]!)) continue;
    let end = at + 1;
    while (end < to && isNameChar(text[end]!)) end++;
    refs.push({ name: text.slice(at, end), start: at, end });
    i = end - 1;
  }
  return refs;
}

/**
 * Word boundaries as BuildKit splits `ARG`/`ENV` arguments (parseWords: whitespace outside
 * quotes, the escape character keeping the next one), as `[start, end)` offsets in `text`.
 */
export function wordSpans(text: string, from: number, to: number, esc: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = -1;
  let quote = '';
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (start < 0) {
      if (/\s/.test(ch)) continue;
      start = i;
    }
    if (quote) {
      if (ch === esc && quote === '"' && i + 1 < to) i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === esc && i + 1 < to) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (/\s/.test(ch)) {
      spans.push({ start, end: i });
      start = -1;
    }
  }
  if (start >= 0) spans.push({ start, end: to });
  return spans;
}
