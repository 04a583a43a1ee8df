import { cleanSource, inContext } from '../analysis/context-sources.js';
import { describeContext, sourceFindings } from '../analysis/copy-findings.js';
import { describeGenerated, generatedSource } from '../analysis/generated.js';
import type { Detector } from '../rules/types.js';

/**
 * A COPY/ADD source that is not in the build context but is a build output: git ignores it, or
 * a script, Makefile or workflow of the repository writes it. The build works once that step
 * has run, and fails on a fresh clone before it; dockmend cannot tell which, so it says which
 * step makes the file (info) instead of calling the build broken (copy-source-missing).
 */
export const copySourceGenerated: Detector<Record<string, never>> = {
  meta: {
    id: 'copy-source-generated',
    summary: 'A COPY/ADD source is missing but is a build output (git-ignored, or written by a script): it must be made before the build.',
    severity: 'info',
    fix: 'none',
    docs: 'docs/rules/copy-source-generated.md',
    defaultOptions: {},
  },
  detect(project) {
    return sourceFindings(project, 'copy-source-generated', 'info', 'missing', (check, sc) => {
      const rel = cleanSource(sc.source.value ?? '');
      if (rel === null) return null;
      const generated = generatedSource(project, check.context.dir, rel);
      if (!generated) return null;
      const literal = sc.source.raw === sc.source.value;
      return {
        message:
          `Source '${sc.source.raw}'${literal ? '' : ` (= ${sc.source.value})`} is not in the build ${describeContext(check)}, ` +
          `but ${inContext(check.context.dir, rel)} is a build output: ${describeGenerated(generated)}; make it before docker build.`,
      };
    });
  },
};
