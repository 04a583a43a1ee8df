// Evaluating Bake's HCL expressions where they are static (src/bake/expr.ts).
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateTemplate, UNKNOWN, type Scope, type Value } from '../src/bake/expr.js';

function scopeOf(vars: Record<string, Value>, functions: Record<string, { params: string[]; variadic?: string; result: unknown }> = {}): Scope {
  return { lookup: (n) => vars[n], functions: new Map(Object.entries(functions)) };
}

const scope = scopeOf({ A: 'x', EMPTY: '', B: true, N: 3, REG: 'docker.io/acme' }, { tag: { params: ['repo', 'version'], result: ['${REG}/${repo}:${version}'] } });

describe('templates', () => {
  it('keeps literal text and interpolates variables', () => {
    expect(evaluateTemplate('pre-${A}-post', scope)).toBe('pre-x-post');
    expect(evaluateTemplate('plain', scope)).toBe('plain');
  });
  it('reads $${ and %%{ as escapes', () => {
    expect(evaluateTemplate('a$${b}', scope)).toBe('a${b}');
    expect(evaluateTemplate('a%%{b}', scope)).toBe('a%{b}');
  });
  it('keeps the type of a lone interpolation', () => {
    expect(evaluateTemplate('${B}', scope)).toBe(true);
    expect(evaluateTemplate('${N}', scope)).toBe(3);
    expect(evaluateTemplate('n=${N}', scope)).toBe('n=3');
  });
  it('is UNKNOWN for an undefined name, and that propagates', () => {
    expect(evaluateTemplate('${MISSING}', scope)).toBe(UNKNOWN);
    expect(evaluateTemplate('a-${MISSING}', scope)).toBe(UNKNOWN);
  });
  it('is UNKNOWN for syntax it does not follow (for expressions and directives)', () => {
    expect(evaluateTemplate('${[for x in L: x]}', scope)).toBe(UNKNOWN);
    expect(evaluateTemplate('%{ for x in L }${x}%{ endfor }', scope)).toBe(UNKNOWN);
  });
  it('evaluates %{if} directives (hcl2json writes a conditional inside a template as one)', () => {
    expect(evaluateTemplate('v:%{if notequal(EMPTY, "")}${EMPTY}%{else}latest%{endif}', scope)).toBe('v:latest');
    expect(evaluateTemplate('%{ if B }y%{ endif }!', scope)).toBe('y!');
    expect(evaluateTemplate('%{if MISSING}a%{endif}', scope)).toBe(UNKNOWN);
    expect(evaluateTemplate('%{if B}a', scope)).toBe(UNKNOWN);
    expect(evaluateTemplate('a%{endif}', scope)).toBe(UNKNOWN);
  });
});

describe('expressions', () => {
  it('conditionals and comparisons', () => {
    expect(evaluateTemplate('${notequal(A, "") ? "1" : "0"}', scope)).toBe('1');
    expect(evaluateTemplate('${equal(EMPTY, "") ? "1" : "0"}', scope)).toBe('1');
    expect(evaluateTemplate('${"${A}" == "x" ? "3.7" : "3.9"}', scope)).toBe('3.7');
    expect(evaluateTemplate('${N >= 3 && !false}', scope)).toBe(true);
    expect(evaluateTemplate('${MISSING ? "a" : "b"}', scope)).toBe(UNKNOWN);
  });
  it('and/or decide on a known deciding operand only', () => {
    expect(evaluateTemplate('${and(B, equal(EMPTY, ""))}', scope)).toBe(true);
    expect(evaluateTemplate('${or(MISSING, true)}', scope)).toBe(true);
    expect(evaluateTemplate('${and(MISSING, true)}', scope)).toBe(UNKNOWN);
  });
  it('format and join', () => {
    expect(evaluateTemplate('${format("%s-%d", A, N)}', scope)).toBe('x-3');
    expect(evaluateTemplate('${join(",", ["a", "b"], [A])}', scope)).toBe('a,b,x');
    expect(evaluateTemplate('${format("%x", N)}', scope)).toBe(UNKNOWN);
  });
  it('equality is typed as in go-cty', () => {
    expect(evaluateTemplate('${equal("1", 1)}', scope)).toBe(false);
  });
  it('objects, lists, indexes and attribute access', () => {
    expect(evaluateTemplate('${{a = 1, "b" = A}.b}', scope)).toBe('x');
    expect(evaluateTemplate('${["p", "q"][1]}', scope)).toBe('q');
  });
  it('user functions with a static body', () => {
    expect(evaluateTemplate('${tag("base", "v1")}', scope)).toEqual(['docker.io/acme/base:v1']);
    expect(evaluateTemplate('${tag("base")}', scope)).toBe(UNKNOWN);
  });
  it('a recursive user function is cut, not followed forever', () => {
    const s = scopeOf({}, { f: { params: ['x'], result: '${f(x)}' } });
    expect(evaluateTemplate('${f(1)}', s)).toBe(UNKNOWN);
  });
  it('evaluates JSON structures whose strings are templates', () => {
    expect(evaluate({ A: '${A}', n: 2, l: ['${N}', 'lit'] }, scope)).toEqual({ A: 'x', n: 2, l: [3, 'lit'] });
  });
});
