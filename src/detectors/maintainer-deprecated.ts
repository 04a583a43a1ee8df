import { allDockerfileInstructions } from '../analysis/models.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's MaintainerDeprecated: any MAINTAINER instruction (deprecated since Docker 1.13;
 * instructions/parse.go reports it on parsing).
 */
export const maintainerDeprecated: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'maintainer-deprecated',
    summary: 'The deprecated MAINTAINER instruction (BuildKit check MaintainerDeprecated).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/maintainer-deprecated.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'MaintainerDeprecated',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const df of allDockerfileInstructions(project)) {
      const backtick = df.escapeChar === '`';
      for (const ins of df.instructions) {
        const { keyword } = ins.words;
        if (ins.keyword !== 'MAINTAINER') continue;
        const author = ins.argsText;
        // One physical line, so the replacement is exactly the instruction's span. MAINTAINER
        // takes its argument verbatim (no variable expansion), LABEL expands `$` and unquotes:
        // escape `\`, `"` and `$` inside the double quotes (with the backtick escape, only
        // authors with none of these are rewritten).
        const singleLine = ins.line === ins.endLine && df.text.slice(ins.start, ins.end).endsWith(author);
        const special = /["\\$`]/.test(author);
        const fixable = author !== '' && singleLine && !(backtick && special);
        const label = keyword.text === keyword.text.toLowerCase() ? 'label' : 'LABEL';
        const quoted = author.replace(/[\\"$]/g, (c) => `\\${c}`);
        findings.push({
          rule: 'maintainer-deprecated',
          severity: 'warning',
          location: { file: df.path, start: ins.start, end: ins.end },
          message: 'Maintainer instruction is deprecated in favor of using label',
          data: {
            fix: fixable
              ? { title: 'Replace MAINTAINER by LABEL org.opencontainers.image.authors', applicability: 'safe', edits: [{ start: ins.start, end: ins.end, text: `${label} org.opencontainers.image.authors="${quoted}"` }] }
              : undefined,
          },
        });
      }
    }
    return findings;
  },
};

