import { bakeContextEdit, resolvesFromRoot } from '../analysis/bake-fix.js';
import { contextDirCandidates } from '../analysis/candidates.js';
import { displayPath, resolveInRoot } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { BakePathAlternative, BakePathsData } from '../../transforms/bake-paths.js';

/**
 * A Bake target's `context` (resolved against the directory Bake runs in) does not exist: the
 * build fails before it starts. An error when the path is certain; info when it depends on a
 * variable the repository gives no value (it is set where the build runs).
 */
export const bakeContextMissing: Detector<Record<string, never>, BakePathsData> = {
  meta: {
    id: 'bake-context-missing',
    summary: 'A Bake target\'s `context` directory does not exist.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/bake-context-missing.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<BakePathsData>[] = [];
    const seen = new Set<string>();
    for (const context of project.contexts) {
      const o = context.origin;
      if (o.kind !== 'bake' || context.dirExists) continue;
      const at = o.contextAt;
      const location = at ? { file: at.file, start: at.attribute.value.start, end: at.attribute.value.end } : { file: o.file, start: o.span.start, end: o.span.end };
      const key = `${location.file}:${location.start}:${context.dir}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const written = o.bake.dockerfile ?? 'Dockerfile';
      const dirs = contextDirCandidates(project.tree, context.dir, context.dockerfile === null ? null : written, o.cwd);
      const uncertain = o.bake.uncertain.has('context');
      const fromRoot = resolvesFromRoot(project, context);
      const alternatives: BakePathAlternative[] = [];
      if (!uncertain && !fromRoot) {
        for (const dir of dirs) {
          const edit = bakeContextEdit(context, dir, context.dockerfile === null ? `${dir}/Dockerfile` : resolveInRoot(dir, written)!, 'safe');
          if (edit) alternatives.push(edit);
        }
      }
      const applicability = alternatives.length === 1 ? 'safe' : 'unsafe';
      const looked = alternatives.length === 0 ? '' : ` ${written} exists in ${dirs.map((d) => `'${d}'`).join(', ')}.`;
      const via = uncertain ? ' It depends on a Bake variable with no default in the repository, so its value where the build runs is not known.' : '';
      findings.push({
        rule: 'bake-context-missing',
        severity: uncertain || fromRoot ? 'info' : 'error',
        location,
        context: displayPath(context.dir),
        message: `${fromRoot ? `Bake target '${o.target}' (${o.file}, read from '${displayPath(o.cwd)}' as Bake's default file there; no command line of the repository names it)` : `Bake target '${o.target}'`}: context '${o.bake.context}' resolves to ${displayPath(context.dir)} (relative to '${displayPath(o.cwd)}', where Bake runs), which does not exist; the build fails before it starts.${looked}${via}${fromRoot ? ` From the repository root (\`docker buildx bake -f ${o.file}\`) every path of the target exists: how the file is run decides.` : ''}`,
        data: { alternatives: alternatives.map((a) => ({ ...a, applicability })) },
      });
    }
    return findings;
  },
};
