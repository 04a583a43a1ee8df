// Which paths of a build context BuildKit transfers to the builder.
//
// BuildKit does not send the whole context: the Dockerfile frontend records the context paths
// the build reads — every COPY/ADD source without `--from` (after variable expansion, URLs
// aside) and the `source` of every `RUN --mount` that mounts the context — in the stages the
// target reaches, and hands them to the context source as `llb.FollowPaths`
// (moby/buildkit frontend/dockerfile/dockerfile2llb/convert.go: `d.ctxPaths`, `filterPaths`;
// convert_runmount.go `dispatchRunMounts`). fsutil then sends only those paths, what is below
// them, and the directories leading to them. One source that is the context itself (`COPY . .`,
// a bind mount without `source`) makes it the whole context again. A build reading nothing
// from the context sends nothing: no FollowPaths then (normalizeContextPaths gives nil), but no
// operation of the build uses the context source either.
//
// Rules that count what a context "sends" (caches, `.env` files, nested `__pycache__`) use this:
// a `.env` next to a Dockerfile that copies only `requirements.txt` and `app/` never leaves the
// machine. Anything dockmend cannot read makes the answer "everything" (null): a Dockerfile
// that is missing or unparsable, a source or mount with an unresolved variable, or a base image
// whose ONBUILD triggers may copy more (or whose name is a variable). Stages it cannot tell are
// reached or not all count (a superset of what is sent).
import { goClean, IgnoreMatcher } from '../ignore/matcher.js';
import type { BuildContext, Project } from '../project/project.js';
import { reachedStages } from '../dockerfile/reached.js';
import { dockerfileInstructions, dockerfileModel } from './models.js';

/** What the builds of one context transfer: a test on context-relative paths. */
export interface TransferScope {
  /** The context paths the builds read, as BuildKit's FollowPaths (context-relative, sorted). */
  paths: string[];
  /** Something of `path` is transferred: the file, or the directory, all of it or a part. */
  reachesInto(path: string): boolean;
  /** All of the directory `path` is transferred (a follow path is it or a parent): `reachesInto` holds below it. */
  reachesAllBelow(path: string): boolean;
}

const memo = new WeakMap<Project, Map<string, TransferScope | null>>();

/**
 * What the builds of the context directory `dir` read with the ignore file `ignoreFile` (null:
 * none) transfer; null when that may be everything. Memoised per scan.
 */
export function contextTransferScope(project: Project, dir: string, ignoreFile: string | null): TransferScope | null {
  let byKey = memo.get(project);
  if (!byKey) memo.set(project, (byKey = new Map()));
  const key = `${dir}\0${ignoreFile ?? ''}`;
  if (byKey.has(key)) return byKey.get(key)!;
  const scope = transferScope(project, project.contexts.filter((c) => c.dir === dir && c.ignoreFile === ignoreFile));
  byKey.set(key, scope);
  return scope;
}

/** Images built with ONBUILD triggers (`node:onbuild`, `python:3-onbuild`): what they copy is unknown. */
const ONBUILD_IMAGE = /onbuild/i;

/**
 * The paths the builds of `contexts` (all with the same directory) transfer; null when that may
 * be everything.
 */
export function transferScope(project: Project, contexts: readonly BuildContext[]): TransferScope | null {
  if (contexts.length === 0) return null;
  const paths = new Set<string>();
  for (const context of contexts) {
    if (!context.dockerfile || !context.dockerfileExists) return null;
    const model = dockerfileModel(project, context.dockerfile, context.args);
    if (!model || model.stages.length === 0) return null;
    const reached = reachedStages(model, context.target);
    const runs = (stage: number): boolean => stage >= 0 && (reached === null || reached.has(stage));
    for (const index of reached ?? model.stages.map((s) => s.index)) {
      const stage = model.stages[index];
      // An image whose name (its tag aside) is still a variable may be any image, ONBUILD
      // triggers included; a variable tag of a named image is that image.
      if (stage && stage.baseStageIndex === undefined && (ONBUILD_IMAGE.test(stage.image) || imageName(stage.image).includes('$'))) return null;
    }
    const add = (value: string): boolean => {
      const p = goClean(`/${value}`); // path.Join("/", src)
      if (p === '/') return false;
      paths.add(p.slice(1));
      return true;
    };
    for (const copy of model.copies) {
      if (copy.from || !runs(copy.stageIndex)) continue;
      for (const source of copy.sources) {
        if (source.kind !== 'path') continue;
        if (source.value === null || !add(source.value)) return null;
      }
    }
    for (const mount of model.contextMounts) {
      if (!runs(mount.stageIndex)) continue;
      if (mount.source === null || !add(mount.source)) return null;
    }
    // ONBUILD triggers of a stage run in the stages built FROM it (convert.go resolveStages
    // prepends them), and can read the context: not modelled, so everything.
    const view = dockerfileInstructions(project, context.dockerfile);
    if (!view) return null;
    const triggers = new Set(view.instructions.filter((ins) => ins.keyword === 'ONBUILD').map((ins) => ins.stageIndex));
    if (model.stages.some((st) => st.baseStageIndex !== undefined && triggers.has(st.baseStageIndex) && runs(st.index))) return null;
  }
  // fsutil follows symbolic links on the follow paths and sends their targets too
  // (followlinks.go, FollowLinks in NewFilterFS): not modelled, so a path through a link, or a
  // wildcard over a folder holding one, makes it everything.
  const dir = contexts[0]!.dir;
  for (const p of paths) if (throughLink(project, dir, p)) return null;
  const sorted = [...paths].sort();
  const matcher = new IgnoreMatcher(sorted.map(asPatternLine));
  return {
    paths: sorted,
    reachesInto: (dir) => matcher.reachesInto(dir),
    reachesAllBelow: (dir) => matcher.reachesAllBelow(dir),
  };
}

/** Whether the context path `p` (a follow path, maybe with wildcards) runs through a symbolic link. */
function throughLink(project: Project, dir: string, p: string): boolean {
  const at = (rel: string) => (dir === '' ? rel : rel === '' ? dir : `${dir}/${rel}`);
  let prefix = '';
  for (const segment of p.split('/')) {
    if (/[*?[\\]/.test(segment)) {
      // A wildcard segment: any link among the folder's entries may be matched.
      const folder = at(prefix);
      return project.tree.list(folder).some((name) => project.tree.get(folder === '' ? name : `${folder}/${name}`)?.kind === 'symlink');
    }
    prefix = prefix === '' ? segment : `${prefix}/${segment}`;
    const entry = project.tree.get(at(prefix));
    if (!entry) return false;
    if (entry.kind === 'symlink') return true;
  }
  return false;
}

/** The image reference without its tag or digest: `temporalio/auto-setup` of `temporalio/auto-setup:${V}`. */
function imageName(ref: string): string {
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

/** A path as a pattern line: a leading `!` or `#` would read as an exception or a comment. */
function asPatternLine(p: string): string {
  return p.startsWith('!') || p.startsWith('#') ? `\\${p}` : p;
}
