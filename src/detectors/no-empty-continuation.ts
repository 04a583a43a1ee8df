import { allDockerfileInstructions } from '../analysis/models.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's NoEmptyContinuation: a blank line inside an instruction continued with `\`
 * (parser/parser.go: isEmptyContinuationLine, one warning per instruction, on its last line).
 * The parser skips such lines today; moby/moby#33719 announced that they will become errors.
 */
export const noEmptyContinuation: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'no-empty-continuation',
    summary: 'A blank line inside a continued instruction (BuildKit check NoEmptyContinuation).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/no-empty-continuation.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'NoEmptyContinuation',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const df of allDockerfileInstructions(project)) {
      for (const ins of df.instructions) {
        const end = ins.lg.end; // the logical line's end (heredoc bodies come after it)
        const blank: { start: number; end: number; text: string }[] = [];
        let lastLineStart = ins.start;
        let nl = df.text.indexOf('\n', ins.start);
        while (nl >= 0 && nl + 1 <= end) {
          const lineStart = nl + 1;
          lastLineStart = lineStart;
          const next = df.text.indexOf('\n', lineStart);
          const lineEnd = next < 0 ? df.text.length : next;
          if (/^[ \t\r\v\f]*$/.test(df.text.slice(lineStart, lineEnd))) blank.push({ start: lineStart, end: next < 0 ? lineEnd : next + 1, text: '' });
          nl = next;
        }
        if (blank.length === 0) continue;
        findings.push({
          rule: 'no-empty-continuation',
          severity: 'warning',
          location: { file: df.path, start: lastLineStart, end },
          message: 'Empty continuation line',
          data: { fix: { title: `Remove ${blank.length === 1 ? 'the empty line' : `${blank.length} empty lines`} inside the continued ${ins.keyword}`, applicability: 'safe', edits: blank } },
        });
      }
    }
    return findings;
  },
};
