import { composeAnalysis } from '../compose/analysis.js';
import { nearestName } from '../compose/names.js';
import { servicesOf, type RefKind, type ServiceRef } from '../compose/services.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { YamlReplaceData } from '../../transforms/yaml-replace.js';

const VERB: Record<RefKind, string> = {
  depends_on: 'depends on',
  links: 'links to',
  extends: 'extends',
  network_mode: 'shares the network stack (network_mode: service:…) of',
  volumes_from: 'mounts the volumes (volumes_from) of',
  pid: 'shares the PID namespace (pid: service:…) of',
  ipc: 'shares the IPC namespace (ipc: service:…) of',
};

/**
 * `depends_on` (list and map forms), `links` (`svc:alias`), `extends.service`,
 * `network_mode`/`pid`/`ipc: service:x` and `volumes_from` (`svc`, `svc:ro`; `container:x` is a
 * container) naming a service the project does not define after its files are merged. Compose
 * stops with e.g. `service "web" depends on undefined service "db": invalid compose project`.
 * `depends_on` entries with `required: false` are optional and not reported.
 */
export const composeUnknownService: Detector<Record<string, never>, YamlReplaceData> = {
  meta: {
    id: 'compose-unknown-service',
    summary: 'A service refers (depends_on, links, extends, network_mode, volumes_from) to a service that is not defined.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/compose-unknown-service.md',
    defaultOptions: {},
  },
  detect(project) {
    const analysis = composeAnalysis(project);
    const findings: Finding<YamlReplaceData>[] = [];
    const seen = new Set<string>();
    for (const top of project.composeProjects) {
      const names = new Set(analysis.services(top).keys());
      for (const unit of analysis.units) {
        if (unit.top !== top || unit.role === 'extends') continue;
        const own = servicesOf(unit.file);
        const ownNames = new Set(own.map((s) => s.name));
        for (const service of own) {
          for (const ref of service.refs) {
            // `extends` without `file` looks in the same file.
            const known = ref.kind === 'extends' ? ownNames : names;
            if (known.has(ref.name) || !ref.required || ref.name.includes('$')) continue;
            const key = `${unit.file.path}\0${ref.scalar.range?.[0]}\0${service.name}`;
            if (seen.has(key)) continue;
            seen.add(key);
            findings.push(finding(unit.file.path, service.name, ref, known));
          }
        }
      }
    }
    return findings;
  },
};

function finding(file: string, service: string, ref: ServiceRef, known: Set<string>): Finding<YamlReplaceData> {
  const near = nearestName(ref.name, [...known].filter((n) => n !== service));
  const compose = ref.kind === 'depends_on' ? ` Compose stops with: service "${service}" depends on undefined service "${ref.name}": invalid compose project.` : '';
  const data: YamlReplaceData = {};
  if (near && ref.nameSpan) {
    data.replace = { file, ...ref.nameSpan, text: near, title: `Replace '${ref.name}' with '${near}'`, applicability: 'safe' };
  }
  const span = ref.nameSpan ?? { start: ref.scalar.range?.[0] ?? 0, end: ref.scalar.range?.[1] ?? 0 };
  return {
    rule: 'compose-unknown-service',
    severity: 'error',
    location: { file, ...span },
    message: `Service '${service}' ${VERB[ref.kind]} '${ref.name}', which is not defined${ref.kind === 'extends' ? ' in this file' : ' in this compose project'}${near ? ` (did you mean '${near}'?)` : ''}.${compose}`,
    data,
  };
}
