import { exposedPorts } from '../analysis/models.js';
import { isContiguous } from '../buildkit/instructions.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's ExposeInvalidFormat (dockerfile2llb/convert_expose.go parsePort): an `EXPOSE` port
 * with an IP address or a host port (`127.0.0.1:80:80`, `8080:80`). BuildKit exposes only the
 * container port; IP and host port are ignored today and will be errors in a future release
 * (moby/buildkit#2173).
 */
export const exposeInvalidFormat: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'expose-invalid-format',
    summary: 'An EXPOSE port with an IP address or host port (BuildKit check ExposeInvalidFormat).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/expose-invalid-format.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'ExposeInvalidFormat',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const { dockerfile: df, instruction: ins, port, spec } of exposedPorts(project)) {
      if (spec.ip === '' && spec.hostPort === '') continue;
      // Unambiguous only when BuildKit accepts the spec: then it exposes exactly the container
      // port, and keeping only that part changes nothing in the image.
      const fixable = spec.valid && isContiguous(df.text, port);
      findings.push({
        rule: 'expose-invalid-format',
        severity: 'warning',
        location: { file: df.path, start: ins.start, end: port.end },
        message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${port.text}'`,
        data: { fix: fixable ? { title: `Expose only the container port '${spec.container}'`, applicability: 'safe', edits: [{ start: port.start, end: port.end, text: spec.container }] } : undefined },
      });
    }
    return findings;
  },
};
