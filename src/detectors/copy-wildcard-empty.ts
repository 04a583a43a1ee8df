import { describeContext, keepsOtherBuilds, sourceFindings } from '../analysis/copy-findings.js';
import { pathCandidates, NameIndex } from '../analysis/candidates.js';
import { cleanSource, inContext } from '../analysis/context-sources.js';
import { displayPath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import type { CopySourceData } from '../../transforms/copy-source.js';

/**
 * A wildcard that matches nothing. BuildKit copies nothing and goes on (AllowEmptyWildcard:
 * `COPY next-env.d.ts* ./` is the optional-file idiom); the legacy builder failed with
 * "COPY failed: no source files were specified". Worth knowing, never an error. When the
 * pattern matches once a stale leading directory is dropped (`frontend/package*.json` in the
 * context `frontend`), the source is rewritten.
 */
export const copyWildcardEmpty: Detector<Record<string, never>, CopySourceData> = {
  meta: {
    id: 'copy-wildcard-empty',
    summary: 'A COPY/ADD wildcard source matches nothing in the build context.',
    severity: 'info',
    fix: 'safe',
    docs: 'docs/rules/copy-wildcard-empty.md',
    defaultOptions: {},
  },
  detect(project) {
    const names = new Map<string, NameIndex>();
    return sourceFindings<CopySourceData>(project, 'copy-wildcard-empty', 'info', 'empty-wildcard', (check, sc) => {
      const rel = cleanSource(sc.source.value ?? '') ?? '';
      let index = names.get(check.context.dir);
      if (!index) names.set(check.context.dir, (index = new NameIndex(project.tree, check.context.dir)));
      const candidates = sc.source.raw === sc.source.value ? pathCandidates(project.tree, check.view, rel, index).filter((c) => keepsOtherBuilds(project, check, sc, c)) : [];
      const hint =
        candidates.length > 0
          ? ` Without the leading directory it matches: ${candidates.map((c) => `'${c}'`).join(', ')}.`
          : ' If the file is optional this is fine; the legacy builder fails with "no source files were specified".';
      return {
        message: `Wildcard '${sc.source.raw}' matches nothing in the build ${describeContext(check)}: no path matches ${displayPath(inContext(check.context.dir, rel))}, so BuildKit copies nothing and goes on.${hint}`,
        data: { dockerfile: check.dockerfile, keyword: sc.copy.keyword, source: sc.source, json: sc.copy.json, candidates },
      };
    });
  },
};
