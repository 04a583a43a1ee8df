// Helpers the BuildKit build checks share over the instruction view (analysis/models.ts
// `allDockerfileInstructions`, dockerfile/staged.ts).
import type { InstructionWord } from '../dockerfile/model.js';

/** The URL of a BuildKit check's reference page (`StageNameCasing` → …/stage-name-casing/). */
export function buildCheckUrl(check: string): string {
  return `https://docs.docker.com/reference/build-checks/${check.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}/`;
}

/** A word whose text is exactly its file span (no continuation inside): safe to replace as a whole. */
export function isContiguous(text: string, word: InstructionWord): boolean {
  return text.slice(word.start, word.end) === word.text;
}
