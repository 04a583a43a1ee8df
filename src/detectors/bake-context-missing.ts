import { bakeBuildsAt, bakeContextEdit, bakeTargetWording } from '../analysis/bake-fix.js';
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
    const builds = bakeBuildsAt(project, (context, o) => !context.dirExists && o.contextAt, (context) => context.dir);
    for (const build of builds) {
      const { context, origin: o, location, fromRoot } = build;
      const written = o.bake.dockerfile ?? 'Dockerfile';
      const dirs = contextDirCandidates(project.tree, context.dir, context.dockerfile === null ? null : written, o.cwd);
      const uncertain = o.bake.uncertain.has('context');
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
      const { target, fromRootNote } = bakeTargetWording(build);
      findings.push({
        rule: 'bake-context-missing',
        severity: uncertain || fromRoot ? 'info' : 'error',
        location,
        context: displayPath(context.dir),
        message: `${target}: context '${o.bake.context}' resolves to ${displayPath(context.dir)} (relative to '${displayPath(o.cwd)}', where Bake runs), which does not exist; the build fails before it starts.${looked}${via}${fromRootNote}`,
        data: { alternatives: alternatives.map((a) => ({ ...a, applicability })) },
      });
    }
    return findings;
  },
};
