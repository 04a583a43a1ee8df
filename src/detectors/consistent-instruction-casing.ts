import { allDockerfileInstructions } from '../analysis/models.js';
import { isContiguous } from '../buildkit/instructions.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's ConsistentInstructionCasing (dockerfile2llb validateCommandCasing): the majority
 * casing is that of the instructions written all lower- or all upper-case (a tie is upper-case);
 * every instruction not written in it (`copy` among `COPY`s, a mixed `From`) is reported. Only
 * the stages' instructions count (each FROM and the commands after it): the global ARGs before
 * the first FROM are meta args, outside any stage, and the trigger of an ONBUILD is part of the
 * ONBUILD command.
 */
export const consistentInstructionCasing: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'consistent-instruction-casing',
    summary: 'An instruction keyword cased unlike the majority (BuildKit check ConsistentInstructionCasing).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/consistent-instruction-casing.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'ConsistentInstructionCasing',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const df of allDockerfileInstructions(project)) {
      const firstFrom = df.instructions.findIndex((i) => i.keyword === 'FROM');
      const inStages = firstFrom < 0 ? [] : df.instructions.slice(firstFrom);
      let lower = 0;
      let upper = 0;
      for (const { words: { keyword } } of inStages) {
        if (keyword.text === keyword.text.toLowerCase()) lower++;
        else if (keyword.text === keyword.text.toUpperCase()) upper++;
      }
      const majorityLower = lower > upper;
      for (const { words: { keyword } } of inStages) {
        const wanted = majorityLower ? keyword.text.toLowerCase() : keyword.text.toUpperCase();
        if (keyword.text === wanted) continue;
        findings.push({
          rule: 'consistent-instruction-casing',
          severity: 'warning',
          location: { file: df.path, start: keyword.start, end: keyword.end },
          message: `Command '${keyword.text}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
          data: { fix: isContiguous(df.text, keyword) ? { title: `Write '${keyword.text}' as '${wanted}'`, applicability: 'safe', edits: [{ start: keyword.start, end: keyword.end, text: wanted }] } : undefined },
        });
      }
    }
    return findings;
  },
};
