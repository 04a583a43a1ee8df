// The project model: what one walk of the root discovers, the compose projects it forms and
// the build contexts they (and lone Dockerfiles) define.
import { isAbsolute, relative, sep } from 'node:path';
import { parseComposeFile, type ComposeFile, type Span } from '../compose/model.js';
import { isComposeName, isDockerfileName, isEnvFileName, isIgnoreFileName, overrideBaseName } from './discover.js';
import { basenameOf, dirnameOf, resolveInRoot } from './paths.js';
import { SourceStore } from './sources.js';
import { FileTree } from './walk.js';

export interface ComposeProject {
  /** Compose files in `-f` order; the first decides the project directory. */
  files: string[];
  /** Compose resolves every relative path of every file against this (compose-spec, "Compose file" → project directory). */
  projectDir: string;
}

export type ContextOrigin =
  | { kind: 'compose'; file: string; service: string; span: Span }
  | { kind: 'directory'; dockerfile: string };

export interface BuildContext {
  /** Root-relative directory ('' is the root). */
  dir: string;
  /** Root-relative Dockerfile path; null for `dockerfile_inline`. */
  dockerfile: string | null;
  dockerfileExists: boolean;
  /** The ignore file BuildKit reads for this build, or null when none applies. */
  ignoreFile: string | null;
  origin: ContextOrigin;
  /** Compose `build.args`. */
  args: Record<string, string>;
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

export function buildProject(tree: FileTree, sources: SourceStore): Project {
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
  for (const entry of tree.below('')) {
    if (entry.kind !== 'file') continue;
    const { name, path } = entry;
    if (isDockerfileName(name)) project.dockerfiles.push(path);
    else if (isComposeName(name)) composePaths.push(path);
    else if (isIgnoreFileName(name)) project.ignoreFiles.push(path);
    else if (isEnvFileName(name)) project.envFiles.push(path);
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
    const compose = parseComposeFile(path, file.text);
    for (const e of compose.errors) project.unreadable.push({ path, problem: `invalid YAML: ${e.message}`, span: { start: e.start, end: e.end } });
    project.composeFiles.push(compose);
  }
  for (const path of project.dockerfiles) {
    const file = sources.read(path);
    if (file.text === null) project.unreadable.push({ path, problem: file.problem ?? 'cannot read file' });
  }

  project.composeProjects = groupComposeProjects(project.composeFiles.map((f) => f.path));
  project.contexts = resolveContexts(project);
  return project;
}

/**
 * A compose file is its own project unless it is the `X.override.yml` twin of an `X.yml` in
 * the same folder, which Compose merges automatically.
 */
export function groupComposeProjects(paths: string[]): ComposeProject[] {
  const set = new Set(paths);
  const projects = new Map<string, ComposeProject>();
  const overrides: Array<[string, string]> = [];
  for (const path of paths) {
    const base = overrideBaseName(basenameOf(path));
    const dir = dirnameOf(path);
    const basePath = base && (dir === '' ? base : `${dir}/${base}`);
    if (basePath && set.has(basePath)) overrides.push([basePath, path]);
    else projects.set(path, { files: [path], projectDir: dir });
  }
  for (const [basePath, path] of overrides) projects.get(basePath)?.files.push(path);
  return [...projects.values()];
}

const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function resolveContexts(project: Project): BuildContext[] {
  const contexts: BuildContext[] = [];
  const byPath = new Map(project.composeFiles.map((f) => [f.path, f]));
  const named = new Set<string>();

  for (const cp of project.composeProjects) {
    // Merge each service's build across the project's files: later files override keys.
    const merged = new Map<string, { file: string; context?: { value: string; span: Span }; dockerfile?: string; inline: boolean; span: Span; args: Record<string, string> }>();
    for (const path of cp.files) {
      const file = byPath.get(path);
      if (!file) continue;
      for (const service of file.services) {
        if (!service.build) continue;
        const b = service.build;
        const prev = merged.get(service.name);
        const next = prev ?? { file: path, inline: false, span: b.span, args: {} };
        if (b.context) next.context = { value: b.context.value, span: b.context };
        if (b.dockerfile) next.dockerfile = b.dockerfile.value;
        if (b.dockerfileInline) next.inline = true;
        Object.assign(next.args, b.args);
        next.file = path;
        next.span = b.context ?? b.span;
        merged.set(service.name, next);
      }
    }
    for (const [service, b] of merged) {
      const contextValue = b.context?.value ?? '.';
      // Interpolated paths are resolved by the compose rules; an unresolved one is not checked here.
      if (contextValue.includes('$') || (b.dockerfile ?? '').includes('$')) continue;
      if (REMOTE_CONTEXT.test(contextValue)) continue;
      const dir = resolveAgainst(project.root, cp.projectDir, contextValue);
      if (dir === null) continue;
      let dockerfile: string | null = null;
      if (!b.inline) {
        dockerfile = resolveAgainst(project.root, dir, b.dockerfile ?? 'Dockerfile');
        if (dockerfile === null) continue;
        named.add(dockerfile);
      }
      contexts.push({
        dir,
        dockerfile,
        dockerfileExists: dockerfile !== null && project.tree.isFile(dockerfile),
        ignoreFile: ignoreFileFor(project, dir, dockerfile),
        origin: { kind: 'compose', file: b.file, service, span: b.span },
        args: b.args,
      });
    }
  }

  // `docker build .` convention: a Dockerfile nobody names is built from its own directory.
  for (const dockerfile of project.dockerfiles) {
    if (named.has(dockerfile)) continue;
    const dir = dirnameOf(dockerfile);
    contexts.push({
      dir,
      dockerfile,
      dockerfileExists: true,
      ignoreFile: ignoreFileFor(project, dir, dockerfile),
      origin: { kind: 'directory', dockerfile },
      args: {},
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
