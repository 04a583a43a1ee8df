import { composeAnalysis } from '../compose/analysis.js';
import { schemaProblems } from '../compose/schema.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/**
 * A compose file that fails the Compose Specification JSON schema after interpolation, as
 * `docker compose` validates it (`validating <file>: ...`): unknown keys, wrong types, values
 * outside an enumeration. The message gives the YAML path, the line and what is expected.
 */
export const composeSchema: Detector<Record<string, never>> = {
  meta: {
    id: 'compose-schema',
    summary: 'A compose file does not follow the Compose Specification schema.',
    severity: 'error',
    fix: 'none',
    docs: 'docs/rules/compose-schema.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const unit of composeAnalysis(project).firstUnits) {
      for (const p of schemaProblems(unit.file, unit.vars)) {
        findings.push({ rule: 'compose-schema', severity: 'error', location: { file: unit.file.path, start: p.start, end: p.end }, message: p.message });
      }
    }
    return findings;
  },
};
