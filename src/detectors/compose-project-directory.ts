import { relocatedFiles, type RelocatedProject } from '../compose/project-directory.js';
import { displayPath, relativePath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/**
 * A compose file (or a project of files in one folder) whose every relative path — build
 * contexts with their Dockerfile, env files — fails from its own folder, the project directory
 * Compose uses by default, but resolves from one ancestor: a file kept aside to be copied there
 * or run with `--project-directory` (src/compose/project-directory.ts). `info`, and it replaces
 * the errors the path rules would report one by one for the file: whether the copy or the flag
 * is part of the documented workflow is outside what dockmend reads. One path failing while
 * others resolve is not this, and stays an error.
 */
export const composeProjectDirectory: Detector<Record<string, never>> = {
  meta: {
    id: 'compose-project-directory',
    summary: 'Every relative path of a compose file fails from its folder but resolves from an ancestor: it is meant to run from there.',
    severity: 'info',
    fix: 'none',
    docs: 'docs/rules/compose-project-directory.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    const seen = new Set<RelocatedProject>();
    for (const r of relocatedFiles(project).values()) {
      if (seen.has(r)) continue;
      seen.add(r);
      const file = r.project.files[0]!;
      const from = r.resolvesFrom === '' ? 'the repository root' : `'${r.resolvesFrom}'`;
      const rel = (p: string) => relativePath(r.resolvesFrom, p);
      findings.push({
        rule: 'compose-project-directory',
        severity: 'info',
        location: { file, start: 0, end: 0 },
        message: `All ${r.paths} relative paths of this override (build contexts, Dockerfiles, env files) fail from its folder '${displayPath(r.project.projectDir)}' but resolve from ${from}, next to ${r.base}: run it from there over its base (\`docker compose -f ${rel(r.base)} -f ${rel(file)}\`, or \`--project-directory .\`) or copy it there.`,
      });
    }
    return findings;
  },
};
