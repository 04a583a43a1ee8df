import { allDockerfileInstructions } from '../analysis/models.js';
import { isContiguous } from '../buildkit/instructions.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's FromAsCasing: in `FROM x AS name`, the `AS` keyword is cased unlike `FROM`
 * (instructions/parse.go doesFromCaseMatchAsCase). A mixed-case `From` is left to
 * ConsistentInstructionCasing, as BuildKit does.
 */
export const fromAsCasing: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'from-as-casing',
    summary: "`AS` in `FROM … AS name` is cased unlike `FROM` (BuildKit check FromAsCasing).",
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/from-as-casing.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'FromAsCasing',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const df of allDockerfileInstructions(project)) {
      for (const { keyword: kw, words: from } of df.instructions) {
        if (kw !== 'FROM' || from.args.length < 3) continue;
        const as = from.args[1]!;
        if (as.text.toLowerCase() !== 'as') continue;
        const keyword = from.keyword.text;
        const lower = keyword.toLowerCase() === keyword;
        const upper = keyword.toUpperCase() === keyword;
        if (!lower && !upper) continue;
        const wanted = lower ? 'as' : 'AS';
        if (as.text === wanted) continue;
        findings.push({
          rule: 'from-as-casing',
          severity: 'warning',
          location: { file: df.path, start: from.keyword.start, end: as.end },
          message: `'${as.text}' and '${keyword}' keywords' casing do not match`,
          data: { fix: isContiguous(df.text, as) ? { title: `Write '${wanted}' as '${keyword}' is written`, applicability: 'safe', edits: [{ start: as.start, end: as.end, text: wanted }] } : undefined },
        });
      }
    }
    return findings;
  },
};
