import { isContiguous, lintedDockerfiles } from '../buildkit/instructions.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's ExposeProtoCasing: an `EXPOSE` port whose protocol (after the last `/`) is not
 * lower-case. Ports with a variable are expanded by BuildKit first; they are not judged here.
 */
export const exposeProtoCasing: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'expose-proto-casing',
    summary: 'An EXPOSE protocol not in lower case (BuildKit check ExposeProtoCasing).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/expose-proto-casing.md',
    defaultOptions: {},
    buildkitCheck: 'ExposeProtoCasing',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const df of lintedDockerfiles(project)) {
      for (const { ins, args } of df.instructions) {
        if (ins.keyword !== 'EXPOSE') continue;
        for (const port of args) {
          if (/[$'"]/.test(port.text) || port.text.includes(df.escapeChar)) continue;
          const slash = port.text.lastIndexOf('/');
          if (slash < 0) continue;
          const proto = port.text.slice(slash + 1);
          if (proto === proto.toLowerCase()) continue;
          findings.push({
            rule: 'expose-proto-casing',
            severity: 'warning',
            location: { file: df.path, start: ins.start, end: port.end },
            message: `Defined protocol '${port.text}' in EXPOSE instruction should be lowercase`,
            data: { fix: isContiguous(df.text, port) ? { title: `Write protocol '${proto}' as '${proto.toLowerCase()}'`, applicability: 'safe', edits: [{ start: port.start + slash + 1, end: port.end, text: proto.toLowerCase() }] } : undefined },
          });
        }
      }
    }
    return findings;
  },
};
