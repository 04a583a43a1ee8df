// Parsed models of a project's files, by path (the parses themselves are cached in
// parse-cache.ts, kept for as long as a file's text is the same string).
import { IgnoreMatcher, parseDockerignore, type IgnoreFile } from '../ignore/matcher.js';
import { hasExpansion, parsePortSpec, type PortSpec } from '../buildkit/expose.js';
import type { DockerfileModel, InstructionWord } from '../dockerfile/model.js';
import type { Project } from '../project/project.js';
import { cached, lexDockerfileCached, parseDockerfileCached, type Parsed } from './parse-cache.js';
import { stagedDockerfile, type StagedDockerfile, type StagedInstruction } from '../dockerfile/staged.js';
import { reachedStages } from '../dockerfile/reached.js';

export { parseComposeCached, parseDockerfileCached } from './parse-cache.js';

const ignores = new WeakMap<object, Map<string, Parsed<{ file: IgnoreFile; matcher: IgnoreMatcher }>>>();

/** The Dockerfile's model with these build args, or null when unreadable. */
export function dockerfileModel(project: Project, path: string, buildArgs: Record<string, string> = {}): DockerfileModel | null {
  const text = project.sources.read(path).text;
  return text === null ? null : parseDockerfileCached(project.sources, path, text, buildArgs);
}

/** The parsed ignore file and its matcher, or null when it cannot be read. */
export function ignoreOf(project: Project, path: string): { file: IgnoreFile; matcher: IgnoreMatcher } | null {
  const text = project.sources.read(path).text;
  if (text === null) return null;
  return cached(ignores, project.sources, path, text, () => {
    const file = parseDockerignore(text);
    return { file, matcher: new IgnoreMatcher(file.patterns) };
  });
}

const stagedCache = new WeakMap<object, Map<string, Parsed<StagedDockerfile | null>>>();

/**
 * The Dockerfile's instructions (before expansion), each with its words and its stage, or null
 * when unreadable or unlexable: the one instruction view the BuildKit checks share, built once
 * per text over the cached lexing.
 */
export function dockerfileInstructions(project: Project, path: string): StagedDockerfile | null {
  const text = project.sources.read(path).text;
  if (text === null) return null;
  return cached(stagedCache, project.sources, path, text, () => {
    const lexed = lexDockerfileCached(project.sources, path, text);
    return lexed ? stagedDockerfile(lexed) : null;
  });
}

/** A Dockerfile of the project with its text and its instruction view. */
export interface DockerfileInstructions extends StagedDockerfile {
  path: string;
  text: string;
}

const allInstructions = new WeakMap<Project, { texts: (string | null)[]; views: readonly DockerfileInstructions[] }>();

/**
 * Every readable, lexable Dockerfile of the project, with its instruction view. Some twenty
 * checks ask for it in one detection: it is made once per project, and again only if the text of
 * one of its Dockerfiles has changed since. Shared: callers never modify it.
 */
export function allDockerfileInstructions(project: Project): readonly DockerfileInstructions[] {
  const texts = project.dockerfiles.map((path) => project.sources.read(path).text);
  const known = allInstructions.get(project);
  if (known && known.texts.every((text, i) => text === texts[i])) return known.views;
  const views: DockerfileInstructions[] = [];
  project.dockerfiles.forEach((path, i) => {
    const text = texts[i];
    const view = text === null ? null : dockerfileInstructions(project, path);
    if (text !== null && view) views.push({ ...view, path, text });
  });
  allInstructions.set(project, { texts, views });
  return views;
}

/** One port word of an `EXPOSE` in a stage a build runs, read as BuildKit reads it. */
export interface ExposedPort {
  dockerfile: DockerfileInstructions;
  instruction: StagedInstruction;
  port: InstructionWord;
  spec: PortSpec;
}

/**
 * Every literal `EXPOSE` port of the project's Dockerfiles in stages a build runs (ports with a
 * variable are expanded by BuildKit first and are not judged): what the EXPOSE checks read.
 */
export function exposedPorts(project: Project): ExposedPort[] {
  const out: ExposedPort[] = [];
  for (const df of allDockerfileInstructions(project)) {
    const built = stageIsBuilt(project, df.path);
    for (const ins of df.instructions) {
      if (ins.keyword !== 'EXPOSE' || !built(ins.stageIndex)) continue;
      for (const port of ins.words.args) {
        if (!hasExpansion(port.text, df.escapeChar)) out.push({ dockerfile: df, instruction: ins, port, spec: parsePortSpec(port.text) });
      }
    }
  }
  return out;
}

/**
 * The stages the builds of this Dockerfile run (dockerfile2llb: the target, or the last stage,
 * and the stages it needs), over every compose build of it with its target and build args, or
 * a plain `docker build` when none builds it. null when that cannot be told (a build's target
 * or a reached stage's base depends on a variable): then every stage counts as built.
 */
export function builtStages(project: Project, path: string): Set<number> | null {
  let byPath = builtMemo.get(project);
  if (!byPath) builtMemo.set(project, (byPath = new Map()));
  if (!byPath.has(path)) byPath.set(path, computeBuiltStages(project, path));
  return byPath.get(path)!;
}

// Several checks ask for the same Dockerfile in one scan: computed once per project model.
const builtMemo = new WeakMap<Project, Map<string, Set<number> | null>>();

function computeBuiltStages(project: Project, path: string): Set<number> | null {
  const builds = project.contexts.filter((c) => c.dockerfile === path);
  const out = new Set<number>();
  for (const build of builds.length > 0 ? builds : [{ args: {}, target: undefined, additionalContexts: [] }]) {
    const model = dockerfileModel(project, path, build.args);
    const reached = model ? reachedStages(model, build.target) : null;
    if (!reached) return null;
    // buildDispatchStates: a named context (`additional_contexts`) with a stage's name replaces
    // the stage, which is then never dispatched.
    const replaced = new Set(build.additionalContexts.map((n) => n.toLowerCase()));
    for (const i of reached) if (!replaced.has(model!.stages[i]?.name ?? '')) out.add(i);
  }
  return out;
}

/**
 * Whether a build of this Dockerfile dispatches a stage. The BuildKit checks that run while a
 * stage is dispatched (dockerfile2llb/convert.go `dispatchStages` skips the stages the target does
 * not reach, unless `AllStages`, which only `docker build --check` with no target sets) report
 * nothing in the other stages.
 */
export function stageIsBuilt(project: Project, path: string): (stageIndex: number) => boolean {
  const built = builtStages(project, path);
  return (i) => built === null || built.has(i);
}
