import { allDockerfileInstructions } from '../analysis/models.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/** BuildKit's reserved stage names (instructions/parse.go reservedStageNames). */
const RESERVED = new Set(['context', 'scratch']);

/** BuildKit's ReservedStageName: `FROM x AS scratch` or `AS context`. */
export const reservedStageName: Detector = {
  meta: {
    id: 'reserved-stage-name',
    summary: 'A stage named `scratch` or `context` (BuildKit check ReservedStageName).',
    severity: 'warning',
    fix: 'none',
    docs: 'docs/rules/reserved-stage-name.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'ReservedStageName',
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const df of allDockerfileInstructions(project)) {
      for (const ins of df.instructions) {
        const { keyword, args } = ins.words;
        if (ins.keyword !== 'FROM' || args.length !== 3 || args[1]!.text.toLowerCase() !== 'as') continue;
        const name = args[2]!.text.toLowerCase();
        if (!RESERVED.has(name)) continue;
        findings.push({
          rule: 'reserved-stage-name',
          severity: 'warning',
          location: { file: df.path, start: keyword.start, end: args[2]!.end },
          message: `Stage name should not use the same name as reserved stage "${name}"`, // ruleset.go RuleReservedStageName (%q)
        });
      }
    }
    return findings;
  },
};
