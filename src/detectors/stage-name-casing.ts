import { allDockerfileInstructions } from '../analysis/models.js';
import { isContiguous } from '../buildkit/instructions.js';
import type { StagedInstruction } from '../dockerfile/staged.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

type Edit = { start: number; end: number; text: string };

/**
 * BuildKit's StageNameCasing: `FROM x AS Name` with an upper-case letter in the name
 * (instructions/parse.go isLowerCaseStageName, on the name as written). BuildKit lowercases stage
 * names and looks `FROM`, `--from` and `--mount=from=` references up lowercased, so the build
 * works; the check asks for the name to be written as it is used.
 */
export const stageNameCasing: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'stage-name-casing',
    summary: 'A stage name with upper-case letters (BuildKit check StageNameCasing).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/stage-name-casing.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'StageNameCasing',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const df of allDockerfileInstructions(project)) {
      df.instructions.forEach(({ keyword: kw, words: from }, at) => {
        if (kw !== 'FROM' || from.args.length !== 3) return;
        const name = from.args[2]!;
        if (name.text.toLowerCase() === name.text) return;
        const lower = name.text.toLowerCase();
        const edits: Edit[] = [];
        if (isContiguous(df.text, name)) {
          edits.push({ start: name.start, end: name.end, text: lower });
          for (const later of df.instructions.slice(at + 1)) edits.push(...referenceEdits(df.text, later, lower));
        }
        const references = edits.length - 1;
        findings.push({
          rule: 'stage-name-casing',
          severity: 'warning',
          location: { file: df.path, start: from.keyword.start, end: name.end },
          message: `Stage name '${name.text}' should be lowercase`,
          data: {
            fix:
              edits.length > 0
                ? { title: `Lowercase stage name '${name.text}'${references > 0 ? ` and its ${references} reference${references === 1 ? '' : 's'}` : ''}`, applicability: 'safe', edits }
                : undefined,
          },
        });
      });
    }
    return findings;
  },
};

/**
 * The references to a stage in a later instruction, written in another casing: `FROM Name`,
 * `COPY/ADD --from=Name`, `RUN --mount=…,from=Name`. Lookups are case-insensitive
 * (dockerfile2llb findStateByName lowercases), so rewriting them changes no meaning.
 */
function referenceEdits(text: string, instruction: StagedInstruction, lower: string): Edit[] {
  const edits: Edit[] = [];
  const kw = instruction.keyword;
  const ins = instruction.words;
  if (kw === 'FROM' && ins.args[0] && ins.args[0].text !== lower && ins.args[0].text.toLowerCase() === lower && isContiguous(text, ins.args[0])) {
    edits.push({ start: ins.args[0].start, end: ins.args[0].end, text: lower });
  }
  for (const flag of ins.flags) {
    if (!isContiguous(text, flag)) continue;
    if ((kw === 'COPY' || kw === 'ADD') && flag.text.startsWith('--from=')) {
      const value = flag.text.slice('--from='.length);
      if (value !== lower && value.toLowerCase() === lower) edits.push({ start: flag.start + '--from='.length, end: flag.end, text: lower });
    }
    if (kw === 'RUN' && flag.text.startsWith('--mount=')) {
      let offset = '--mount='.length;
      for (const field of flag.text.slice(offset).split(',')) {
        const eq = field.indexOf('=');
        if (eq > 0 && field.slice(0, eq).toLowerCase() === 'from') {
          const value = field.slice(eq + 1);
          if (value !== lower && value.toLowerCase() === lower) edits.push({ start: flag.start + offset + eq + 1, end: flag.start + offset + field.length, text: lower });
        }
        offset += field.length + 1;
      }
    }
  }
  return edits;
}
