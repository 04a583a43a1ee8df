// Every COPY/ADD source of every Dockerfile, checked against every context it is built with.
// Each context's paths come from the one walk (the tree index); nothing here walks again.
import type { CopyInstruction, DockerfileModel, SourceRef } from '../dockerfile/model.js';
import { dirnameOf } from '../project/paths.js';
import type { BuildContext, Project } from '../project/project.js';
import type { FileTree } from '../project/walk.js';
import { resolveSource, type ContextView, type SourceStatus } from './context-sources.js';
import { dockerfileModel, ignoreOf } from './models.js';

export type CheckStatus = SourceStatus | { status: 'unresolved'; names: string[] };

export interface SourceCheck {
  copy: CopyInstruction;
  source: SourceRef;
  result: CheckStatus;
}

export interface DockerfileCheck {
  context: BuildContext;
  view: ContextView;
  dockerfile: string;
  model: DockerfileModel;
  checks: SourceCheck[];
}

const memo = new WeakMap<Project, DockerfileCheck[]>();

/** Sources that read from the build context: not heredocs, URLs, git refs, or `--from`. */
export function contextSources(model: DockerfileModel): Array<{ copy: CopyInstruction; source: SourceRef }> {
  const out: Array<{ copy: CopyInstruction; source: SourceRef }> = [];
  for (const copy of model.copies) {
    if (copy.from) continue;
    for (const source of copy.sources) if (source.kind === 'path') out.push({ copy, source });
  }
  return out;
}

export function contextView(project: Project, context: BuildContext): ContextView {
  return { dir: context.dir, ignore: context.ignoreFile ? ignoreOf(project, context.ignoreFile)?.matcher ?? null : null };
}

export function checkSource(tree: FileTree, view: ContextView, source: SourceRef): CheckStatus {
  if (source.value === null) return { status: 'unresolved', names: source.unresolved };
  return resolveSource(tree, view, source.value);
}

export function copyAnalysis(project: Project): DockerfileCheck[] {
  const cached = memo.get(project);
  if (cached) return cached;
  const result: DockerfileCheck[] = [];
  for (const context of project.contexts) {
    if (!context.dockerfile || !context.dockerfileExists || !context.dirExists) continue;
    const model = dockerfileModel(project, context.dockerfile, context.args);
    if (!model) continue;
    const view = contextView(project, context);
    const checks = contextSources(model).map(({ copy, source }) => ({ copy, source, result: checkSource(project.tree, view, source) }));
    result.push({ context, view, dockerfile: context.dockerfile, model, checks });
  }
  memo.set(project, result);
  return result;
}

const explained = (r: CheckStatus) => r.status === 'ok' || r.status === 'ignored' || r.status === 'unresolved';

/**
 * The directory a Dockerfile that nothing names is most likely built from: its own directory
 * when its sources resolve there (`docker build .`), else the nearest ancestor where they all
 * do (`docker build -f dockerfiles/x.Dockerfile .` from the repository root), else the one
 * explaining most of them, nearest first.
 */
export function inferContextDir(tree: FileTree, model: DockerfileModel, dockerfile: string): string {
  const own = dirnameOf(dockerfile);
  const sources = contextSources(model).map((s) => s.source);
  if (sources.length === 0) return own;
  let best = { dir: own, score: -1 };
  for (let dir: string | null = own; dir !== null; dir = dir === '' ? null : dirnameOf(dir)) {
    const view: ContextView = { dir, ignore: null };
    const score = sources.filter((s) => explained(checkSource(tree, view, s))).length;
    if (score === sources.length) return dir;
    if (score > best.score) best = { dir, score };
  }
  return best.score > 0 ? best.dir : own;
}
