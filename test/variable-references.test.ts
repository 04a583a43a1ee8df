// The variables BuildKit's shell lexer looks up in a word (shell/lex.go getEnv), with positions.
import { describe, expect, it } from 'vitest';
import { variableReferences, wordSpans } from '../src/dockerfile/variable-references.js';

const names = (s: string, esc = '\\') => variableReferences(s, 0, s.length, esc).map((r) => r.name);

describe('variableReferences', () => {
  it('$X and ${X…}: every lookup, modifiers and their words included', () => {
    expect(names('$A/${B}/${C:-$D}/${E#x}/${F/a/$G}')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
  });
  it('single quotes, escapes, positional and special parameters are no lookups', () => {
    expect(names("'$A' \\$B $1 $@ $$ ${#} \"$C\" \"\\$D\"")).toEqual(['C']);
    expect(names('`$A $B', '`')).toEqual(['B']);
  });
  it('positions are those of the name', () => {
    const s = 'x ${NAME}y $OTHER';
    expect(variableReferences(s, 0, s.length, '\\').map((r) => s.slice(r.start, r.end))).toEqual(['NAME', 'OTHER']);
    expect(variableReferences(s, 2, 9, '\\').map((r) => r.name)).toEqual(['NAME']);
  });
});

describe('wordSpans', () => {
  it('splits on whitespace outside quotes, keeping escaped blanks', () => {
    const s = 'A="x y" B=1\\ 2  C';
    expect(wordSpans(s, 0, s.length, '\\').map((w) => s.slice(w.start, w.end))).toEqual(['A="x y"', 'B=1\\ 2', 'C']);
  });
});
