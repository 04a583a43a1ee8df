import { describeContext, sourceFindings } from '../analysis/copy-findings.js';
import { dirnameOf, displayPath, isWithin, resolveInRoot } from '../project/paths.js';
import type { Detector } from '../rules/types.js';

/**
 * `COPY ../x` cannot work: only the context is sent to the builder. The legacy builder fails
 * with "forbidden path outside the build context: ../x"; BuildKit cleans the path against the
 * context root and looks for `/x` inside the context instead.
 */
export const copySourceOutsideContext: Detector<Record<string, never>> = {
  meta: {
    id: 'copy-source-outside-context',
    summary: 'A COPY/ADD source with `..` that leaves the build context.',
    severity: 'error',
    fix: 'none',
    docs: 'docs/rules/copy-source-outside-context.md',
    defaultOptions: {},
  },
  detect(project) {
    return sourceFindings(project, 'copy-source-outside-context', 'error', 'outside', (check, sc) => {
      const target = resolveInRoot(check.context.dir, sc.source.value ?? '');
      let needed = check.context.dir;
      while (target !== null && !isWithin(needed, target)) needed = dirnameOf(needed);
      const where = target === null ? 'it points outside the repository' : `it points to ${displayPath(target)}, which a build context of '${displayPath(needed)}' would contain`;
      return {
        message: `Source '${sc.source.raw}' leaves the build ${describeContext(check)}: only the context is sent to the builder, so it cannot be copied; ${where}.`,
      };
    });
  },
};
