// Which directory a Dockerfile that nothing names is built from, judged by where its COPY/ADD
// sources resolve. A leaf module (no project model): the project model hands each unnamed
// Dockerfile to it while the model is built.
import type { CopyInstruction, DockerfileModel, SourceRef } from '../dockerfile/model.js';
import { dirnameOf } from '../project/paths.js';
import type { FileTree } from '../project/walk.js';
import { resolveSource, type ContextView, type SourceStatus } from './context-sources.js';

export type CheckStatus = SourceStatus | { status: 'unresolved'; names: string[] };

/** Sources that read from the build context: not heredocs, URLs, git refs, or `--from`. */
export function contextSources(model: DockerfileModel): Array<{ copy: CopyInstruction; source: SourceRef }> {
  const out: Array<{ copy: CopyInstruction; source: SourceRef }> = [];
  for (const copy of model.copies) {
    if (copy.from) continue;
    for (const source of copy.sources) if (source.kind === 'path') out.push({ copy, source });
  }
  return out;
}

export function checkSource(tree: FileTree, view: ContextView, source: SourceRef): CheckStatus {
  if (source.value === null) return { status: 'unresolved', names: source.unresolved };
  return resolveSource(tree, view, source.value);
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
