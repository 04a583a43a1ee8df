import { editDistance } from '../analysis/candidates.js';
import { bakeBuildsAt, bakeContextEdit, bakeTargetWording } from '../analysis/bake-fix.js';
import { dockerfileAlternatives } from '../analysis/context-fix.js';
import { basenameOf, displayPath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { BakePathAlternative, BakePathsData } from '../../transforms/bake-paths.js';

/**
 * A Bake target's `dockerfile`, resolved against its context as Bake does (bake.go toBuildOpt
 * joins the context and the Dockerfile path), does not exist: the build fails with
 * "failed to read dockerfile: open <name>: no such file or directory". The same repairs as
 * compose-dockerfile-missing: the Dockerfile of that name found elsewhere, with the context
 * and path that send its sources.
 */
export const bakeDockerfileMissing: Detector<Record<string, never>, BakePathsData> = {
  meta: {
    id: 'bake-dockerfile-missing',
    summary: 'A Bake target\'s `dockerfile` does not exist relative to its context.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/bake-dockerfile-missing.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<BakePathsData>[] = [];
    const builds = bakeBuildsAt(
      project,
      (context, o) => context.dirExists && context.dockerfile !== null && !context.dockerfileExists && (o.dockerfileAt ?? o.contextAt),
      (context) => context.dockerfile ?? '',
    );
    for (const build of builds) {
      const { context, origin: o, location, fromRoot } = build;
      const dockerfile = context.dockerfile!;
      const written = o.bake.dockerfile ?? 'Dockerfile';
      const name = basenameOf(dockerfile);
      let found = project.dockerfiles.filter((d) => basenameOf(d) === name);
      // A similar name is a guess: never a safe fix.
      const similar = found.length === 0;
      if (similar) found = project.dockerfiles.filter((d) => editDistance(basenameOf(d), name, 2) <= 2);
      const uncertain = o.bake.uncertain.has('dockerfile') || o.bake.uncertain.has('context');
      const alternatives: BakePathAlternative[] = [];
      const setAside: string[] = [];
      if (!uncertain && !fromRoot) {
        for (const f of found) {
          for (const alt of dockerfileAlternatives(project, context, written, f)) {
            const edit = bakeContextEdit(context, alt.dir, alt.dockerfile, 'safe');
            if (!edit || alternatives.some((a) => a.title === edit.title)) continue;
            alternatives.push(edit);
            if (alt.partial) setAside.push(`${f}: ${alt.partial.missing.map((m) => `'${m}'`).join(', ')}`);
          }
        }
      }
      const applicability = alternatives.length === 1 && !similar && setAside.length === 0 ? 'safe' : 'unsafe';
      const looked =
        found.length === 0
          ? ` No Dockerfile named ${name} (or a similar name) is anywhere in the repository.`
          : alternatives.length === 0
            ? ` Found ${found.join(', ')}.`
            : ` Found ${found.join(', ')}.${setAside.length > 0 ? ` Some of its sources are in no directory tried (${setAside.join('; ')}); copy-source-missing reports those.` : ''}`;
      const via = uncertain ? ' The path depends on a Bake variable with no default in the repository, so its value where the build runs is not known.' : '';
      const wording = bakeTargetWording(build);
      findings.push({
        rule: 'bake-dockerfile-missing',
        severity: uncertain || fromRoot ? 'info' : 'error',
        location,
        context: displayPath(context.dir),
        message: `${wording.target}: dockerfile '${written}' resolves to ${dockerfile} (relative to the context '${displayPath(context.dir)}'), which does not exist; the build fails with "failed to read dockerfile: open ${name}: no such file or directory".${looked}${via}${wording.fromRootNote}`,
        data: { alternatives: alternatives.map((a) => ({ ...a, applicability })) },
      });
    }
    return findings;
  },
};
