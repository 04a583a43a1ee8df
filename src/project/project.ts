// The project model: what one walk of the root discovers, the compose projects it forms and
// the build contexts they (and lone Dockerfiles) define.
import { isAbsolute, relative, sep } from 'node:path';
import { inferContextDir } from '../analysis/copies.js';
import { parseComposeCached, parseDockerfileCached } from '../analysis/models.js';
import type { ComposeFile, ScalarAt, Span } from '../compose/model.js';
import { groupProjects, type GroupInput } from '../compose/projects.js';
import { isComposeName, isDockerfileName, isEnvFileName, isIgnoreFileName } from './discover.js';
import { discoverInvocations, type FoundBuild, type InvocationOrigin } from './invocations.js';
import { dirnameOf, resolveInRoot } from './paths.js';
import { SourceStore } from './sources.js';
import { FileTree } from './walk.js';
import { timed } from '../timing.js';

export interface ComposeProject {
  /** Compose files in `-f` order; the first decides the project directory. */
  files: string[];
  /** Compose resolves every relative path of every file against this (compose-spec, "Compose file" → project directory). */
  projectDir: string;
  /**
   * Interpolation variables as Compose sees them: the shell environment (`shellEnv()` in
   * src/compose/env.ts), then `<projectDir>/.env`; shell wins. Not enumerable, so that shell
   * values never end up in a serialized model.
   */
  env: ReadonlyMap<string, string>;
  /** `include:` sub-projects (own project directory and variables), when the project has any. */
  includes?: ComposeProject[];
  /** Files reached by `extends: {file}` from this project's files, when any. */
  extendsFiles?: string[];
  /** Lone files joined to this project because their references only resolve here (also in `files`). */
  extensionFiles?: string[];
  /** The command line this set was found in (src/project/invocations.ts), when it was. */
  origin?: InvocationOrigin;
}

/** A compose scalar and the file it is written in (an override may set it). */
export interface ScalarIn {
  file: string;
  scalar: ScalarAt;
}

export type ContextOrigin =
  | {
      kind: 'compose';
      file: string;
      service: string;
      span: Span;
      projectDir: string;
      /** `context:` (or the short `build: <path>` value) and `dockerfile:`, where written. */
      contextAt?: ScalarIn;
      dockerfileAt?: ScalarIn;
      /** The `build` value in the last file that sets it. */
      buildAt: { file: string; span: Span; shortForm: boolean };
    }
  | {
      kind: 'directory';
      dockerfile: string;
      /** The Dockerfile's own directory, when the context was inferred to be elsewhere. */
      inferredFrom?: string;
      /** Declared in the configuration's `contexts`. */
      configured?: true;
      /** Found as a `docker build` command line in the repository. */
      invocation?: InvocationOrigin;
    };

export interface BuildContext {
  /** Root-relative directory ('' is the root). */
  dir: string;
  /** Whether the context directory exists in the tree. */
  dirExists: boolean;
  /** Root-relative Dockerfile path; null for `dockerfile_inline`. */
  dockerfile: string | null;
  dockerfileExists: boolean;
  /** The ignore file BuildKit reads for this build, or null when none applies. */
  ignoreFile: string | null;
  origin: ContextOrigin;
  /** Compose `build.args`. */
  args: Record<string, string>;
  /** Compose `build.additional_contexts` names. */
  additionalContexts: string[];
}

export interface UnreadableFile {
  path: string;
  problem: string;
  span?: Span;
}

export interface Project {
  root: string;
  tree: FileTree;
  sources: SourceStore;
  dockerfiles: string[];
  composeFiles: ComposeFile[];
  ignoreFiles: string[];
  envFiles: string[];
  composeProjects: ComposeProject[];
  contexts: BuildContext[];
  /** Files that could not be read or parsed; the `parse-error` rule reports them. */
  unreadable: UnreadableFile[];
}

/** What the configuration adds to discovery: extra `docker build` invocations and paths to leave out. */
export interface ProjectSettings {
  /** `docker build -f <dockerfile> <context>` invocations, root-relative paths. */
  contexts?: readonly { dockerfile: string; context: string }[];
  /** Compose file sets used together (`-f a -f b`), root-relative, from the config's `projects`. */
  projects?: readonly { files: string[]; projectDirectory?: string; envFile?: string }[];
  /** Files that are not discovered (config `ignorePaths`). */
  ignorePaths?: { matches(path: string): boolean };
}

export function buildProject(tree: FileTree, sources: SourceStore, settings: ProjectSettings = {}): Project {
  const project: Project = {
    root: tree.root,
    tree,
    sources,
    dockerfiles: [],
    composeFiles: [],
    ignoreFiles: [],
    envFiles: [],
    composeProjects: [],
    contexts: [],
    unreadable: tree.problems.map((p) => ({ path: p.path, problem: `cannot read directory: ${p.message}` })),
  };

  const composePaths: string[] = [];
  // The files the walk found by name, in no particular order (the lists are sorted below).
  for (const path of tree.readNamedFiles()) {
    if (settings.ignorePaths?.matches(path)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (isDockerfileName(name)) project.dockerfiles.push(path);
    else if (isComposeName(name)) composePaths.push(path);
    else if (isIgnoreFileName(name)) project.ignoreFiles.push(path);
    else if (isEnvFileName(name)) project.envFiles.push(path);
  }
  // The command lines the repository runs Compose and `docker build` with: each `-f` set is a
  // project (after the configuration's), each `docker build` a build definition. A one-file
  // set of a file already found by name changes nothing and is left out.
  const invocations = timed('command lines', () => discoverInvocations(tree, (p) => sources.read(p).text, { composeFiles: [...composePaths].sort(), envFiles: [...project.envFiles].sort(), skip: settings.ignorePaths }));
  const foundSets = invocations.composeSets.filter((s) => s.files.length > 1 || s.projectDirectory !== undefined || s.envFile !== undefined || !composePaths.includes(s.files[0]!));
  const sets = [...(settings.projects ?? []), ...foundSets];
  // A compose file the configuration or a command line names is read whatever its name.
  for (const set of sets) {
    for (const f of set.files) if (tree.isFile(f) && !composePaths.includes(f)) composePaths.push(f);
  }
  project.dockerfiles.sort();
  project.ignoreFiles.sort();
  project.envFiles.sort();
  composePaths.sort();

  for (const path of composePaths) {
    const file = sources.read(path);
    if (file.text === null) {
      project.unreadable.push({ path, problem: file.problem ?? 'cannot read file' });
      continue;
    }
    const compose = parseComposeCached(sources, path, file.text);
    for (const e of compose.errors) project.unreadable.push({ path, problem: `invalid YAML: ${e.message}`, span: { start: e.start, end: e.end } });
    project.composeFiles.push(compose);
  }
  for (const path of project.dockerfiles) {
    const file = sources.read(path);
    if (file.text === null) project.unreadable.push({ path, problem: file.problem ?? 'cannot read file' });
  }

  project.composeProjects = groupComposeProjects(project.composeFiles.map((f) => f.path), { files: project.composeFiles, tree, sources, projects: sets.map(configuredSet) });
  const configured = new Set((settings.projects ?? []).map((s) => s.files.join('\0')));
  const origins = new Map(foundSets.map((s) => [s.files.join('\0'), s.origin]));
  for (const cp of project.composeProjects) {
    const key = cp.files.join('\0');
    if (!configured.has(key) && origins.has(key)) cp.origin = origins.get(key);
  }
  project.contexts = resolveContexts(project, settings, invocations.builds);
  return project;
}

/** A config `projects` entry with its directory paths normalised (`.` is the root, ''). */
function configuredSet(p: { files: string[]; projectDirectory?: string; envFile?: string }) {
  const dir = p.projectDirectory === undefined ? null : resolveInRoot('', p.projectDirectory);
  return { files: p.files, ...(dir !== null ? { projectDirectory: dir } : {}), ...(p.envFile !== undefined ? { envFile: p.envFile } : {}) };
}

/**
 * Which compose files form a project (src/compose/projects.ts): a file stands alone unless it
 * is the `X.override.yml` twin of an `X.yml` in the same folder, is named in a config
 * `projects` set, or is reached by `include:` / `extends: {file}`. With `input` (the parsed
 * files), projects also get their interpolation variables, includes and extension files.
 */
export function groupComposeProjects(paths: string[], input?: GroupInput): ComposeProject[] {
  return groupProjects(paths, input);
}

const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function resolveContexts(project: Project, settings: ProjectSettings, foundBuilds: readonly FoundBuild[]): BuildContext[] {
  const contexts: BuildContext[] = [];
  const byPath = new Map(project.composeFiles.map((f) => [f.path, f]));
  const named = new Set<string>();

  for (const cp of project.composeProjects) {
    // Merge each service's build across the project's files: later files override keys.
    const merged = new Map<
      string,
      { file: string; context?: ScalarIn; dockerfile?: ScalarIn; inline: boolean; span: Span; args: Record<string, string>; extra: string[]; buildAt: { file: string; span: Span; shortForm: boolean } }
    >();
    for (const path of cp.files) {
      const file = byPath.get(path);
      if (!file) continue;
      for (const service of file.services) {
        if (!service.build) continue;
        const b = service.build;
        const prev = merged.get(service.name);
        const next = prev ?? { file: path, inline: false, span: b.span, args: {}, extra: [], buildAt: { file: path, span: b.span, shortForm: b.shortForm } };
        if (b.context) next.context = { file: path, scalar: b.context };
        if (b.dockerfile) next.dockerfile = { file: path, scalar: b.dockerfile };
        next.buildAt = { file: path, span: b.span, shortForm: b.shortForm };
        if (b.dockerfileInline) next.inline = true;
        Object.assign(next.args, b.args);
        next.extra.push(...b.additionalContexts);
        next.file = path;
        next.span = b.context ?? b.span;
        merged.set(service.name, next);
      }
    }
    for (const [service, b] of merged) {
      const contextValue = b.context?.scalar.value ?? '.';
      const dockerfileValue = b.dockerfile?.scalar.value;
      // Interpolated paths are resolved by the compose rules; an unresolved one is not checked here.
      if (contextValue.includes('$') || (dockerfileValue ?? '').includes('$')) continue;
      if (REMOTE_CONTEXT.test(contextValue)) continue;
      const dir = resolveAgainst(project.root, cp.projectDir, contextValue);
      if (dir === null) continue;
      let dockerfile: string | null = null;
      let ignoreFile: string | null = null;
      if (!b.inline) {
        dockerfile = resolveAgainst(project.root, dir, dockerfileValue ?? 'Dockerfile');
        if (dockerfile === null) continue;
        // The ignore file goes by the name the build uses; a Dockerfile that is a link inside
        // the root is followed, as BuildKit does, and checked as the file it points to.
        ignoreFile = ignoreFileFor(project, dir, dockerfile);
        dockerfile = project.tree.linkTarget(dockerfile) ?? dockerfile;
        named.add(dockerfile);
      } else ignoreFile = ignoreFileFor(project, dir, null);
      contexts.push({
        dir,
        dirExists: project.tree.isDir(dir),
        dockerfile,
        dockerfileExists: dockerfile !== null && project.tree.isFile(dockerfile),
        ignoreFile,
        origin: { kind: 'compose', file: b.file, service, span: b.span, projectDir: cp.projectDir, contextAt: b.context, dockerfileAt: b.dockerfile, buildAt: b.buildAt },
        args: b.args,
        additionalContexts: b.extra,
      });
    }
  }

  // Builds the configuration declares, then those the repository's command lines run: checked
  // as declared, never inferred. A command line building what a compose file already builds
  // (same Dockerfile, same context) adds nothing.
  const builds: readonly { dockerfile: string; context: string; origin?: unknown }[] = [...(settings.contexts ?? []), ...foundBuilds];
  for (const c of builds) {
    const dir = resolveInRoot('', c.context);
    const dockerfile = resolveInRoot('', c.dockerfile);
    if (dir === null || dockerfile === null) continue;
    const found = c.origin !== undefined ? (c as FoundBuild) : null;
    if (found && contexts.some((x) => x.dockerfile === dockerfile && x.dir === dir)) continue;
    named.add(dockerfile);
    contexts.push({
      dir,
      dirExists: project.tree.isDir(dir),
      dockerfile,
      dockerfileExists: project.tree.isFile(dockerfile),
      ignoreFile: ignoreFileFor(project, dir, dockerfile),
      origin: found ? { kind: 'directory', dockerfile, invocation: found.origin } : { kind: 'directory', dockerfile, configured: true },
      args: found ? { ...found.args } : {},
      additionalContexts: [],
    });
  }

  // A Dockerfile nobody names: its own directory (`docker build .`) or the ancestor its
  // sources resolve in (`docker build -f dockerfiles/x.Dockerfile .`).
  for (const dockerfile of project.dockerfiles) {
    if (named.has(dockerfile)) continue;
    const text = project.sources.read(dockerfile).text;
    const own = dirnameOf(dockerfile);
    const dir = text === null ? own : inferContextDir(project.tree, parseDockerfileCached(project.sources, dockerfile, text), dockerfile);
    contexts.push({
      dir,
      dirExists: true,
      dockerfile,
      dockerfileExists: true,
      ignoreFile: ignoreFileFor(project, dir, dockerfile),
      origin: dir === own ? { kind: 'directory', dockerfile } : { kind: 'directory', dockerfile, inferredFrom: own },
      args: {},
      additionalContexts: [],
    });
  }
  return contexts;
}

/**
 * BuildKit reads `<Dockerfile>.dockerignore` next to the Dockerfile first, else
 * `<context>/.dockerignore` (moby/buildkit frontend/dockerui/config.go, readDockerignore).
 */
export function ignoreFileFor(project: Pick<Project, 'tree'>, contextDir: string, dockerfile: string | null): string | null {
  if (dockerfile !== null && project.tree.isFile(`${dockerfile}.dockerignore`)) return `${dockerfile}.dockerignore`;
  const atRoot = contextDir === '' ? '.dockerignore' : `${contextDir}/.dockerignore`;
  return project.tree.isFile(atRoot) ? atRoot : null;
}

/** Resolve a compose path against a root-relative base; absolute paths inside the root are accepted. */
function resolveAgainst(root: string, base: string, value: string): string | null {
  if (isAbsolute(value)) {
    const rel = relative(root, value);
    if (rel.startsWith('..') || isAbsolute(rel)) return null;
    return resolveInRoot('', rel.split(sep).join('/'));
  }
  return resolveInRoot(base, value);
}
