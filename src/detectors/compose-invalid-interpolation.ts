import { invalidInterpolationMessage } from '../compose/interpolate.js';
import { variableReport } from '../compose/variables.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/**
 * A value Compose refuses to interpolate: a `$` followed by `{` that does not open a valid
 * `${NAME}`, `${NAME:-default}`, ... expression (compose-go template.go). `docker compose`
 * stops with "invalid interpolation format for <key>. You may need to escape any $ with another $."
 */
export const composeInvalidInterpolation: Detector<Record<string, never>> = {
  meta: {
    id: 'compose-invalid-interpolation',
    summary: 'A compose value holds a `${...}` expression Compose cannot interpolate.',
    severity: 'error',
    fix: 'none',
    docs: 'docs/rules/compose-invalid-interpolation.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const bad of variableReport(project).invalid) {
      findings.push({
        rule: 'compose-invalid-interpolation',
        severity: 'error',
        location: { file: bad.unit.file.path, ...bad.span },
        message: `${invalidInterpolationMessage(bad.key).replace('\n', ' ')} (in ${JSON.stringify(bad.template)})`,
      });
    }
    return findings;
  },
};
