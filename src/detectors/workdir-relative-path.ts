import { allDockerfileInstructions, stageIsBuilt } from '../analysis/models.js';
import { stageChain } from '../dockerfile/staged.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/**
 * BuildKit's WorkdirRelativePath. dockerfile2llb/convert.go `dispatchWorkdir`: the first WORKDIR
 * of a stage (`!d.workdirSet`) that is not absolute is reported; any WORKDIR sets `workdirSet`,
 * and a stage built FROM an earlier stage inherits it. A relative path then resolves against the
 * base image's working directory, which the Dockerfile does not control.
 *
 * Not reported (dockmend cannot read the path as BuildKit would): paths with variables or quotes
 * (expanded against the base image's environment) and Windows stages (`system.IsAbs` for Windows
 * accepts `C:\` and `\` forms).
 */
export const workdirRelativePath: Detector<Record<string, never>> = {
  meta: {
    id: 'workdir-relative-path',
    summary: 'The first `WORKDIR` of a stage is relative: it depends on the base image (BuildKit WorkdirRelativePath).',
    severity: 'warning',
    fix: 'none',
    docs: 'docs/rules/workdir-relative-path.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'WorkdirRelativePath',
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const dockerfile = staged.path;
      const built = stageIsBuilt(project, dockerfile);
      const workdirSet = new Set<number>();
      for (const ins of staged.instructions) {
        if (ins.keyword !== 'WORKDIR' || ins.stageIndex < 0) continue;
        const inherited = stageChain(staged, ins.stageIndex).some((i) => workdirSet.has(i));
        workdirSet.add(ins.stageIndex);
        if (inherited || !built(ins.stageIndex)) continue;
        const path = ins.argsText;
        if (!path || staged.stages[ins.stageIndex].windows) continue;
        if (/[$"']/.test(path) || path.includes(staged.escapeChar)) continue;
        if (path.startsWith('/')) continue;
        findings.push({
          rule: 'workdir-relative-path',
          severity: 'warning',
          location: { file: dockerfile, start: ins.start, end: ins.end },
          // BuildKit's wording (linter/ruleset.go RuleWorkdirRelativePath).
          message: `Relative workdir "${path}" can have unexpected results if the base image changes`,
        });
      }
    }
    return findings;
  },
};
