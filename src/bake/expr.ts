// Evaluating the HCL expressions of a Bake file where their value is static.
//
// The HCL parser (hcl2json, src/bake/hcl-parse.ts) returns every attribute value as JSON in
// which strings are HCL templates: a literal `"a"` stays `a`, `"pre-${FOO}"` stays as written
// and a bare expression `notequal(A, "")` becomes `${notequal(A, "")}`. Bake's JSON files are
// read the same way (HCL's JSON syntax treats strings as templates). This module evaluates
// those templates with Bake's variables, global attributes, user functions and the part of its
// standard library that Bake files commonly use (docker/buildx bake/hclparser/stdlib.go, on
// go-cty's stdlib). Anything else — an unknown function, a `for` expression, a reference it
// cannot follow — evaluates to UNKNOWN, which propagates: the caller checks what is known.

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | typeof UNKNOWN;

export interface UserFunction {
  params: string[];
  variadic?: string;
  /** The result expression, as hcl2json returns it (a template or JSON value). */
  result: unknown;
}

export interface Scope {
  /** A name in scope (a variable, global attribute, matrix value, function parameter); undefined = not defined. */
  lookup(name: string): Value | undefined;
  functions: ReadonlyMap<string, UserFunction>;
  /** How deep user functions call each other (a cycle is cut, as Bake refuses one). */
  depth?: number;
}

export function isUnknown(v: Value | undefined): boolean {
  if (v === UNKNOWN || v === undefined) return true;
  if (Array.isArray(v)) return v.some(isUnknown);
  if (v !== null && typeof v === 'object') return Object.values(v).some(isUnknown);
  return false;
}

/** Evaluate a JSON value from hcl2json (strings are templates) in a scope. */
export function evaluate(raw: unknown, scope: Scope): Value {
  if (typeof raw === 'string') return evaluateTemplate(raw, scope);
  if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) return raw;
  if (Array.isArray(raw)) return raw.map((r) => evaluate(r, scope));
  if (typeof raw === 'object') {
    const out: { [key: string]: Value } = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = evaluate(v, scope);
    return out;
  }
  return UNKNOWN;
}

/** A template string: literal text and `${…}` interpolations; `$${` and `%%{` are escapes. */
export function evaluateTemplate(text: string, scope: Scope): Value {
  try {
    const p = new Parser(text, scope);
    const { parts, stop } = p.template(null, false);
    if (stop !== null) return UNKNOWN;
    // A template that is one interpolation and nothing else keeps the value's type (HCL spec:
    // "a template consisting only of a single interpolation … returns the result unchanged").
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!.value;
    return joinParts(parts);
  } catch (e) {
    // Syntax this evaluator does not follow, or nesting deep enough to exhaust the stack.
    if (e instanceof Unsupported || e instanceof RangeError) return UNKNOWN;
    throw e;
  }
}

type Part = string | { value: Value };

function joinParts(parts: Part[]): Value {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else {
      const s = toStringValue(part.value);
      if (s === UNKNOWN) return UNKNOWN;
      out += s;
    }
  }
  return out;
}

/** go-cty conversion to string: numbers and bools convert, null/collections do not. */
export function toStringValue(v: Value): string | typeof UNKNOWN {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return UNKNOWN;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n);
}

/** Thrown for syntax this evaluator does not follow: the whole value becomes UNKNOWN. */
class Unsupported extends Error {}

type Token =
  | { kind: 'num'; value: number }
  | { kind: 'ident'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'quote' }
  | { kind: 'heredoc' }
  | { kind: 'eof' };

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '...', '=>', '(', ')', '[', ']', '{', '}', ',', '.', '?', ':', '!', '+', '-', '*', '/', '%', '<', '>', '='];

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly scope: Scope,
  ) {}

  /**
   * Literal text, interpolations and `%{if}` directives up to `end` (a closing quote) or the end
   * of the text; inside a directive (`nested`), up to its `%{else}` or `%{endif}`, which is
   * returned as `stop`. hcl2json writes a conditional inside a template as such a directive.
   */
  template(end: '"' | null, nested: boolean): { parts: Part[]; stop: 'else' | 'endif' | null } {
    const parts: Part[] = [];
    let lit = '';
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (end !== null && c === end) break;
      if (c === '$' && s[this.pos + 1] === '$' && s[this.pos + 2] === '{') {
        lit += '${';
        this.pos += 3;
        continue;
      }
      if (c === '%' && s[this.pos + 1] === '%' && s[this.pos + 2] === '{') {
        lit += '%{';
        this.pos += 3;
        continue;
      }
      if (c === '%' && s[this.pos + 1] === '{') {
        this.pos += 2;
        this.skipStrip();
        const kw = /^[a-z]+/.exec(s.slice(this.pos, this.pos + 8))?.[0];
        if (kw === 'else' || kw === 'endif') {
          if (!nested) throw new Unsupported('directive');
          this.pos += kw.length;
          this.skipStrip();
          this.expectOp('}');
          if (lit !== '') parts.push(lit);
          return { parts, stop: kw };
        }
        if (kw !== 'if') throw new Unsupported('template directive');
        this.pos += 2;
        const cond = this.expression();
        this.skipStrip();
        this.expectOp('}');
        const then = this.template(end, true);
        const otherwise = then.stop === 'else' ? this.template(end, true) : { parts: [], stop: then.stop };
        if (otherwise.stop !== 'endif') throw new Unsupported('unterminated directive');
        if (lit !== '') parts.push(lit);
        lit = '';
        parts.push({ value: typeof cond === 'boolean' ? joinParts(cond ? then.parts : otherwise.parts) : UNKNOWN });
        continue;
      }
      if (c === '$' && s[this.pos + 1] === '{') {
        this.pos += 2;
        this.skipStrip();
        if (lit !== '') parts.push(lit);
        lit = '';
        const value = this.expression();
        this.skipStrip();
        this.expectOp('}');
        parts.push({ value });
        continue;
      }
      if (end !== null && c === '\\') {
        lit += this.escape();
        continue;
      }
      lit += c;
      this.pos++;
    }
    if (lit !== '') parts.push(lit);
    if (nested) throw new Unsupported('unterminated directive');
    return { parts, stop: null };
  }

  /** `${~ x ~}` strip markers: whitespace stripping around an interpolation is not modelled. */
  private skipStrip(): void {
    this.space();
    if (this.src[this.pos] === '~') throw new Unsupported('strip marker');
  }

  private escape(): string {
    const s = this.src;
    const n = s[this.pos + 1];
    this.pos += 2;
    switch (n) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u': {
        const hex = s.slice(this.pos, this.pos + 4);
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        throw new Unsupported('escape');
    }
  }

  private space(): void {
    const s = this.src;
    for (;;) {
      while (this.pos < s.length && /\s/.test(s[this.pos]!)) this.pos++;
      if (s[this.pos] === '#' || (s[this.pos] === '/' && s[this.pos + 1] === '/')) {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (s[this.pos] === '/' && s[this.pos + 1] === '*') {
        const close = s.indexOf('*/', this.pos + 2);
        this.pos = close < 0 ? s.length : close + 2;
        continue;
      }
      return;
    }
  }

  private peek(): Token {
    const save = this.pos;
    const t = this.next();
    this.pos = save;
    return t;
  }

  private next(): Token {
    this.space();
    const s = this.src;
    if (this.pos >= s.length) return { kind: 'eof' };
    const c = s[this.pos]!;
    if (c === '"') {
      this.pos++;
      return { kind: 'quote' };
    }
    if (c === '<' && s[this.pos + 1] === '<') return { kind: 'heredoc' };
    const num = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(this.pos, this.pos + 64));
    if (num) {
      this.pos += num[0].length;
      return { kind: 'num', value: Number(num[0]) };
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(s.slice(this.pos, this.pos + 256));
    if (id) {
      this.pos += id[0].length;
      return { kind: 'ident', value: id[0] };
    }
    for (const op of OPS) {
      if (s.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { kind: 'op', value: op };
      }
    }
    throw new Unsupported(`character ${c}`);
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === value;
  }

  private expectOp(value: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.value !== value) throw new Unsupported(`expected ${value}`);
  }

  expression(): Value {
    const cond = this.binary(0);
    if (this.isOp('?')) {
      this.next();
      const a = this.expression();
      this.expectOp(':');
      const b = this.expression();
      if (cond === UNKNOWN || typeof cond !== 'boolean') return UNKNOWN;
      return cond ? a : b;
    }
    return cond;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Value {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !Parser.LEVELS[level]!.includes(t.value)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = applyBinary(t.value, left, right);
    }
  }

  private unary(): Value {
    if (this.isOp('!')) {
      this.next();
      const v = this.unary();
      return typeof v === 'boolean' ? !v : UNKNOWN;
    }
    if (this.isOp('-')) {
      this.next();
      const v = this.unary();
      return typeof v === 'number' ? -v : UNKNOWN;
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Value): Value {
    let v = base;
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.next();
        if (t.kind === 'ident') v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v[t.value] ?? UNKNOWN) : UNKNOWN;
        else if (t.kind === 'num') v = Array.isArray(v) ? (v[t.value] ?? UNKNOWN) : UNKNOWN;
        else throw new Unsupported('splat');
        continue;
      }
      if (this.isOp('[')) {
        this.next();
        if (this.isOp('*')) throw new Unsupported('splat');
        const key = this.expression();
        this.expectOp(']');
        if (Array.isArray(v) && typeof key === 'number') v = v[key] ?? UNKNOWN;
        else if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof key === 'string') v = v[key] ?? UNKNOWN;
        else v = UNKNOWN;
        continue;
      }
      return v;
    }
  }

  private primary(): Value {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return t.value;
      case 'quote': {
        const { parts, stop } = this.template('"', false);
        if (stop !== null || this.src[this.pos] !== '"') throw new Unsupported('unterminated string');
        this.pos++;
        return joinParts(parts);
      }
      case 'heredoc':
        throw new Unsupported('heredoc');
      case 'ident': {
        if (this.isOp('(')) {
          this.next();
          const args: Value[] = [];
          let expand = false;
          while (!this.isOp(')')) {
            args.push(this.expression());
            if (this.isOp('...')) {
              this.next();
              expand = true;
            }
            if (this.isOp(',')) this.next();
            else break;
          }
          this.expectOp(')');
          if (expand) {
            const last = args.pop();
            if (!Array.isArray(last)) return UNKNOWN;
            args.push(...last);
          }
          return this.call(t.value, args);
        }
        if (t.value === 'true') return true;
        if (t.value === 'false') return false;
        if (t.value === 'null') return null;
        if (t.value === 'for') throw new Unsupported('for expression');
        const v = this.scope.lookup(t.value);
        return v === undefined ? UNKNOWN : v;
      }
      case 'op':
        if (t.value === '(') {
          const v = this.expression();
          this.expectOp(')');
          return v;
        }
        if (t.value === '[') {
          if (this.peek().kind === 'ident' && (this.peek() as { value: string }).value === 'for') throw new Unsupported('for expression');
          const items: Value[] = [];
          while (!this.isOp(']')) {
            items.push(this.expression());
            if (this.isOp(',')) this.next();
            else break;
          }
          this.expectOp(']');
          return items;
        }
        if (t.value === '{') {
          if (this.peek().kind === 'ident' && (this.peek() as { value: string }).value === 'for') throw new Unsupported('for expression');
          const out: { [key: string]: Value } = {};
          let unknownKey = false;
          while (!this.isOp('}')) {
            const k = this.peek();
            let key: Value;
            if (k.kind === 'ident') {
              this.next();
              key = k.value;
            } else key = this.expression();
            const sep = this.next();
            if (sep.kind !== 'op' || (sep.value !== '=' && sep.value !== ':')) throw new Unsupported('object');
            const value = this.expression();
            const ks = toStringValue(key);
            if (ks === UNKNOWN) unknownKey = true;
            else out[ks] = value;
            if (this.isOp(',')) this.next();
          }
          this.expectOp('}');
          return unknownKey ? UNKNOWN : out;
        }
        throw new Unsupported(`operator ${t.value}`);
      default:
        throw new Unsupported('end of expression');
    }
  }

  private call(name: string, args: Value[]): Value {
    const user = this.scope.functions.get(name);
    if (user) return callUser(user, args, this.scope);
    const fn = STDLIB[name];
    if (!fn) return UNKNOWN;
    return fn(args);
  }
}

function callUser(fn: UserFunction, args: Value[], scope: Scope): Value {
  const depth = (scope.depth ?? 0) + 1;
  if (depth > 16) return UNKNOWN;
  const bound = new Map<string, Value>();
  fn.params.forEach((p, i) => bound.set(p, args[i] ?? UNKNOWN));
  if (fn.variadic !== undefined) bound.set(fn.variadic, args.slice(fn.params.length));
  else if (args.length !== fn.params.length) return UNKNOWN;
  // A function body sees its parameters and the file's variables (buildx util/userfunc: the
  // function's EvalContext is the parser's, with the parameters added).
  const inner: Scope = { lookup: (n) => (bound.has(n) ? bound.get(n) : scope.lookup(n)), functions: scope.functions, depth };
  return evaluate(fn.result, inner);
}

function applyBinary(op: string, a: Value, b: Value): Value {
  if (op === '&&' || op === '||') {
    // go-cty's And/Or need both operands known and boolean, except that a known deciding
    // operand decides (false && x, true || x) — HCL evaluates both sides anyway.
    if (op === '&&' && (a === false || b === false)) return false;
    if (op === '||' && (a === true || b === true)) return true;
    if (typeof a !== 'boolean' || typeof b !== 'boolean') return UNKNOWN;
    return op === '&&' ? a && b : a || b;
  }
  if (op === '==' || op === '!=') {
    if (isUnknown(a) || isUnknown(b)) return UNKNOWN;
    const eq = valuesEqual(a, b);
    return op === '==' ? eq : !eq;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === null || y === null) return UNKNOWN;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? UNKNOWN : x / y;
    case '%':
      return y === 0 ? UNKNOWN : x % y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
  }
  return UNKNOWN;
}

function toNumber(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(?:\.\d+)?$/.test(v)) return Number(v);
  return null;
}

/** go-cty equality: values of different types are not equal ("1" == 1 is false). */
function valuesEqual(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]!));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in (b as object) && valuesEqual((a as Record<string, Value>)[k]!, (b as Record<string, Value>)[k]!));
  }
  return a === b;
}

const str = (v: Value): string | null => {
  const s = toStringValue(v);
  return s === UNKNOWN ? null : s;
};

/** Flatten the arguments of a list function; null when one is not a known list. */
function lists(args: Value[]): Value[][] | null {
  const out: Value[][] = [];
  for (const a of args) {
    if (!Array.isArray(a)) return null;
    out.push(a);
  }
  return out;
}

/** Go's fmt verbs as go-cty's `format` supports them, for the common ones; others are unknown. */
function format(args: Value[]): Value {
  const spec = args[0];
  if (typeof spec !== 'string') return UNKNOWN;
  let i = 1;
  let out = '';
  for (let k = 0; k < spec.length; k++) {
    const c = spec[k]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const verb = spec[++k];
    if (verb === '%') {
      out += '%';
      continue;
    }
    const v = args[i++];
    if (v === undefined || isUnknown(v)) return UNKNOWN;
    if (verb === 's' || verb === 'v') {
      const s = str(v);
      if (s === null) return UNKNOWN;
      out += s;
    } else if (verb === 'd') {
      if (typeof v !== 'number' || !Number.isInteger(v)) return UNKNOWN;
      out += String(v);
    } else if (verb === 'q') {
      const s = str(v);
      if (s === null) return UNKNOWN;
      out += JSON.stringify(s);
    } else return UNKNOWN;
  }
  return out;
}

type Fn = (args: Value[]) => Value;

const STDLIB: Record<string, Fn> = {
  equal: ([a, b]) => applyBinary('==', a!, b!),
  notequal: ([a, b]) => applyBinary('!=', a!, b!),
  and: ([a, b]) => applyBinary('&&', a!, b!),
  or: ([a, b]) => applyBinary('||', a!, b!),
  not: ([a]) => (typeof a === 'boolean' ? !a : UNKNOWN),
  format,
  join: ([sep, ...rest]) => {
    const ls = lists(rest);
    if (typeof sep !== 'string' || ls === null) return UNKNOWN;
    const items = ls.flat().map(str);
    return items.some((s) => s === null) ? UNKNOWN : items.join(sep);
  },
  concat: (args) => {
    const ls = lists(args);
    return ls === null ? UNKNOWN : ls.flat();
  },
  split: ([sep, s]) => (typeof sep === 'string' && typeof s === 'string' ? s.split(sep) : UNKNOWN),
  upper: ([s]) => (typeof s === 'string' ? s.toUpperCase() : UNKNOWN),
  lower: ([s]) => (typeof s === 'string' ? s.toLowerCase() : UNKNOWN),
  trimspace: ([s]) => (typeof s === 'string' ? s.trim() : UNKNOWN),
  trimprefix: ([s, p]) => (typeof s === 'string' && typeof p === 'string' ? (s.startsWith(p) ? s.slice(p.length) : s) : UNKNOWN),
  trimsuffix: ([s, p]) => (typeof s === 'string' && typeof p === 'string' ? (p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s) : UNKNOWN),
  replace: ([s, a, b]) => (typeof s === 'string' && typeof a === 'string' && typeof b === 'string' && !(a.startsWith('/') && a.endsWith('/') && a.length > 1) ? s.split(a).join(b) : UNKNOWN),
  coalesce: (args) => {
    for (const a of args) {
      if (a === UNKNOWN) return UNKNOWN;
      if (a !== null && a !== '') return a;
    }
    return UNKNOWN;
  },
  contains: ([l, v]) => (Array.isArray(l) && !isUnknown(l) && !isUnknown(v) ? l.some((x) => valuesEqual(x, v!)) : UNKNOWN),
  length: ([v]) => (typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : v !== null && typeof v === 'object' ? Object.keys(v).length : UNKNOWN),
  tostring: ([v]) => (v === undefined ? UNKNOWN : toStringValue(v)),
  tonumber: ([v]) => {
    const n = v === undefined ? null : toNumber(v);
    return n === null ? UNKNOWN : n;
  },
  tobool: ([v]) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN),
  distinct: ([l]) => (Array.isArray(l) && !isUnknown(l) ? l.filter((x, i) => l.findIndex((y) => valuesEqual(x, y)) === i) : UNKNOWN),
  compact: ([l]) => (Array.isArray(l) && !isUnknown(l) ? l.filter((x) => x !== '' && x !== null) : UNKNOWN),
  flatten: ([l]) => (Array.isArray(l) ? l.flatMap((x) => (Array.isArray(x) ? x : [x])) : UNKNOWN),
  element: ([l, i]) => (Array.isArray(l) && l.length > 0 && typeof i === 'number' ? (l[i % l.length] ?? UNKNOWN) : UNKNOWN),
  merge: (args) => {
    const out: { [key: string]: Value } = {};
    for (const a of args) {
      if (a === null) continue;
      if (typeof a !== 'object' || Array.isArray(a)) return UNKNOWN;
      Object.assign(out, a);
    }
    return out;
  },
  lookup: ([m, k, d]) => (m !== null && typeof m === 'object' && !Array.isArray(m) && typeof k === 'string' ? (m[k] ?? d ?? UNKNOWN) : UNKNOWN),
  substr: ([s, off, len]) => {
    if (typeof s !== 'string' || typeof off !== 'number' || typeof len !== 'number') return UNKNOWN;
    const chars = [...s];
    const start = off < 0 ? chars.length + off : off;
    return chars.slice(start, len < 0 ? undefined : start + len).join('');
  },
};
