// Shared shape of the COPY/ADD source findings: one per (rule, Dockerfile, source, context),
// even when several services build the same Dockerfile from the same context.
import { displayPath } from '../project/paths.js';
import type { Finding, Severity } from '../types.js';
import { copyAnalysis, type CheckStatus, type DockerfileCheck, type SourceCheck } from './copies.js';
import { resolveSource } from './context-sources.js';
import type { Project } from '../project/project.js';

export function sourceFindings<Data>(
  project: Project,
  rule: string,
  severity: Severity,
  wanted: CheckStatus['status'],
  describe: (check: DockerfileCheck, source: SourceCheck) => { message: string; data?: Data } | null,
): Finding<Data>[] {
  const seen = new Set<string>();
  const findings: Finding<Data>[] = [];
  for (const check of copyAnalysis(project)) {
    for (const sc of check.checks) {
      if (sc.result.status !== wanted) continue;
      const key = `${check.dockerfile}\0${sc.source.start}\0${check.context.dir}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const described = describe(check, sc);
      if (!described) continue;
      findings.push({
        rule,
        severity,
        location: { file: check.dockerfile, start: sc.source.start, end: sc.source.end },
        context: displayPath(check.context.dir),
        message: described.message,
        ...(described.data !== undefined ? { data: described.data } : {}),
      });
    }
  }
  return findings;
}

/** How a context is referred to in messages: "context 'docker' (docker/compose.yml, service api)". */
export function describeContext(check: DockerfileCheck): string {
  const o = check.context.origin;
  const where =
    o.kind === 'compose' ? ` (${o.file}, service ${o.service})` : o.invocation ? ` (${o.invocation.file}:${o.invocation.line})` : o.inferredFrom !== undefined ? ' (inferred)' : '';
  return `context '${displayPath(check.context.dir)}'${where}`;
}

/**
 * A rewrite of a Dockerfile shared by several builds must not break a build where the source
 * resolves today: the candidate has to resolve in each of them too.
 */
export function keepsOtherBuilds(project: Project, check: DockerfileCheck, sc: SourceCheck, candidate: string): boolean {
  const prefix = /^(?:\.\/|\/)*/.exec(sc.source.raw)?.[0] ?? '';
  for (const other of copyAnalysis(project)) {
    if (other === check || other.dockerfile !== check.dockerfile) continue;
    const same = other.checks.find((o) => o.source.start === sc.source.start);
    if (same?.result.status !== 'ok') continue;
    if (resolveSource(project.tree, other.view, prefix + candidate).status !== 'ok') return false;
  }
  return true;
}
