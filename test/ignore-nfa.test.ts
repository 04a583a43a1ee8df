/**
 * The linear-time automaton (src/ignore/nfa.ts) that runs `.dockerignore` patterns a
 * backtracking RegExp could take seconds on: it must agree with the native RegExp on every
 * pattern and path, and it must be the engine for the patterns that backtrack.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, IgnoreMatcher, viablePrefixTest } from '../src/ignore/matcher.js';

describe('.dockerignore automaton', () => {
  it('runs patterns with more than two unbounded repetitions, and only those', () => {
    expect(compilePattern('*a*a*b').automaton).toBe(true);
    expect(compilePattern('**/x/**/*.js').automaton).toBe(true);
    expect(compilePattern('**/*.pyc').automaton).toBe(false);
    expect(compilePattern('a*b*c').automaton).toBe(false);
    expect(compilePattern('node_modules').automaton).toBe(false);
  });

  it('matches a backtracking pattern against long names without blowing up', () => {
    // Native: ~1 s per path with 10 stars on 30 characters; here 14 stars on 2,000 characters.
    // A regression to backtracking makes this test time out.
    const pattern = '*a'.repeat(14) + '*b';
    const m = new IgnoreMatcher([pattern]);
    const name = 'a'.repeat(2000);
    expect(m.excludes(name)).toBe(false);
    expect(m.excludes(`${name}b`)).toBe(true);
    expect(m.excludes(`${'a'.repeat(13)}b/inner`)).toBe(false); // 13 a's: one short
    expect(m.excludes(`${'a'.repeat(14)}b/inner`)).toBe(true); // the parent directory matches
    const negated = new IgnoreMatcher(['x', `!x/${pattern}`]);
    expect(negated.excludesWholeDir('x')).toBe(false); // the exception can match below x/
    expect(negated.excludes(`x/${name}`)).toBe(true);
  }, 20_000);

  // Patterns over a small alphabet, so that random paths hit matches, near-misses and parents.
  const patternPart = fc.constantFrom('a', 'b', '/', '*', '**', '?', '[ab]', '[^a]', '\\b', '^', '\\B', '.', 'a\\*');
  const pathPart = fc.constantFrom('a', 'b', '/', '.', '*', 'ab/', 'x');
  const patterns = fc
    .array(patternPart, { minLength: 1, maxLength: 7 })
    .map((parts) => parts.join(''))
    .filter((p) => {
      try {
        return compilePattern(p, 'native').kind === 'regexp';
      } catch {
        return false;
      }
    });
  const paths = fc.array(pathPart, { minLength: 0, maxLength: 8 }).map((parts) => parts.join(''));

  it('agrees with the native RegExp on full, parent-directory and prefix matches', () => {
    fc.assert(
      fc.property(patterns, fc.array(paths, { minLength: 1, maxLength: 6 }), (pattern, inputs) => {
        const native = compilePattern(pattern, 'native');
        const automaton = compilePattern(pattern, 'automaton');
        expect(automaton.automaton).toBe(true);
        const nativeViable = viablePrefixTest(native);
        const automatonViable = viablePrefixTest(automaton);
        for (const s of inputs) {
          expect(automaton.re!.test(s), `${pattern} ~ ${s}`).toBe(native.re!.test(s));
          expect(automaton.treeRe === null).toBe(native.treeRe === null);
          if (native.treeRe) expect(automaton.treeRe!.test(s), `${pattern} tree ${s}`).toBe(native.treeRe.test(s));
          // Walk pruning asks "can this pattern match below dir/?": both engines must answer alike.
          if (nativeViable) expect(automatonViable!.test(s + '/'), `${pattern} viable ${s}/`).toBe(nativeViable.test(s + '/'));
        }
      }),
      { numRuns: 1500 },
    );
  });
});
