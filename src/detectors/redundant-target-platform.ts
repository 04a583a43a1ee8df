import { allDockerfileInstructions } from '../analysis/models.js';
import { fileRange, flagName, flagValue } from '../dockerfile/model.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's RedundantTargetPlatform. dockerfile2llb/convert.go `reportRedundantTargetPlatform`:
 * `FROM --platform=<v>` where `<v>` expands through the single variable TARGETPLATFORM to its
 * value — what FROM uses anyway. Reported for `$TARGETPLATFORM` and `${TARGETPLATFORM}`, unless a
 * global `ARG TARGETPLATFORM=<default>` gives the variable another value.
 */
export const redundantTargetPlatform: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'redundant-target-platform',
    summary: '`FROM --platform=$TARGETPLATFORM` sets the default platform (BuildKit RedundantTargetPlatform).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/redundant-target-platform.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'RedundantTargetPlatform',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const { path: dockerfile, text } = staged;
      const redeclared = staged.instructions.some((i) => i.stageIndex < 0 && i.keyword === 'ARG' && /(^|\s)TARGETPLATFORM=/.test(i.argsText));
      if (redeclared) continue;
      for (const stage of staged.stages) {
        const { lg, split } = stage.from;
        for (const flag of split.flags) {
          if (flagName(flag.text) !== 'platform') continue;
          const value = flagValue(flag.text);
          if (value !== '$TARGETPLATFORM' && value !== '${TARGETPLATFORM}') continue;
          const span = fileRange(lg, flag.s, flag.e);
          // The flag and the blanks after it, on its own line.
          let end = span.end;
          while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
          findings.push({
            rule: 'redundant-target-platform',
            severity: 'warning',
            location: { file: dockerfile, start: stage.from.start, end: stage.from.end },
            // BuildKit's wording (linter/ruleset.go RuleRedundantTargetPlatform).
            message: `Setting platform to predefined ${value} in FROM is redundant as this is the default behavior`,
            data: { fix: { title: `Remove --platform=${value}`, applicability: 'safe', edits: [{ start: span.start, end, text: '' }] } },
          });
        }
      }
    }
    return findings;
  },
};
