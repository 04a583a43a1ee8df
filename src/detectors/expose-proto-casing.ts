import { exposedPorts } from '../analysis/models.js';
import { isContiguous } from '../buildkit/instructions.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's ExposeProtoCasing (dockerfile2llb/convert_expose.go parsePort): an `EXPOSE` port
 * whose protocol (`tcp`, `udp`, `sctp`, matched case-insensitively) is not written lower-case.
 * An unknown protocol fails the build before the check runs; ports with a variable are expanded
 * by BuildKit first and are not judged here.
 */
export const exposeProtoCasing: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'expose-proto-casing',
    summary: 'An EXPOSE protocol not in lower case (BuildKit check ExposeProtoCasing).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/expose-proto-casing.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'ExposeProtoCasing',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const { dockerfile: df, instruction: ins, port, spec } of exposedPorts(project)) {
      if (spec.proto === spec.proto.toLowerCase() || spec.container.startsWith('/') || !['tcp', 'udp', 'sctp'].includes(spec.proto.toLowerCase())) continue;
      const protoStart = port.end - spec.proto.length;
      findings.push({
        rule: 'expose-proto-casing',
        severity: 'warning',
        location: { file: df.path, start: ins.start, end: port.end },
        message: `Defined protocol '${port.text}' in EXPOSE instruction should be lowercase`,
        data: { fix: isContiguous(df.text, port) ? { title: `Write protocol '${spec.proto}' as '${spec.proto.toLowerCase()}'`, applicability: 'safe', edits: [{ start: protoStart, end: port.end, text: spec.proto.toLowerCase() }] } : undefined },
      });
    }
    return findings;
  },
};
