// The Dockerfiles of a project as BuildKit's linter walks them: each instruction with its words
// as written (before any variable is expanded), for the build checks in src/detectors/.
import { lexDockerfileCached } from '../analysis/parse-cache.js';
import { instructionWords, type InstructionWord, type LexedInstruction } from '../dockerfile/model.js';
import type { Project } from '../project/project.js';

export interface LintedInstruction {
  ins: LexedInstruction;
  keyword: InstructionWord;
  flags: InstructionWord[];
  args: InstructionWord[];
}

export interface LintedDockerfile {
  path: string;
  text: string;
  /** The escape directive's character: `\\` or `` ` ``. */
  escapeChar: string;
  instructions: LintedInstruction[];
}

// The words of a lexed Dockerfile, computed once however many checks read them.
const wordsOf = new WeakMap<object, LintedInstruction[]>();

/** Every readable, lexable Dockerfile of the project. */
export function lintedDockerfiles(project: Project): LintedDockerfile[] {
  const out: LintedDockerfile[] = [];
  for (const path of project.dockerfiles) {
    const text = project.sources.read(path).text;
    if (text === null) continue;
    const lexed = lexDockerfileCached(project.sources, path, text);
    if (!lexed) continue;
    let instructions = wordsOf.get(lexed);
    if (!instructions) {
      instructions = lexed.instructions.map((ins) => ({ ins, ...instructionWords(ins) }));
      wordsOf.set(lexed, instructions);
    }
    out.push({ path, text, escapeChar: lexed.escapeChar, instructions });
  }
  return out;
}

/** The URL of a BuildKit check's reference page (`StageNameCasing` → …/stage-name-casing/). */
export function buildCheckUrl(check: string): string {
  return `https://docs.docker.com/reference/build-checks/${check.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}/`;
}

/** A word whose text is exactly its file span (no continuation inside): safe to replace as a whole. */
export function isContiguous(text: string, word: InstructionWord): boolean {
  return text.slice(word.start, word.end) === word.text;
}
