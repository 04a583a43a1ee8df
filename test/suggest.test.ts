// BuildKit's "did you mean" (src/buildkit/suggest.ts).
import { describe, expect, it } from 'vitest';
import { suggestName, withinOneEdit } from '../src/buildkit/suggest.js';

describe('suggestName (buildkit util/suggest)', () => {
  it('the one option at the smallest Levenshtein distance below 3', () => {
    expect(suggestName('DIR_ASSET', ['DIR_BINARIES', 'DIR_ASSETS', 'DIR_CONFIG'])).toBe('DIR_ASSETS');
    expect(suggestName('PAHT', ['PATH'])).toBe('PATH'); // two changes
    expect(suggestName('GOPATH', ['PATH'])).toBe('PATH'); // two insertions: why external images filter PATH
  });
  it('none at 3 edits or more, and none on a tie', () => {
    expect(suggestName('VERSIONS_X', ['VERSION'])).toBeUndefined();
    expect(suggestName('AB', ['AC', 'AD'])).toBeUndefined();
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['PAHT', 'PATH', true], // two neighbours swapped
    ['PTH', 'PATH', true],
    ['PATHS', 'PATH', true],
    ['PATX', 'PATH', true],
    ['PATH', 'PATH', true],
    ['GOPATH', 'PATH', false],
    ['HTAP', 'PATH', false],
    ['PA', 'PATH', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });
});
