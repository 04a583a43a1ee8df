/**
 * The global ARGs of a Dockerfile as BuildKit's FROM checks see them
 * (dockerfile2llb/convert.go `toDispatchState`, `buildMetaArgs`, `unusedFromArgsCheckKeys`).
 */
import { expandGlobalWord, parseWords } from './model.js';
import type { StagedDockerfile } from './staged.js';

/** BuildKit's automatic platform ARGs, with a representative value for expansion. */
export const PLATFORM_ARGS: Record<string, string> = {
  BUILDPLATFORM: 'linux/amd64', BUILDOS: 'linux', BUILDARCH: 'amd64', BUILDVARIANT: '',
  TARGETPLATFORM: 'linux/amd64', TARGETOS: 'linux', TARGETARCH: 'amd64', TARGETVARIANT: '',
};

/** Global ARG defaults (expanded in order; undefined = declared without a default), platform ARGs included. */
export function globalArgDefaults(staged: StagedDockerfile): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>(Object.entries(PLATFORM_ARGS));
  for (const ins of staged.instructions) {
    if (ins.stageIndex >= 0) break;
    if (ins.keyword !== 'ARG') continue;
    for (const word of parseWords(ins.argsText, staged.escapeChar)) {
      const eq = word.indexOf('=');
      const name = eq >= 0 ? word.slice(0, eq) : word;
      if (!name) continue;
      if (eq < 0) {
        if (!values.has(name)) values.set(name, undefined);
        continue;
      }
      const v = expandGlobalWord(word.slice(eq + 1), values, staged.escapeChar).value;
      values.set(name, v ?? undefined);
    }
  }
  return values;
}

/** Every ARG name declared anywhere in the Dockerfile, and the platform ARGs. */
export function declaredArgNames(staged: StagedDockerfile): Set<string> {
  const names = new Set(Object.keys(PLATFORM_ARGS));
  for (const ins of staged.instructions) {
    if (ins.keyword !== 'ARG') continue;
    for (const word of parseWords(ins.argsText, staged.escapeChar)) {
      const eq = word.indexOf('=');
      const name = eq >= 0 ? word.slice(0, eq) : word;
      if (name) names.add(name);
    }
  }
  return names;
}
