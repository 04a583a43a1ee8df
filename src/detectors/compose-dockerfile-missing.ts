import { editDistance } from '../analysis/candidates.js';
import { composeContextEdit, dockerfileAlternatives } from '../analysis/context-fix.js';
import { relocatedFiles, relocationKey } from '../compose/project-directory.js';
import { basenameOf, displayPath } from '../project/paths.js';
import { templateNote } from '../compose/template-files.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { ComposePathAlternative, ComposePathsData } from '../../transforms/compose-paths.js';

/**
 * `build.dockerfile` (resolved against the context, as Compose does) does not exist. Compose
 * fails with `failed to solve: failed to read dockerfile: open <name>: no such file or directory`.
 */
export const composeDockerfileMissing: Detector<Record<string, never>, ComposePathsData> = {
  meta: {
    id: 'compose-dockerfile-missing',
    summary: 'A compose `build.dockerfile` does not exist relative to its build context.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/compose-dockerfile-missing.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<ComposePathsData>[] = [];
    const relocated = relocatedFiles(project);
    for (const context of project.contexts) {
      const o = context.origin;
      if (o.kind !== 'compose' || !context.dirExists || context.dockerfile === null || context.dockerfileExists) continue;
      // A file meant to run from an ancestor: compose-project-directory reports it once.
      if (relocated.has(relocationKey(o.projectDir, (o.dockerfileAt ?? o.contextAt)?.file ?? o.file))) continue;
      const written = o.dockerfileAt?.scalar.value ?? 'Dockerfile';
      const name = basenameOf(context.dockerfile);
      let found = project.dockerfiles.filter((d) => basenameOf(d) === name);
      // A similar name (`app.Dockerfile` for `api.Dockerfile`) is a guess: never a safe fix.
      const similar = found.length === 0;
      if (similar) found = project.dockerfiles.filter((d) => editDistance(basenameOf(d), name, 2) <= 2);
      found = rank(found, o.service, project.contexts.filter((c) => c !== context && c.origin.kind === 'compose' && c.dockerfileExists).map((c) => c.dockerfile!));
      const alternatives: ComposePathAlternative[] = [];
      // Sources no directory tried has (per Dockerfile found), set aside by a partial alternative.
      const setAside: string[] = [];
      for (const f of found) {
        for (const alt of dockerfileAlternatives(project, context, written, f)) {
          const edit = composeContextEdit(project, context, alt.dir, alt.dockerfile, 'safe');
          if (!edit || alternatives.some((a) => a.title === edit.title)) continue;
          alternatives.push(edit);
          if (alt.partial) setAside.push(`${f}: ${alt.partial.missing.map((m) => `'${m}'`).join(', ')}`);
        }
      }
      // A context from which some sources still fail is a likely repair, never a certain one.
      const applicability = alternatives.length === 1 && !similar && setAside.length === 0 ? 'safe' : 'unsafe';
      const where = o.dockerfileAt ?? o.contextAt;
      const span = where ? where.scalar : o.span;
      const looked =
        found.length === 0
          ? ` No Dockerfile named ${name} (or a similar name) is anywhere in the repository.`
          : alternatives.length === 0
            ? ` ${found.join(', ')} ${found.length === 1 ? 'has' : 'have'} that name, but ${found.length === 1 ? 'its' : 'their'} COPY sources resolve from no directory tried.`
            : ` Found ${found.join(', ')}.${setAside.length > 0 ? ` Some of its sources are in no directory tried (${setAside.join('; ')}); the context offered sends every other one, and copy-source-missing reports those.` : ''}`;
      findings.push({
        rule: 'compose-dockerfile-missing',
        severity: templateNote(where?.file ?? o.file) ? 'info' : 'error',
        location: { file: where?.file ?? o.file, start: span.start, end: span.end },
        context: displayPath(context.dir),
        message: `Service '${o.service}': dockerfile '${written}' resolves to ${context.dockerfile} (relative to the build context '${displayPath(context.dir)}'), which does not exist; the build fails with "failed to read dockerfile: open ${name}: no such file or directory".${looked}${templateNote(where?.file ?? o.file)}`,
        data: { alternatives: alternatives.map((a) => ({ ...a, applicability })) },
      });
    }
    return findings;
  },
};

/**
 * Likeliest first: a Dockerfile in a directory (or with a name) that says the service's name,
 * then those no other service builds, then the rest; stable otherwise.
 */
function rank(found: string[], service: string, builtByOthers: string[]): string[] {
  const s = service.toLowerCase();
  const score = (f: string) => {
    const parts = f.toLowerCase().split('/');
    const named = parts.slice(0, -1).includes(s) || parts[parts.length - 1].split(/[._-]/).includes(s);
    return named ? 0 : builtByOthers.includes(f) ? 2 : 1;
  };
  return found.map((f, i) => ({ f, i, k: score(f) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.f);
}
