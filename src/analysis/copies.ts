// Every COPY/ADD source of every Dockerfile, checked against every context it is built with.
// Each context's paths come from the one walk (the tree index); nothing here walks again.
import type { CopyInstruction, DockerfileModel, SourceRef } from '../dockerfile/model.js';
import type { BuildContext, Project } from '../project/project.js';
import { checkSource, contextSources, type CheckStatus } from './context-inference.js';
import type { ContextView } from './context-sources.js';
import { dockerfileModel, ignoreOf } from './models.js';

export { checkSource, contextSources, inferContextDir, type CheckStatus } from './context-inference.js';

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

export function contextView(project: Project, context: BuildContext): ContextView {
  return { dir: context.dir, ignore: context.ignoreFile ? ignoreOf(project, context.ignoreFile)?.matcher ?? null : null };
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

