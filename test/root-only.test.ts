// Which unanchored lines dockerignore-root-only-pattern judges (the allowlist idiom is not one).
import { describe, expect, it } from 'vitest';
import { rootOnlyCandidates } from '../src/detectors/dockerignore-root-only-pattern.js';
import { parseDockerignore } from '../src/ignore/matcher.js';

const candidates = (text: string) => rootOnlyCandidates(parseDockerignore(text).patterns).map((p) => p.raw);

describe('rootOnlyCandidates', () => {
  it('leaves out `*` followed by `!` lines (an allowlist)', () => {
    expect(candidates('*\n!src\n!package.json\n')).toEqual([]);
    expect(candidates('node_modules\n*\n!src\n')).toEqual(['node_modules']);
  });

  it('still judges a `*` with no `!` after it', () => {
    expect(candidates('*\n')).toEqual(['*']);
    expect(candidates('!src\n*\n')).toEqual(['*']);
  });

  it('leaves out anchored and already global lines', () => {
    expect(candidates('/dist\n./build\n**/node_modules\ndocs/*.md\n__pycache__\n')).toEqual(['__pycache__']);
  });
});
