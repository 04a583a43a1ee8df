import { allDockerfileInstructions, stageIsBuilt } from '../analysis/models.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

const ONCE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

/**
 * BuildKit's MultipleInstructionsDisallowed. dockerfile2llb/convert.go `validateUsedOnce`: a
 * second CMD, ENTRYPOINT or HEALTHCHECK in a stage reports the PREVIOUS one, "the one that will
 * be ignored". The trackers belong to the stage's dispatch state: a stage built FROM another
 * starts afresh (its CMD overrides the base's, as intended).
 */
export const multipleInstructionsDisallowed: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'multiple-instructions-disallowed',
    summary: 'A CMD, ENTRYPOINT or HEALTHCHECK that a later one in the same stage overrides (BuildKit MultipleInstructionsDisallowed).',
    severity: 'warning',
    fix: 'unsafe',
    docs: 'docs/rules/multiple-instructions-disallowed.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'MultipleInstructionsDisallowed',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const { path: dockerfile, text } = staged;
      const built = stageIsBuilt(project, dockerfile);
      const last = new Map<string, (typeof staged.instructions)[number]>();
      let stage = -1;
      for (const ins of staged.instructions) {
        if (ins.stageIndex !== stage) {
          stage = ins.stageIndex;
          last.clear();
        }
        if (!ONCE.has(ins.keyword) || ins.stageIndex < 0 || !built(ins.stageIndex)) continue;
        const previous = last.get(ins.keyword);
        last.set(ins.keyword, ins);
        if (!previous) continue;
        // The whole previous instruction, from its line start (when only blanks precede it) to
        // its line end and line break.
        let start = previous.start;
        while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
        if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start = previous.start;
        let end = previous.end;
        while (end < text.length && text[end] !== '\n' && text[end] !== '\r' && /[\t ]/.test(text[end])) end++;
        if (text[end] === '\r') end++;
        if (text[end] === '\n') end++;
        findings.push({
          rule: 'multiple-instructions-disallowed',
          severity: 'warning',
          location: { file: dockerfile, start: previous.start, end: previous.end },
          // BuildKit's wording (linter/ruleset.go RuleMultipleInstructionsDisallowed).
          message: `Multiple ${ins.keyword} instructions should not be used in the same stage because only the last one will be used`,
          data: { fix: { title: `Remove the ${ins.keyword} on line ${previous.line} (line ${ins.line} overrides it)`, applicability: 'unsafe', edits: [{ start, end, text: '' }] } },
        });
      }
    }
    return findings;
  },
};
