import { contextDirCandidates } from '../analysis/candidates.js';
import { composeContextEdit } from '../analysis/context-fix.js';
import { relocatedFiles, relocationKey } from '../compose/project-directory.js';
import { basenameOf, displayPath, resolveInRoot } from '../project/paths.js';
import { templateNote } from '../compose/template-files.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { ComposePathAlternative, ComposePathsData } from '../../transforms/compose-paths.js';

/**
 * `build.context` (resolved against the project directory — the first compose file's
 * directory) does not exist. Compose fails with `unable to prepare context: path "<p>" not found`.
 */
export const composeBuildContextMissing: Detector<Record<string, never>, ComposePathsData> = {
  meta: {
    id: 'compose-build-context-missing',
    summary: 'A compose `build.context` directory does not exist.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/compose-build-context-missing.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<ComposePathsData>[] = [];
    const relocated = relocatedFiles(project);
    for (const context of project.contexts) {
      const o = context.origin;
      if (o.kind !== 'compose' || context.dirExists) continue;
      // A file meant to run from an ancestor: compose-project-directory reports it once.
      if (relocated.has(relocationKey(o.projectDir, o.contextAt?.file ?? o.file))) continue;
      const written = o.dockerfileAt?.scalar.value ?? 'Dockerfile';
      const dirs = contextDirCandidates(project.tree, context.dir, context.dockerfile === null ? null : written, o.projectDir);
      const alternatives: ComposePathAlternative[] = [];
      for (const dir of dirs) {
        const edit = composeContextEdit(project, context, dir, context.dockerfile === null ? `${dir}/Dockerfile` : resolveInRoot(dir, written)!, 'safe');
        if (edit) alternatives.push(edit);
      }
      const applicability = alternatives.length === 1 ? 'safe' : 'unsafe';
      const span = o.contextAt?.scalar ?? o.span;
      const holding = context.dockerfile === null ? '' : ` holding ${written}`;
      const looked =
        alternatives.length === 0
          ? ` No directory named ${basenameOf(context.dir)}${holding} is anywhere in the repository.`
          : context.dockerfile === null
            ? ` Found ${dirs.join(', ')}.`
            : ` ${written} exists in ${dirs.map((d) => `'${d}'`).join(', ')}.`;
      findings.push({
        rule: 'compose-build-context-missing',
        severity: templateNote(o.contextAt?.file ?? o.file) ? 'info' : 'error',
        location: { file: o.contextAt?.file ?? o.file, start: span.start, end: span.end },
        context: displayPath(context.dir),
        message: `Service '${o.service}': build context '${o.contextAt?.scalar.value ?? '.'}' resolves to ${displayPath(context.dir)} (relative to the project directory '${displayPath(o.projectDir)}'), which does not exist; the build fails with \`unable to prepare context: path "${displayPath(context.dir)}" not found\`.${looked}${templateNote(o.contextAt?.file ?? o.file)}`,
        data: { alternatives: alternatives.map((a) => ({ ...a, applicability })) },
      });
    }
    return findings;
  },
};
