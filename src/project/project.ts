// The project model: what one walk of the root discovers, the compose projects it forms and
// the build contexts they (and lone Dockerfiles) define.
import { inferContextDir } from '../analysis/context-inference.js';
import { parseComposeCached, parseDockerfileCached } from '../analysis/parse-cache.js';
import { interpolate } from '../compose/interpolate.js';
import type { ComposeFile, ScalarAt, Span } from '../compose/model.js';
import { groupProjects, type ComposeProject, type GroupInput, type ProjectSet } from '../compose/projects.js';
import { isScalar } from 'yaml';
import { servicesOf } from '../compose/services.js';
import { readBakeSet, type AttributeRef, type BakeModel, type BakeSet, type BakeTarget } from '../bake/model.js';
import { BAKE_DEFAULT_NAMES, COMPOSE_TOP_LEVEL_KEYS, isBakeFileName, isClassicComposeName, isComposeName, isDockerfileName, isEnvFileName, isIgnoreFileName, looksLikeCompose } from './discover.js';
import { basenameOf, dirnameOf, resolveAgainst, resolveInRoot } from './paths.js';
import { discoverInvocations, type FoundBake, type FoundBuild, type FoundStart, type InvocationOrigin } from './invocations.js';
import { SourceStore } from './sources.js';
import { FileTree } from './walk.js';
import { timed } from '../timing.js';

export type { ComposeProject, ProjectOrigin, ProjectSet } from '../compose/projects.js';

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
    }
  | {
      kind: 'bake';
      /** The file of the target's block, its label's span and the target's name. */
      file: string;
      target: string;
      span: Span;
      /** The directory Bake runs in: the context resolves against it. */
      cwd: string;
      /** Where `context` and `dockerfile` are written, when they are (maybe in an inherited target). */
      contextAt?: AttributeRef;
      dockerfileAt?: AttributeRef;
      /** The evaluated target (values, what is uncertain). */
      bake: BakeTarget;
      set: BakeSet;
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
  /** Compose `build.target` (interpolated): the stage the build stops at; absent = the last stage. */
  target?: string;
  /** Compose `image:` (interpolated): the tag the built image gets, so other Dockerfiles can build FROM it. */
  image?: string;
  /** More tags the built image gets (a Bake target's `tags`), besides `image`. */
  tags?: string[];
}

export interface UnreadableFile {
  path: string;
  problem: string;
  span?: Span;
  /** Encrypted with git-crypt: text once the repository is unlocked, which dockmend cannot see. */
  binary?: 'git-crypt';
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
  /** `docker compose … up|run|start|create` lines the repository runs or documents. */
  starts?: FoundStart[];
  /** The Bake file sets read (default files per directory, `-f` sets of command lines), evaluated. */
  bake?: BakeModel[];
}

/** What the configuration adds to discovery: extra `docker build` invocations and paths to leave out. */
export interface ProjectSettings {
  /** `docker build -f <dockerfile> <context>` invocations, root-relative paths. */
  contexts?: readonly { dockerfile: string; context: string }[];
  /**
   * Compose file sets used together (`-f a -f b`), root-relative: the config's `projects`, and
   * sets found on command lines (`origin: { kind: 'invocation', file, line }`).
   */
  projects?: readonly ProjectSet[];
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
  const bakePaths: string[] = [];
  // The files the walk found by name, in no particular order (the lists are sorted below).
  for (const path of tree.readNamedFiles()) {
    if (settings.ignorePaths?.matches(path)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (isDockerfileName(name)) project.dockerfiles.push(path);
    else if (isComposeName(name)) {
      if (readsAsComposeByName(sources, path)) composePaths.push(path);
    }
    else if (isIgnoreFileName(name)) project.ignoreFiles.push(path);
    else if (isEnvFileName(name)) project.envFiles.push(path);
    else if (isBakeFileName(name)) bakePaths.push(path);
  }
  // The command lines the repository runs Compose and `docker build` with: each `-f` set is a
  // project (after the configuration's), each `docker build` a build definition. A one-file
  // set of a file already found by name changes nothing and is left out.
  const invocations = timed('command lines', () => discoverInvocations(tree, (p) => sources.read(p).text, { composeFiles: [...composePaths].sort(), envFiles: [...project.envFiles].sort(), skip: settings.ignorePaths }));
  const foundSets = invocations.composeSets.filter((s) => s.files.length > 1 || s.projectDirectory !== undefined || s.envFile !== undefined || s.externalEnvFile !== undefined || !composePaths.includes(s.files[0]!));
  const sets: ProjectSet[] = [...(settings.projects ?? []), ...foundSets];
  // A compose file the configuration (or a command line) names is read whatever its name.
  const known = new Set(composePaths);
  const addCompose = (f: string) => {
    if (known.has(f)) return;
    known.add(f);
    composePaths.push(f);
  };
  for (const set of sets) for (const f of set.files) if (tree.isFile(f)) addCompose(f);
  // A compose-named link to a file inside the root: the file it points to is read, once, and
  // findings go there; the project records the link it was reached by.
  const links = new Map<string, string>();
  for (const link of tree.namedLinks) {
    if (settings.ignorePaths?.matches(link) || !isComposeName(basenameOf(link))) continue;
    const target = tree.linkTarget(link);
    if (target === null || settings.ignorePaths?.matches(target)) continue;
    if (!isClassicComposeName(basenameOf(link)) && !readsAsComposeByName(sources, target)) continue;
    links.set(link, target);
    addCompose(target);
  }
  // Compose files by content: other YAML files whose first bytes read like one (never below an
  // opaque directory: the walk does not list them), confirmed by the full parse.
  for (const path of tree.yamlFiles) {
    if (known.has(path) || settings.ignorePaths?.matches(path)) continue;
    const head = sources.head(path, SNIFF_BYTES);
    if (head === null || !looksLikeCompose(head)) continue;
    const text = sources.read(path).text;
    if (text === null || !isComposeDocument(parseComposeCached(sources, path, text))) continue;
    addCompose(path);
  }
  project.dockerfiles.sort();
  project.ignoreFiles.sort();
  project.envFiles.sort();
  composePaths.sort();

  for (const path of composePaths) {
    const file = sources.read(path);
    if (file.text === null) {
      project.unreadable.push({ path, problem: file.problem ?? 'cannot read file', ...(file.binary ? { binary: file.binary } : {}) });
      continue;
    }
    const compose = parseComposeCached(sources, path, file.text);
    for (const e of compose.errors) project.unreadable.push({ path, problem: `invalid YAML: ${e.message}`, span: { start: e.start, end: e.end } });
    project.composeFiles.push(compose);
  }
  for (const path of project.dockerfiles) {
    const file = sources.read(path);
    if (file.text === null) project.unreadable.push({ path, problem: file.problem ?? 'cannot read file', ...(file.binary ? { binary: file.binary } : {}) });
  }

  project.composeProjects = groupComposeProjects(project.composeFiles.map((f) => f.path), { files: project.composeFiles, tree, sources, projects: sets.map(configuredSet), links, root: tree.root });
  project.bake = readBakeSets(project, bakePaths, invocations.bakes, settings);
  project.contexts = resolveContexts(project, settings, invocations.builds);
  project.starts = invocations.starts;
  return project;
}

/** How much of a YAML file is read to tell whether it is a compose file. */
const SNIFF_BYTES = 4096;

/**
 * Whether a file found by a compose-like name is read as a compose file. A classic name
 * (`docker-compose.yml`, `compose.override.yaml`, …) always is. A wider one
 * (`docker-compose-ci.yml`, `stack-compose.yaml`) must read like Compose: a top-level
 * `services:` (a compose file, maybe with a typo'd key that must be reported), or only Compose
 * top-level keys (an overlay of `networks:`/`volumes:`, an `include:` list); broken YAML is
 * kept (it is reported). A GitHub workflow (`on:`, `jobs:`) is not.
 */
function readsAsComposeByName(sources: SourceStore, path: string): boolean {
  if (isClassicComposeName(basenameOf(path))) return true;
  const text = sources.read(path).text;
  if (text === null) return true; // reported as unreadable
  const file = parseComposeCached(sources, path, text);
  if (file.errors.length > 0 || !file.root) return true;
  const keys = file.root.items.map((item) => (isScalar(item.key) ? String(item.key.value) : null));
  if (keys.includes('services')) return true;
  return keys.length > 0 && keys.every((k) => k !== null && (COMPOSE_TOP_LEVEL_KEYS.includes(k) || k.startsWith('x-')));
}

/** A parsed YAML file is a compose file: only Compose's top-level keys, and a service with `image`, `build` or `extends`. */
function isComposeDocument(file: ComposeFile): boolean {
  if (!file.root || file.errors.length > 0) return false;
  for (const item of file.root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : null;
    if (key === null || (!COMPOSE_TOP_LEVEL_KEYS.includes(key) && !key.startsWith('x-'))) return false;
  }
  return servicesOf(file).some((s) => s.image !== undefined || s.build !== undefined || s.extends !== undefined);
}

/** A config `projects` entry with its directory paths normalised (`.` is the root, ''). */
function configuredSet(p: ProjectSet): ProjectSet {
  const dir = p.projectDirectory === undefined ? null : resolveInRoot('', p.projectDirectory);
  const { projectDirectory: _, ...rest } = p;
  return { ...rest, ...(dir !== null ? { projectDirectory: dir } : {}) };
}

/**
 * Which compose files form a project (src/compose/projects.ts owns the rules): a file stands
 * alone unless it is the `X.override.yml` twin of an `X.yml` in the same folder, is named in a
 * config or command-line set, is reached by `include:` / `extends: {file}`, or is an overlay of
 * a base. With `input` (the parsed files), projects also get their variables, env files,
 * includes and overlays.
 */
export function groupComposeProjects(paths: string[], input?: GroupInput): ComposeProject[] {
  return groupProjects(paths, input);
}

const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function resolveContexts(project: Project, settings: ProjectSettings, foundBuilds: readonly FoundBuild[]): BuildContext[] {
  const contexts: BuildContext[] = [];
  const byPath = new Map(project.composeFiles.map((f) => [f.path, f]));
  const named = new Set<string>();

  // Every project and `include:` sub-project: an included file's builds resolve against its own
  // project directory, with its own variables (compose-go loader/include.go).
  const all: ComposeProject[] = [];
  const inAll = new Set<ComposeProject>();
  const addAll = (p: ComposeProject, depth: number) => {
    // A sub-project several files include is one object (src/compose/projects.ts memo): once.
    if (inAll.has(p)) return;
    inAll.add(p);
    all.push(p);
    if (depth < 16) for (const inc of p.includes ?? []) addAll(inc, depth + 1);
  };
  for (const cp of project.composeProjects) addAll(cp, 0);
  for (const cp of all) {
    // Merge each service's build across the project's files: later files override keys.
    const merged = new Map<
      string,
      { file: string; context?: ScalarIn; dockerfile?: ScalarIn; target?: ScalarIn; inline: boolean; span: Span; args: Record<string, string>; extra: string[]; buildAt: { file: string; span: Span; shortForm: boolean } }
    >();
    const images = new Map<string, string>();
    for (const path of cp.files) {
      const file = byPath.get(path) ?? composeAt(project, path);
      if (!file) continue;
      for (const service of file.services) {
        if (service.image) images.set(service.name, service.image.value);
        if (!service.build) continue;
        const b = service.build;
        const prev = merged.get(service.name);
        const next = prev ?? { file: path, inline: false, span: b.span, args: {}, extra: [], buildAt: { file: path, span: b.span, shortForm: b.shortForm } };
        if (b.context) next.context = { file: path, scalar: b.context };
        if (b.dockerfile) next.dockerfile = { file: path, scalar: b.dockerfile };
        if (b.target) next.target = { file: path, scalar: b.target };
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
      // Paths are interpolated with the project's variables before they are resolved, as
      // compose-go does (loader: interpolation, then paths.ResolveRelativePaths); a path whose
      // value cannot be known (an unset variable, an invalid expression) is not checked here.
      const contextValue = interpolatedPath(b.context?.scalar.value ?? '.', cp.env);
      const dockerfileValue = b.dockerfile === undefined ? undefined : interpolatedPath(b.dockerfile.scalar.value, cp.env);
      if (contextValue === null || dockerfileValue === null) continue;
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
        ...interpolated('target', b.target?.scalar.value, cp.env),
        ...interpolated('image', images.get(service), cp.env),
      });
    }
  }

  // Bake targets: each target built (not a template only inherited from) is a build, its context
  // resolved against Bake's working directory and its Dockerfile against the context (bake.go
  // toBuildOpt: `DockerfilePath = filepath.Join(ContextPath, DockerfilePath)`). A value dockmend
  // cannot compute leaves the target unchecked (bake-unresolved reports it).
  const seenBake = new Set<string>();
  for (const model of project.bake ?? []) {
    for (const t of model.targets) {
      if (t.inheritedOnly || t.context === null || t.dockerfile === null) continue;
      // A target that is a compose service of the set, with no path of its own: its context and
      // Dockerfile are the service's, checked with the compose build.
      if (model.set.composeServices?.includes(t.name) && !['context', 'dockerfile', 'dockerfile-inline'].some((a) => t.written.includes(a))) continue;
      // A target inheriting a compose service takes the service's context and Dockerfile where it
      // writes none (bake.go mergeConfig): unless it writes both, what it builds is not known here.
      if (t.inheritsService && !(t.written.includes('context') && (t.written.includes('dockerfile') || t.dockerfileInline))) continue;
      const built = bakeBuild(project, model.set.cwd, t);
      if (!built) continue;
      const key = [t.name, built.dir, built.dockerfile ?? '', t.target ?? ''].join('\u0001');
      if (seenBake.has(key)) continue;
      seenBake.add(key);
      let { dockerfile } = built;
      let ignoreFile: string | null;
      if (dockerfile !== null) {
        ignoreFile = ignoreFileFor(project, built.dir, dockerfile);
        dockerfile = project.tree.linkTarget(dockerfile) ?? dockerfile;
        named.add(dockerfile);
      } else ignoreFile = ignoreFileFor(project, built.dir, null);
      contexts.push({
        dir: built.dir,
        dirExists: project.tree.isDir(built.dir),
        dockerfile,
        dockerfileExists: dockerfile !== null && project.tree.isFile(dockerfile),
        ignoreFile,
        origin: { kind: 'bake', file: t.file, target: t.name, span: t.labelSpan, cwd: model.set.cwd, ...(t.contextAt ? { contextAt: t.contextAt } : {}), ...(t.dockerfileAt ? { dockerfileAt: t.dockerfileAt } : {}), bake: t, set: model.set },
        args: t.args,
        additionalContexts: Object.keys(t.contexts),
        ...(t.target !== undefined ? { target: t.target } : {}),
        ...(t.tags.length > 0 ? { image: t.tags[0], tags: t.tags.slice(1) } : {}),
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
 * The Bake file sets of the repository: the default files of each directory that has some
 * (read and merged in Bake's order, run from that directory), then each set a command line
 * names with `-f` (run from the command's directory). A set equal to one already read is
 * read once.
 */
function readBakeSets(project: Project, found: readonly string[], invoked: readonly FoundBake[], settings: ProjectSettings): BakeModel[] {
  const sets: BakeSet[] = [];
  // Bake's default files include Compose's default names (bake.go defaultFilenames).
  const dirComposeFiles = (dir: string) => COMPOSE_DEFAULT_NAMES.map((n) => (dir === '' ? n : `${dir}/${n}`));
  const composeServicesIn = (paths: readonly string[]): { composeServices?: string[] } => {
    // Bake replaces dots in service names with underscores (bake.go sanitizeTargetName).
    const names = project.composeFiles.filter((f) => paths.includes(f.path)).flatMap((f) => f.services.map((svc) => svc.name.replace(/\./g, '_')));
    return names.length > 0 ? { composeServices: [...new Set(names)] } : {};
  };
  const byDir = new Map<string, string[]>();
  for (const path of found) {
    const dir = dirnameOf(path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), path]);
  }
  // A directory whose Bake files a command line names with `-f` is run that way (from the
  // command's directory), not as `docker buildx bake` in the directory itself.
  const invokedFiles = new Set(invoked.flatMap((b) => b.files));
  for (const dir of [...byDir.keys()].sort()) {
    if (byDir.get(dir)!.some((f) => invokedFiles.has(f))) continue;
    const files = byDir.get(dir)!.sort((a, b) => BAKE_DEFAULT_NAMES.indexOf(basenameOf(a)) - BAKE_DEFAULT_NAMES.indexOf(basenameOf(b)));
    sets.push({ files, cwd: dir, ...composeServicesIn(dirComposeFiles(dir)), foundBy: { kind: 'default' } });
  }
  for (const b of invoked) {
    if (b.files.some((f) => settings.ignorePaths?.matches(f))) continue;
    if (sets.some((s) => s.cwd === b.cwd && s.files.join('\0') === b.files.join('\0'))) continue;
    sets.push({ files: b.files, cwd: b.cwd, ...(b.external ? { external: b.external } : {}), ...composeServicesIn(b.composeFiles ?? []), foundBy: { kind: 'invocation', file: b.origin.file, line: b.origin.line, command: b.origin.command } });
  }
  if (sets.length === 0) return [];
  return timed('bake files', () =>
    sets.map((set) => {
      try {
        return readBakeSet(set, (p) => project.sources.read(p));
      } catch (e) {
        // Hostile input (nesting deep enough to exhaust the stack): one finding, and the scan goes on.
        const message = e instanceof Error ? e.message : String(e);
        return { set, targets: [], problems: set.files.slice(0, 1).map((file) => ({ kind: 'unreadable' as const, file, message, invalid: false })) };
      }
    }),
  );
}

/** compose-go's default file names (cli/options.go DefaultFileNames), which Bake reads too. */
const COMPOSE_DEFAULT_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

// Remote contexts (buildx urlutil.IsRemoteURL → buildkit ParseGitRef/ParseURL): URLs, scp-like
// `user@host:path` git addresses, `github.com/…`, and the `target:` / `docker-image:` links.
const REMOTE_BAKE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|[\w.-]+@[^:/]+:|github\.com\/|target:|docker-image:)/i;

/** A Bake target's context directory and Dockerfile (root-relative), or null when not in the tree. */
function bakeBuild(project: Project, cwd: string, t: BakeTarget): { dir: string; dockerfile: string | null } | null {
  const contextValue = t.context!.startsWith('cwd://') ? t.context!.slice('cwd://'.length) : t.context!;
  if (contextValue === '-' || (!t.context!.startsWith('cwd://') && REMOTE_BAKE_CONTEXT.test(contextValue))) return null;
  const dir = resolveAgainst(project.root, cwd, contextValue);
  if (dir === null) return null;
  if (t.dockerfileInline) return { dir, dockerfile: null };
  const written = t.dockerfile!;
  if (written === '-' || REMOTE_BAKE_CONTEXT.test(written)) return null;
  // `cwd://` names a Dockerfile relative to the working directory, not the context.
  const dockerfile = written.startsWith('cwd://') ? resolveAgainst(project.root, cwd, written.slice('cwd://'.length)) : resolveAgainst(project.root, dir, written);
  return dockerfile === null ? null : { dir, dockerfile };
}

/** `{ [key]: value }` with the project's variables substituted, or nothing when absent or not interpolable. */
function interpolated<K extends string>(key: K, value: string | undefined, env: ReadonlyMap<string, string>): { [P in K]?: string } {
  if (value === undefined) return {};
  const r = interpolate(value, (name) => env.get(name));
  return r.ok && r.value !== '' ? ({ [key]: r.value } as { [P in K]?: string }) : {};
}

/** A compose file no name made dockmend read (reached by `include:` only), parsed on demand. */
function composeAt(project: Project, path: string): ComposeFile | null {
  if (!project.tree.isFile(path)) return null;
  const text = project.sources.read(path).text;
  return text === null ? null : parseComposeCached(project.sources, path, text);
}

/** A compose path value after interpolation with the project's variables; null when it cannot be known. */
export function interpolatedPath(value: string, env: ReadonlyMap<string, string> | undefined): string | null {
  if (!value.includes('$')) return value;
  const r = interpolate(value, (name) => env?.get(name));
  if (!r.ok || r.unset.length > 0 || r.requiredMissing.length > 0 || r.value === '') return null;
  return r.value;
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

