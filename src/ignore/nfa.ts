//
// A linear-time matcher for the regexps `.dockerignore` patterns compile to.
//
// Upstream matches with Go's regexp (RE2: an automaton, linear in the path's length). JS's
// RegExp backtracks: `*a*a*a*a*a*a*a*a*b` compiles to `^[^/]*a[^/]*a…[^/]*b$`, and on a name
// of many `a`s each extra `*` multiplies the work by the name's length (ten of them: ~1 s for
// one 30-character path, for every path of the context). A pattern with more than two unbounded
// repetitions is therefore run here instead, as a Thompson NFA (Russ Cox, "Regular Expression
// Matching Can Be Simple And Fast"; RE2's `pike` engine without captures): every input code
// point advances a set of states, so a test costs path length × program size. The sets met are
// interned as the states of a DFA built lazily, transitions cached per code point (RE2's DFA):
// after the first paths, a step is one map lookup. That needs closures that do not depend on
// the position, so it serves patterns whose only assertions are the leading `^` and a final
// `$` — every pattern `Pattern.compile` builds from `*`, `?`, `**` and classes; a `\b` or `^`
// written inside a pattern runs on the step-by-step simulation. Patterns with at most two
// repetitions (`**/*.pyc` and most real patterns) keep the native RegExp.

/** The parsed Go regexp (matcher.ts parses the subset `Pattern.compile` emits). */
export type RegexNode =
  | { t: 'lit'; cp: number }
  | { t: 'cls'; neg: boolean; ranges: Array<[number, number]>; props: string[] }
  | { t: 'dot' }
  | { t: 'bot' }
  | { t: 'eot' }
  | { t: 'wb' }
  | { t: 'nwb' }
  | { t: 'grp'; items: RegexNode[] }
  | { t: 'rep'; op: '*' | '+' | '?'; lazy: boolean; sub: RegexNode };

type Inst =
  | { op: 'char'; test: (cp: number) => boolean; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'assert'; kind: 'bot' | 'eot' | 'wb' | 'nwb'; next: number }
  | { op: 'match' };

/** Go's `\b` is ASCII-only, as is JS's without the `i` flag. */
function isWordChar(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || cp === 0x5f || (cp >= 0x61 && cp <= 0x7a);
}

/** Unbounded repetitions (`*`, `+`) in a pattern: the degree of backtracking's polynomial. */
export function unboundedRepetitions(items: readonly RegexNode[]): number {
  let n = 0;
  for (const node of items) {
    if (node.t === 'grp') n += unboundedRepetitions(node.items);
    else if (node.t === 'rep') n += (node.op === '?' ? 0 : 1) + unboundedRepetitions([node.sub]);
  }
  return n;
}

/** A state of the lazily built DFA: the NFA states (after closure), and its cached transitions. */
interface DfaState {
  pcs: number[];
  match: boolean;
  /** Transitions on ASCII, by code (paths are mostly ASCII: an array index, not a map lookup). */
  ascii: Array<DfaState | undefined>;
  next: Map<number, DfaState>;
}

/** DFA states kept per pattern at most. */
const MAX_DFA_STATES = 4096;

function hasAssertion(items: readonly RegexNode[]): boolean {
  return items.some((n) =>
    n.t === 'bot' || n.t === 'eot' || n.t === 'wb' || n.t === 'nwb' ? true : n.t === 'grp' ? hasAssertion(n.items) : n.t === 'rep' ? hasAssertion([n.sub]) : false,
  );
}

export class Nfa {
  private readonly prog: Inst[] = [];
  private readonly start: number;

  /**
   * `classTest` turns a class node into a one-code-point predicate (the caller knows how its
   * classes read, Unicode properties included). `loose`: zero-width assertions always hold
   * (used for "is this a prefix of some match").
   */
  constructor(
    items: readonly RegexNode[],
    classTest: (node: Extract<RegexNode, { t: 'cls' }>) => (cp: number) => boolean,
    private readonly loose = false,
  ) {
    const emit = (inst: Inst): number => this.prog.push(inst) - 1;
    // Compiles a sequence so that it continues at the instruction index `next` resolves to
    // once the sequence is done; returns the sequence's entry. Built back to front.
    const seq = (nodes: readonly RegexNode[], next: number): number => {
      for (let i = nodes.length - 1; i >= 0; i--) next = one(nodes[i], next);
      return next;
    };
    const one = (node: RegexNode, next: number): number => {
      switch (node.t) {
        case 'lit': {
          const cp = node.cp;
          return emit({ op: 'char', test: (c) => c === cp, next });
        }
        case 'dot':
          return emit({ op: 'char', test: (c) => c !== 0x0a, next }); // Go's '.' without DotNL
        case 'cls':
          return emit({ op: 'char', test: classTest(node), next });
        case 'bot':
        case 'eot':
        case 'wb':
        case 'nwb':
          return emit({ op: 'assert', kind: node.t, next });
        case 'grp':
          return seq(node.items, next);
        case 'rep': {
          // Lazy or greedy makes no difference to *whether* a match exists.
          if (node.op === '?') {
            const body = one(node.sub, next);
            return emit({ op: 'split', a: body, b: next });
          }
          // x* : L: split(body → L, next);  x+ : body → split(body, next)
          const loop = emit({ op: 'split', a: -1, b: next });
          const body = one(node.sub, loop);
          (this.prog[loop] as { a: number }).a = body;
          return node.op === '*' ? loop : body;
        }
      }
    };
    const match = emit({ op: 'match' });
    // The DFA shape: `^` first, maybe `$` last, no other assertion (any, when loose).
    const anchoredStart = items[0]?.t === 'bot';
    const anchoredEnd = items.length > 1 && items[items.length - 1]!.t === 'eot';
    const middle = items.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
    if (loose || (anchoredStart && !hasAssertion(middle))) {
      this.dfa = { anchoredEnd: !loose && anchoredEnd, states: new Map(), start: null };
      this.start = seq(loose ? items : middle, match);
    } else this.start = seq(items, match);
  }

  /** Set for the DFA shape: whether the pattern ends in `$`, the interned states, the start state. */
  private readonly dfa: { anchoredEnd: boolean; states: Map<string, DfaState>; start: DfaState | null } | null = null;

  /** JS `RegExp.prototype.test`: a match starting and ending anywhere. */
  test(s: string): boolean {
    if (this.dfa) return this.runDfa(s, this.dfa.anchoredEnd ? (p) => p === s.length : () => true);
    return this.run(s, () => true);
  }

  /**
   * A match (starting anywhere) that ends where a path component ends: at the end of `s` or
   * just before a '/' (the regexp followed by `(?=/|$)`).
   */
  testEndingAtComponent(s: string): boolean {
    if (this.dfa && !this.dfa.anchoredEnd) return this.runDfa(s, (p) => p === s.length || s.charCodeAt(p) === 0x2f);
    return this.run(s, (p) => p === s.length || s.charCodeAt(p) === 0x2f);
  }

  /** `s` is a prefix of some string the whole pattern matches from its start. */
  isViablePrefix(s: string): boolean {
    if (this.dfa) {
      let d: DfaState | null = this.dfaStart(s);
      for (let p = 0; p < s.length && d !== null; ) {
        const cp = s.codePointAt(p)!;
        d = this.dfaStep(d, cp, s);
        p += cp > 0xffff ? 2 : 1;
      }
      return d !== null;
    }
    let states = this.closure([this.start], s, 0);
    for (let p = 0; p < s.length && states.length > 0; ) {
      const cp = s.codePointAt(p)!;
      const width = cp > 0xffff ? 2 : 1;
      states = this.closure(this.step(states, cp), s, p + width);
      p += width;
    }
    return states.length > 0;
  }

  private run(s: string, acceptAt: (p: number) => boolean): boolean {
    let states: number[] = [];
    for (let p = 0; ; ) {
      states.push(this.start); // unanchored: a match may start at any position
      states = this.closure(states, s, p);
      for (const k of states) if (this.prog[k].op === 'match' && acceptAt(p)) return true;
      if (p >= s.length) return false;
      const cp = s.codePointAt(p)!;
      states = this.step(states, cp);
      p += cp > 0xffff ? 2 : 1;
    }
  }

  /**
   * The DFA run, anchored at the start (the pattern begins with `^`): true when the states at
   * some position `p` hold the match and `acceptAt(p)`. Ends early once no state is left.
   */
  private runDfa(s: string, acceptAt: (p: number) => boolean): boolean {
    let d: DfaState | null = this.dfaStart(s);
    for (let p = 0; d !== null; ) {
      if (d.match && acceptAt(p)) return true;
      if (p >= s.length) return false;
      const c = s.charCodeAt(p);
      if (c < 128) {
        const next: DfaState | undefined = d.ascii[c];
        d = next === undefined ? this.dfaStep(d, c, s) : next.pcs.length > 0 ? next : null;
        p++;
        continue;
      }
      const cp = s.codePointAt(p)!;
      d = this.dfaStep(d, cp, s);
      p += cp > 0xffff ? 2 : 1;
    }
    return false;
  }

  private dfaStart(s: string): DfaState | null {
    const dfa = this.dfa!;
    // In the DFA shape a closure does not depend on the position (no assertions left, or all
    // of them hold when loose): `s` and 0 are only the arguments `closure` wants.
    dfa.start ??= this.intern(this.closure([this.start], s, 0));
    return dfa.start.pcs.length > 0 ? dfa.start : null;
  }

  /** The state after `cp`, cached; null for the dead state. */
  private dfaStep(d: DfaState, cp: number, s: string): DfaState | null {
    let next = cp < 128 ? d.ascii[cp] : d.next.get(cp);
    if (next === undefined) {
      next = this.intern(this.closure(this.step(d.pcs, cp), s, 0));
      // Bounded like RE2's DFA cache: past the limit, states are still computed, not kept.
      if (this.dfa!.states.size < MAX_DFA_STATES) {
        if (cp < 128) d.ascii[cp] = next;
        else d.next.set(cp, next);
      }
    }
    return next.pcs.length > 0 ? next : null;
  }

  private intern(pcs: number[]): DfaState {
    pcs.sort((a, b) => a - b);
    const key = pcs.join(',');
    const states = this.dfa!.states;
    let state = states.get(key);
    if (!state) {
      state = { pcs, match: pcs.some((k) => this.prog[k]!.op === 'match'), ascii: new Array<DfaState | undefined>(128), next: new Map() };
      if (states.size < MAX_DFA_STATES) states.set(key, state);
    }
    return state;
  }

  private step(states: readonly number[], cp: number): number[] {
    const out: number[] = [];
    for (const k of states) {
      const inst = this.prog[k];
      if (inst.op === 'char' && inst.test(cp)) out.push(inst.next);
    }
    return out;
  }

  /** The states reachable from `from` at position `p` without consuming input (deduplicated). */
  private closure(from: readonly number[], s: string, p: number): number[] {
    const seen = new Uint8Array(this.prog.length);
    const out: number[] = [];
    const stack = [...from];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen[k]) continue;
      seen[k] = 1;
      const inst = this.prog[k];
      switch (inst.op) {
        case 'split':
          stack.push(inst.b, inst.a);
          break;
        case 'assert':
          if (this.loose || this.holds(inst.kind, s, p)) stack.push(inst.next);
          break;
        default:
          out.push(k);
      }
    }
    return out;
  }

  private holds(kind: 'bot' | 'eot' | 'wb' | 'nwb', s: string, p: number): boolean {
    switch (kind) {
      case 'bot':
        return p === 0;
      case 'eot':
        return p === s.length;
      default: {
        const before = p > 0 && isWordChar(s.charCodeAt(p - 1));
        const after = p < s.length && isWordChar(s.charCodeAt(p));
        return (before !== after) === (kind === 'wb');
      }
    }
  }
}
