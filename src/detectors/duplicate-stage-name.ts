import { allDockerfileInstructions } from '../analysis/models.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/**
 * BuildKit's DuplicateStageName: a stage named like an earlier one (names compared lowercased, as
 * BuildKit stores them). The build fails: a reference to the name cannot be resolved to one stage.
 */
export const duplicateStageName: Detector = {
  meta: {
    id: 'duplicate-stage-name',
    summary: 'Two stages with the same name (BuildKit check DuplicateStageName).',
    severity: 'error',
    fix: 'none',
    docs: 'docs/rules/duplicate-stage-name.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'DuplicateStageName',
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const df of allDockerfileInstructions(project)) {
      const seen = new Map<string, number>();
      for (const ins of df.instructions) {
        const { keyword, args } = ins.words;
        if (ins.keyword !== 'FROM' || args.length !== 3 || args[1]!.text.toLowerCase() !== 'as') continue;
        const name = args[2]!.text.toLowerCase();
        const first = seen.get(name);
        if (first === undefined) {
          seen.set(name, ins.line);
          continue;
        }
        findings.push({
          rule: 'duplicate-stage-name',
          severity: 'error',
          location: { file: df.path, start: keyword.start, end: args[2]!.end },
          message: `Duplicate stage name "${name}", stage names should be unique`, // %q in ruleset.go
        });
      }
    }
    return findings;
  },
};
