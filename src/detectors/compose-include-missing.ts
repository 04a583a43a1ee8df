import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import { displayPath } from '../project/paths.js';

/**
 * An `include:` entry whose file, or whose `env_file`, does not exist: Compose stops loading
 * the project (compose-go loader/include.go ApplyInclude: the resource loader fails on a
 * missing path, and `os.Stat` on each relative `env_file` returns its error).
 */
export const composeIncludeMissing: Detector<Record<string, never>> = {
  meta: {
    id: 'compose-include-missing',
    summary: 'An `include:` entry names a compose file or env_file that does not exist.',
    severity: 'error',
    fix: 'none',
    docs: 'docs/rules/compose-include-missing.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const visited = new Set<(typeof project.composeProjects)[number]>();
    const visit = (p: (typeof project.composeProjects)[number]) => {
      if (visited.has(p)) return;
      visited.add(p);
      for (const problem of p.problems ?? []) {
        const key = `${problem.file}\0${problem.span.start}\0${problem.written}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const where = problem.resolved === null ? `'${problem.written}' (outside the repository)` : problem.resolved === problem.written ? `'${problem.written}'` : `'${problem.written}' (${displayPath(problem.resolved)})`;
        findings.push({
          rule: 'compose-include-missing',
          severity: 'error',
          location: { file: problem.file, start: problem.span.start, end: problem.span.end },
          message:
            problem.kind === 'include-missing'
              ? `include: ${where} does not exist; Compose stops loading the project.`
              : problem.kind === 'include-cycle'
                ? `include: ${where} is already being loaded by the files that include this one; Compose stops with "include cycle detected".`
                : `include: env_file ${where} does not exist; Compose stops loading the project ("stat ${problem.resolved ?? problem.written}: no such file or directory").`,
        });
      }
      for (const inc of p.includes ?? []) visit(inc);
    };
    for (const p of project.composeProjects) visit(p);
    return findings;
  },
};
