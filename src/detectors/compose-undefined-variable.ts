import { describeUses, stubPlan, variableReport } from '../compose/variables.js';
import { displayPath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { EnvStubData } from '../../transforms/env-stub.js';

/**
 * `$VAR` / `${VAR}` with no default that neither the shell, the project's `.env` nor an env
 * template (`.env.example`, `.env.template`, ...) defines: Compose substitutes an empty string
 * with the warning `The "VAR" variable is not set. Defaulting to a blank string.`
 * `${VAR:?err}` / `${VAR?err}` are required on purpose and not reported, nor are `${VAR:-d}`,
 * `${VAR-d}`, `${VAR:+alt}`, `${VAR+alt}`.
 *
 * A file run only with an `--env-file` outside the repository (`--env-file ~/gitops/x.env` on a
 * documented command line) may get any variable from that file: a variable with no value in the
 * repository is an `info` naming the file, not a warning, and has no fix.
 */
export const composeUndefinedVariable: Detector<Record<string, never>, EnvStubData> = {
  meta: {
    id: 'compose-undefined-variable',
    summary: 'A compose file uses a variable with no default that is neither set nor listed in the env template.',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/compose-undefined-variable.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<EnvStubData>[] = [];
    for (const group of variableReport(project).undefined.values()) {
      const names = [...group.byName.keys()];
      // One stub block per template holds every undefined variable of the directory: stubs
      // appended at one point would otherwise take one fix pass each.
      const stubs = names.map((name) => ({ name, comment: `${name}: used by ${describeUses(group.byName.get(name)!)}` }));
      const stub = stubPlan(project, group.vars, stubs);
      const dir = displayPath(group.vars.dir);
      for (const name of names) {
        const uses = group.byName.get(name)!;
        const first = uses[0]!;
        const sources = `is not set (shell, ${dir === '.' ? '' : `${dir}/`}.env), not listed in ${stub.file}, and has no default`;
        findings.push({
          rule: 'compose-undefined-variable',
          severity: 'warning',
          location: { file: first.unit.file.path, ...first.span },
          message: `${name} ${sources}: Compose substitutes a blank string ("The "${name}" variable is not set. Defaulting to a blank string."). Used by ${describeUses(uses)}.`,
          data: { stub },
        });
      }
    }
    for (const group of variableReport(project).external.values()) {
      const link = group.vars.envLink!;
      const where = link.origin ? ` (${link.origin.file}:${link.origin.line})` : '';
      for (const [name, uses] of group.byName) {
        const first = uses[0]!;
        findings.push({
          rule: 'compose-undefined-variable',
          severity: 'info',
          location: { file: first.unit.file.path, ...first.span },
          message: `${name} is expected from ${link.path}${where}, outside the repository: it has no value in the repository and no default, so dockmend cannot check it is set. Used by ${describeUses(uses)}.`,
        });
      }
    }
    return findings;
  },
};
