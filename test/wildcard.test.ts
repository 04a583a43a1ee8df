import { describe, expect, it } from 'vitest';
import {
  BadPatternError,
  compileGoPattern,
  containsWildcards,
  goMatch,
  hasMeta,
  validateGoPattern,
} from '../src/dockerfile/wildcard.js';

/**
 * The `matchTests` table of golang/go `src/path/filepath/match_test.go`
 * (https://github.com/golang/go/blob/master/src/path/filepath/match_test.go), every row,
 * in order: [pattern, name, match, ErrBadPattern expected].
 */
const GO_MATCH_TESTS: Array<[string, string, boolean, boolean]> = [
  ['abc', 'abc', true, false],
  ['*', 'abc', true, false],
  ['*c', 'abc', true, false],
  ['a*', 'a', true, false],
  ['a*', 'abc', true, false],
  ['a*', 'ab/c', false, false],
  ['a*/b', 'abc/b', true, false],
  ['a*/b', 'a/c/b', false, false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true, false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true, false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false, false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false, false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true, false],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false, false],
  ['ab[c]', 'abc', true, false],
  ['ab[b-d]', 'abc', true, false],
  ['ab[e-g]', 'abc', false, false],
  ['ab[^c]', 'abc', false, false],
  ['ab[^b-d]', 'abc', false, false],
  ['ab[^e-g]', 'abc', true, false],
  ['a\\*b', 'a*b', true, false],
  ['a\\*b', 'ab', false, false],
  ['a?b', 'a☺b', true, false],
  ['a[^a]b', 'a☺b', true, false],
  ['a???b', 'a☺b', false, false],
  ['a[^a][^a][^a]b', 'a☺b', false, false],
  ['[a-ζ]*', 'α', true, false],
  ['*[a-ζ]', 'A', false, false],
  ['a?b', 'a/b', false, false],
  ['a*b', 'a/b', false, false],
  ['[\\]a]', ']', true, false],
  ['[\\-]', '-', true, false],
  ['[x\\-]', 'x', true, false],
  ['[x\\-]', '-', true, false],
  ['[x\\-]', 'z', false, false],
  ['[\\-x]', 'x', true, false],
  ['[\\-x]', '-', true, false],
  ['[\\-x]', 'a', false, false],
  ['[]a]', ']', false, true],
  ['[-]', '-', false, true],
  ['[x-]', 'x', false, true],
  ['[x-]', '-', false, true],
  ['[x-]', 'z', false, true],
  ['[-x]', 'x', false, true],
  ['[-x]', '-', false, true],
  ['[-x]', 'a', false, true],
  ['\\', 'a', false, true],
  ['[a-b-c]', 'a', false, true],
  ['[', 'a', false, true],
  ['[^', 'a', false, true],
  ['[^bc', 'a', false, true],
  ['a[', 'a', false, true],
  ['a[', 'ab', false, true],
  ['a[', 'x', false, true],
  ['a/b[', 'x', false, true],
  ['*x', 'xxx', true, false],
];

describe('goMatch: Go path/filepath match_test.go matchTests', () => {
  it('has all 56 rows of the upstream table', () => {
    expect(GO_MATCH_TESTS).toHaveLength(56);
  });

  it.each(GO_MATCH_TESTS)('Match(%j, %j) = %s (bad pattern: %s)', (pattern, name, match, bad) => {
    if (bad) {
      expect(() => goMatch(pattern, name)).toThrow(BadPatternError);
      expect(() => compileGoPattern(pattern)).toThrow(BadPatternError);
      expect(() => validateGoPattern(pattern)).toThrow(BadPatternError);
    } else {
      expect(goMatch(pattern, name)).toBe(match);
      expect(compileGoPattern(pattern).test(name)).toBe(match);
    }
  });
});

describe('goMatch semantics', () => {
  it('never lets * or ? cross a /', () => {
    expect(goMatch('*', 'a/b')).toBe(false);
    expect(goMatch('*/*', 'a/b')).toBe(true);
    expect(goMatch('?', '/')).toBe(false);
    expect(goMatch('src/*.py', 'src/app.py')).toBe(true);
    expect(goMatch('src/*.py', 'src/pkg/app.py')).toBe(false);
  });

  it('matches the whole name, not a substring', () => {
    expect(goMatch('a', 'ab')).toBe(false);
    expect(goMatch('b', 'ab')).toBe(false);
    expect(goMatch('', '')).toBe(true);
    expect(goMatch('', 'a')).toBe(false);
  });

  it('keeps Go quirks: a negated class matches /, and * does not backtrack', () => {
    // matchChunk's '[' case has no separator check
    expect(goMatch('a[^x]b', 'a/b')).toBe(true);
    // `*` takes the leftmost match of the next chunk and never reconsiders it, so the
    // trailing `*` is left with "/" (follows from Match in src/path/match.go)
    expect(goMatch('*[^a]*', 'b/')).toBe(false);
    const compiled = compileGoPattern('*[^a]*');
    expect(compiled.regex).toBeNull();
    expect(compiled.test('b/')).toBe(false);
    expect(compiled.test('b')).toBe(true);
  });

  it('validates the whole pattern even when an earlier chunk fails (Go 1.16+)', () => {
    expect(() => goMatch('x*[', 'abc')).toThrow(BadPatternError);
    expect(() => goMatch('b*a[', 'abc')).toThrow(BadPatternError);
  });

  it('handles ranges, escapes and non-ASCII', () => {
    expect(goMatch('[0-9][0-9].txt', '42.txt')).toBe(true);
    expect(goMatch('[0-9][0-9].txt', '4a.txt')).toBe(false);
    expect(goMatch('caf[é]', 'café')).toBe(true);
    expect(goMatch('caf?', 'café')).toBe(true);
    expect(goMatch('\\[x\\]', '[x]')).toBe(true);
    expect(goMatch('[b-a]', 'a')).toBe(false); // inverted range matches nothing
    expect(goMatch('日本/*', '日本/語.txt')).toBe(true);
  });
});

describe('compileGoPattern', () => {
  it('returns an anchored unicode RegExp when that is exact', () => {
    const p = compileGoPattern('src/**/x.[ch]');
    expect(p.regex).toBeInstanceOf(RegExp);
    expect(p.regex!.flags).toContain('u');
    expect(p.test('src/a/x.c')).toBe(true);
    expect(p.test('src/a/b/x.c')).toBe(false); // ** is just * in filepath.Match
    expect(p.test('src//x.h')).toBe(true);
  });

  it('escapes RegExp syntax in literals', () => {
    for (const lit of ['a.b', 'a+b', '(x)', '{1}', 'a|b', '$x^', 'a\\.b']) {
      const p = compileGoPattern(lit);
      expect(p.test(lit.replace('\\', ''))).toBe(goMatch(lit, lit.replace('\\', '')));
      expect(p.test('zzz')).toBe(false);
    }
  });

  it('agrees with goMatch on random patterns and names (differential test)', () => {
    // deterministic PRNG (mulberry32)
    let seed = 0x5eed;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (xs: string[], max: number) => {
      let s = '';
      const n = Math.floor(rand() * max);
      for (let i = 0; i < n; i++) s += xs[Math.floor(rand() * xs.length)];
      return s;
    };
    const patternAlphabet = ['a', 'b', '/', '*', '?', '[', ']', '-', '^', '\\', 'é', '[^a]', '[/]', 'a/'];
    const nameAlphabet = ['a', 'b', '/', '-', ']', '^', '*', '\\', 'é'];
    let compared = 0;
    const mismatches: string[] = [];
    for (let k = 0; k < 20000; k++) {
      const pattern = pick(patternAlphabet, 8);
      const name = pick(nameAlphabet, 9);
      let expected: boolean | 'bad';
      try {
        expected = goMatch(pattern, name);
      } catch (e) {
        if (!(e instanceof BadPatternError)) throw e;
        expected = 'bad';
      }
      let actual: boolean | 'bad';
      try {
        actual = compileGoPattern(pattern).test(name);
      } catch (e) {
        if (!(e instanceof BadPatternError)) throw e;
        actual = 'bad';
      }
      if (actual !== expected) mismatches.push(`${JSON.stringify(pattern)} ${JSON.stringify(name)}: ${expected} vs ${actual}`);
      if (expected !== 'bad') compared++;
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(5000);
  });
});

describe('hasMeta and containsWildcards', () => {
  it('hasMeta is Go filepath.hasMeta on Unix: * ? [ \\', () => {
    expect(hasMeta('a*')).toBe(true);
    expect(hasMeta('a?')).toBe(true);
    expect(hasMeta('a[')).toBe(true);
    expect(hasMeta('a\\b')).toBe(true);
    expect(hasMeta('a]b-c^')).toBe(false);
  });

  it('containsWildcards ignores escaped metacharacters (BuildKit)', () => {
    expect(containsWildcards('*.txt')).toBe(true);
    expect(containsWildcards('file[0-9]')).toBe(true);
    expect(containsWildcards('a\\*b')).toBe(false);
    expect(containsWildcards('a\\\\*b')).toBe(true);
    expect(containsWildcards('plain/path')).toBe(false);
  });
});

describe('compiled patterns are shared', () => {
  it('the same text gives the same compiled pattern; a malformed one throws every time', () => {
    expect(compileGoPattern('requirements*.txt')).toBe(compileGoPattern('requirements*.txt'));
    expect(compileGoPattern('requirements*.txt').test('requirements-dev.txt')).toBe(true);
    expect(() => compileGoPattern('[abc')).toThrow(BadPatternError);
    expect(() => compileGoPattern('[abc')).toThrow(BadPatternError);
  });
});
