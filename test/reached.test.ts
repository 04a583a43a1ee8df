// Which stages a build runs (src/dockerfile/reached.ts).
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/dockerfile/model.js';
import { reachedStages } from '../src/dockerfile/reached.js';

const reached = (text: string, target?: string, buildArgs: Record<string, string> = {}) => {
  const r = reachedStages(parseDockerfile(text, { buildArgs }), target);
  return r === null ? null : [...r].sort();
};

describe('reachedStages', () => {
  const multi = 'FROM alpine AS a\nFROM alpine AS b\nCOPY --from=a /x /x\nFROM alpine AS c\nRUN --mount=from=1,target=/m true\nFROM c AS d\n';

  it('the last stage and what it needs: FROM <stage>, COPY --from, RUN --mount=from (by name or number)', () => {
    expect(reached(multi)).toEqual([0, 1, 2, 3]);
    expect(reached(multi.replace('from=1', 'from=node:20'))).toEqual([2, 3]);
    expect(reached(multi, 'b')).toEqual([0, 1]);
    expect(reached(multi, 'C')).toEqual([0, 1, 2]);
  });

  it('FROM ${ARG}-x follows the ARG default, or the build arg', () => {
    const text = 'ARG SRC=remote\nFROM alpine AS local-x\nFROM alpine AS remote-x\nFROM ${SRC}-x AS final\n';
    expect(reached(text)).toEqual([1, 2]);
    expect(reached(text, undefined, { SRC: 'local' })).toEqual([0, 2]);
  });

  it('cannot tell: an unknown target, or a variable with no value', () => {
    expect(reached(multi, 'nope')).toBeNull();
    expect(reached('ARG SRC\nFROM alpine AS a\nFROM ${SRC} AS b\n')).toBeNull();
    expect(reached('FROM alpine AS a\nFROM alpine\nARG X\nCOPY --from=$X /a /a\n')).toBeNull();
  });
});
