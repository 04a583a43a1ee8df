// Shared shape of the COPY/ADD source findings: one per (rule, Dockerfile, source, context),
// even when several services build the same Dockerfile from the same context.
import { displayPath } from '../project/paths.js';
import type { Finding, Severity } from '../types.js';
import { copyAnalysis, type CheckStatus, type DockerfileCheck, type SourceCheck } from './copies.js';
import { resolveSource } from './context-sources.js';
import { reachedStages, stageLabel } from '../dockerfile/reached.js';
import type { BuildContext, Project } from '../project/project.js';

/**
 * Whether dockmend guessed where this build runs: no compose service, configuration entry or
 * `docker build` line of the repository (a script, Makefile, workflow or README) names the
 * Dockerfile, so its context is either inferred from where its sources resolve or its own folder
 * by default (`docker build .` there). Both are guesses — CI may build it from elsewhere.
 */
export function isGuessedContext(context: BuildContext): boolean {
  const o = context.origin;
  return o.kind === 'directory' && o.configured !== true && o.invocation === undefined;
}

/** Statuses that depend on what the context holds (not on the source text alone). */
const CONTEXT_DEPENDENT = new Set<CheckStatus['status']>(['missing', 'ignored']);

export function sourceFindings<Data>(
  project: Project,
  rule: string,
  severity: Severity,
  wanted: CheckStatus['status'],
  describe: (check: DockerfileCheck, source: SourceCheck) => { message: string; data?: Data; severity?: Severity } | null,
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
      // An error means the build fails as the repository stands; against a guessed context
      // dockmend cannot know that, so such a finding is at most a warning and says why.
      const base = described.severity ?? severity;
      const guessed = base === 'error' && CONTEXT_DEPENDENT.has(wanted) && isGuessedContext(check.context);
      findings.push({
        rule,
        severity: guessed ? 'warning' : base,
        location: { file: check.dockerfile, start: sc.source.start, end: sc.source.end },
        context: displayPath(check.context.dir),
        message: guessed ? `${described.message} ${guessedNote(check.context)}` : described.message,
        ...(described.data !== undefined ? { data: described.data } : {}),
      });
    }
  }
  return findings;
}

function guessedNote(context: BuildContext): string {
  return `No compose file, configured build or command line of the repository names this Dockerfile, so '${displayPath(context.dir)}' is dockmend's guess of its build context (a warning, not an error).`;
}

/** How a context is referred to in messages: "context 'docker' (docker/compose.yml, service api)". */
export function describeContext(check: DockerfileCheck): string {
  const o = check.context.origin;
  const where =
    o.kind === 'compose'
      ? ` (${o.file}, service ${o.service})`
      : o.kind === 'bake'
        ? ` (${o.file}, Bake target ${o.target})`
        : o.invocation
          ? ` (${o.invocation.file}:${o.invocation.line})`
          : o.inferredFrom !== undefined
            ? ' (inferred)'
            : '';
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

const reachedMemo = new WeakMap<DockerfileCheck, Set<number> | null>();

/**
 * When the build of this context never runs the source's stage (BuildKit builds only the
 * stages its target needs: the compose `target`, else the last stage), why: "stage
 * 'local-ftl-install' is not built by default (the build runs stage 'final' and the stages it
 * needs)". null when the stage is built, or when that cannot be told.
 */
export function unbuiltStage(check: DockerfileCheck, sc: SourceCheck): string | null {
  if (!reachedMemo.has(check)) reachedMemo.set(check, reachedStages(check.model, check.context.target));
  const reached = reachedMemo.get(check)!;
  if (!reached || reached.has(sc.copy.stageIndex)) return null;
  const target = check.context.target;
  const start = target !== undefined ? `stage '${target}' (its build target)` : `${stageLabel(check.model, check.model.stages.length - 1)} (the last stage)`;
  return `${stageLabel(check.model, sc.copy.stageIndex)} is not built by default: the build runs ${start} and the stages it needs, none of which uses it, so this fails only when that stage is built (another --target, or a build arg that selects it)`;
}
