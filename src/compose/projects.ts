// Compose project discovery: which compose projects exist, which files each loads in `-f` order,
// its project directory, the env files its variables come from, and how dockmend found it.
// The one owner of "which projects exist"; the rules consume `Project.composeProjects`.
//
// - A file is its own project (`docker compose -f <file>`), project directory = its folder.
// - `X.override.yml` next to `X.yml` is merged over it automatically (compose-go cli/options.go
//   DefaultOverrideFileNames) — the pair is one project.
// - A set given by the configuration (`projects`) or found on a command line (`-f a -f b` in a
//   Makefile, script, workflow or README: `origin.kind === 'invocation'`) is one project in
//   `-f` order, even when it shares files with another set.
// - A file reached by `include:` is loaded as its own application model with its own project
//   directory and variables, and its services join the including project (compose-go
//   loader/include.go, ApplyInclude); a file reached by `extends: {file}` provides service
//   definitions only. Neither stands alone.
// - A lone file that names services it does not define, or only adds keys to services it does
//   not build or pull, is an overlay of the compose file in its folder or an ancestor that
//   defines them all (`docker compose -f compose.yaml -f overrides/compose.mariadb.yaml`):
//   each such overlay forms its own project, base + overlay, as Compose merges several `-f`
//   files — several overlays of one base are alternatives, never merged together.
import { basenameOf, dirnameOf, resolveAgainst } from '../project/paths.js';
import { isComposeName, overrideBaseName } from '../project/discover.js';
import type { Span } from './model.js';
import { envFileList, externalEnvFile, interpolationEnv, readEnvFiles, type EnvFiles, type EnvLink, type TextSource, type TreeLike } from './env.js';
import { interpolate } from './interpolate.js';
import { parseComposeFile, type ComposeFile } from './model.js';
import { effectivePairs, includesOf, servicesOf, spanOfNode, type ServiceInfo } from './services.js';

/** How dockmend came to load a project (JSON output and `scan --show-vars` say it). */
export type ProjectOrigin =
  /** A Compose default file (`compose.yaml`, `docker-compose.yml`, …), with its `.override` twin when present: `docker compose up` in its folder. */
  | { kind: 'default' }
  /** Any other compose file, found by name, content or reference: `docker compose -f <file>`. */
  | { kind: 'file' }
  /** A set from the configuration's `projects` (index in that list). */
  | { kind: 'config'; index: number }
  /** A set found on a command line (`docker compose -f a -f b …`) in a Makefile, script, workflow or README. */
  | { kind: 'invocation'; file: string; line: number; command?: string }
  /** Inferred: `base` (the base project's files) + this overlay file. */
  /** `narrows`: the overlay loads alone but only narrows services of the base (see `narrows`). */
  | { kind: 'overlay'; base: string[]; overlay: string; narrows?: true }
  /** An `include:` sub-project, from the including file's `include` entry. */
  | { kind: 'include'; file: string; span: Span };

/** A problem that makes Compose fail while loading the project (`include` of a missing file or env file). */
export interface ProjectLoadProblem {
  /** The compose file holding the reference. */
  file: string;
  span: Span;
  kind: 'include-missing' | 'include-env-file-missing' | 'include-cycle';
  /** The path as written and as resolved (root-relative; null when it leaves the root). */
  written: string;
  resolved: string | null;
}

export interface ComposeProject {
  /** Compose files in `-f` order; the first decides the project directory. */
  files: string[];
  /** Compose resolves every relative path of every file against this (compose-spec, "Compose file" → project directory). */
  projectDir: string;
  /**
   * Interpolation variables as Compose sees them: the shell environment (`shellEnv()` in
   * src/compose/env.ts), then the env files (`envFiles`); shell wins. Not enumerable, so that
   * shell values never end up in a serialized model.
   */
  env: ReadonlyMap<string, string>;
  /** The existing env files the variables were read from (`<projectDir>/.env`, `--env-file`s, an include's `env_file`s), in reading order. Not enumerable. */
  envFiles?: readonly string[];
  /** How dockmend found the project. Not enumerable. */
  origin?: ProjectOrigin;
  /** `include:` sub-projects (own project directory and variables), when the project has any. */
  includes?: ComposeProject[];
  /** Files reached by `extends: {file}` from this project's files, when any. */
  extendsFiles?: string[];
  /** The overlay file of an inferred overlay project (also the last of `files`). */
  extensionFiles?: string[];
  /** Files read through a symbolic link: link path → the file it points to (in `files`). Not enumerable. */
  links?: Readonly<Record<string, string>>;
  /** What makes Compose fail while loading the project. Not enumerable. */
  problems?: ProjectLoadProblem[];
  /** An `--env-file` outside the repository the project is run with (a command line's `~/x.env`). Not enumerable. */
  externalEnvFile?: EnvLink;
}

/** The file set is run as given (a config `projects` entry or a command line), not inferred from names. */
export function isExplicitSet(project: ComposeProject): boolean {
  return project.origin?.kind === 'config' || project.origin?.kind === 'invocation';
}

/** A project set given from outside the tree's names: the configuration, or a command line. */
export interface ProjectSet {
  files: readonly string[];
  projectDirectory?: string;
  /** `--env-file` (replaces `<projectDir>/.env`): one path, or several in order. */
  envFile?: EnvFiles;
  /** Several `--env-file`s, in order (later ones override earlier ones). */
  envFiles?: readonly string[];
  /** An `--env-file` outside the repository, as written (`~/gitops/x.env`): replaces `<projectDir>/.env`, unread. */
  externalEnvFile?: string;
  /** Default: `{ kind: 'config', index }`. */
  origin?: ProjectOrigin;
}

export interface GroupInput {
  files: readonly ComposeFile[];
  tree: TreeLike;
  sources: TextSource;
  /** Config `projects` and discovered command lines: sets of root-relative compose files used together, in `-f` order. */
  projects?: readonly ProjectSet[];
  /** Compose files reached through a symbolic link: link → target (both root-relative). */
  links?: ReadonlyMap<string, string>;
  /** The repository's absolute path: an absolute path inside it is resolved, one outside is not checked. */
  root?: string;
}

export const DEFAULT_COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

function hidden<K extends keyof ComposeProject>(project: ComposeProject, key: K, value: ComposeProject[K]): ComposeProject {
  Object.defineProperty(project, key, { value, enumerable: false, writable: true, configurable: true });
  return project;
}

/** Attach `env` without making it enumerable: shell values must never end up in a serialized model. */
export function setProjectEnv(project: ComposeProject, env: ReadonlyMap<string, string>, envFiles?: readonly string[]): ComposeProject {
  hidden(project, 'env', env);
  if (envFiles) hidden(project, 'envFiles', envFiles);
  return project;
}

function newProject(files: string[], projectDir: string, origin: ProjectOrigin): ComposeProject {
  const p = setProjectEnv({ files, projectDir } as ComposeProject, new Map(), []);
  return hidden(p, 'origin', origin);
}

function addProblem(p: ComposeProject, problem: ProjectLoadProblem): void {
  if (!p.problems) hidden(p, 'problems', []);
  p.problems!.push(problem);
}

/** A short description of how a project was found, for `scan --show-vars` and the JSON output. */
export function describeOrigin(p: ComposeProject): string {
  const o = p.origin;
  const override = p.files.length > 1 && o?.kind === 'default' ? ` with ${p.files.slice(1).join(', ')}` : '';
  switch (o?.kind) {
    case 'default':
      return `default file${override}`;
    case 'config':
      return `config projects[${o.index}]`;
    case 'invocation':
      return `invocation at ${o.file}:${o.line}`;
    case 'overlay':
      return `overlay of ${o.base.join(' + ')}`;
    case 'include':
      return `include from ${o.file}`;
    default:
      return 'file';
  }
}

export function groupProjects(paths: readonly string[], input?: GroupInput): ComposeProject[] {
  const set = new Set(paths);
  const projects = new Map<string, ComposeProject>();
  const assigned = new Set<string>();

  // Each given set is its own project, even when it shares files with another set
  // (docker-elk: `-f docker-compose.yml -f extensions/x/x-compose.yml`, one set per extension).
  const envFilesOf = new Map<ComposeProject, readonly string[]>();
  (input?.projects ?? []).forEach((setting, index) => {
    const files = [...setting.files];
    if (files.length === 0) return;
    // A file used in a set is not judged alone — except a Compose default file a command line
    // merely starts from: `docker compose up` in its folder runs it alone too (docker-elk's
    // README: `docker compose up`, and `-f docker-compose.yml -f extensions/x/x-compose.yml`).
    // A configured set is the user's word on how the files are run, and assigns them all.
    for (const f of files) if (setting.origin?.kind !== 'invocation' || !DEFAULT_COMPOSE_NAMES.includes(basenameOf(f))) assigned.add(f);
    const key = files.join('\0');
    if (projects.has(key)) return;
    const p = newProject(files, setting.projectDirectory ?? dirnameOf(files[0]!), setting.origin ?? { kind: 'config', index });
    const envFiles = setting.envFiles ?? (setting.envFile !== undefined ? envFileList(setting.envFile) : undefined);
    if (envFiles) envFilesOf.set(p, envFiles);
    if (setting.externalEnvFile !== undefined) {
      // Compose reads the outside file instead of `<projectDir>/.env`: no file of the tree is read.
      envFilesOf.set(p, []);
      const o = setting.origin;
      hidden(p, 'externalEnvFile', externalEnvFile(setting.externalEnvFile, o?.kind === 'invocation' ? { file: o.file, line: o.line } : undefined));
    }
    projects.set(key, p);
  });

  // A default name, or a file a default-named link in its folder points to (`compose.yaml -> deploy.yml`).
  const isDefault = (path: string) =>
    DEFAULT_COMPOSE_NAMES.includes(basenameOf(path)) || [...(input?.links ?? [])].some(([link, target]) => target === path && DEFAULT_COMPOSE_NAMES.includes(basenameOf(link)));
  // `docker compose up` in a default-named link's folder: Compose's project directory is the
  // folder of the path it found, not of the file the link points to (compose-go cli/options.go
  // GetWorkingDir takes `filepath.Abs` of the first file, which does not resolve links; the
  // default-file lookup returns the link's own path).
  const linkDirsOf = new Map<string, string[]>();
  for (const [link, target] of input?.links ?? []) {
    if (!DEFAULT_COMPOSE_NAMES.includes(basenameOf(link))) continue;
    const linkDir = dirnameOf(link);
    if (linkDir === dirnameOf(target)) continue;
    const dirs = linkDirsOf.get(target) ?? [];
    if (!dirs.includes(linkDir)) dirs.push(linkDir);
    linkDirsOf.set(target, dirs);
  }
  const overrides: Array<[string, string]> = [];
  for (const path of paths) {
    // Assigned to a set, or already a one-file set of its own (`docker compose --env-file x up`).
    if (assigned.has(path) || projects.has(path)) continue;
    const base = overrideBaseName(basenameOf(path));
    const dir = dirnameOf(path);
    const basePath = base && (dir === '' ? base : `${dir}/${base}`);
    if (basePath && set.has(basePath) && !assigned.has(basePath)) {
      overrides.push([basePath, path]);
      continue;
    }
    const linkDirs = linkDirsOf.get(path) ?? [];
    // A target named like a compose file is also run in its own folder (`docker compose -f deploy/compose.yaml`).
    const standsAlone = linkDirs.length === 0 || isComposeName(basenameOf(path));
    if (standsAlone) projects.set(path, newProject([path], dir, isDefault(path) ? { kind: 'default' } : { kind: 'file' }));
    linkDirs.forEach((linkDir, i) => projects.set(!standsAlone && i === 0 ? path : `${path}\0@${linkDir}`, newProject([path], linkDir, { kind: 'default' })));
  }
  for (const [basePath, path] of overrides) projects.get(basePath)?.files.push(path);
  if (!input) return [...projects.values()];
  for (const p of projects.values()) attachLinks(p, input.links);

  const byPath = new Map(input.files.map((f) => [f.path, f]));
  const fileAt = (path: string): ComposeFile | null => {
    let f = byPath.get(path);
    if (f) return f;
    if (!input.tree.isFile(path)) return null;
    const text = input.sources.read(path).text;
    if (text === null) return null;
    f = parseComposeFile(path, text);
    byPath.set(path, f);
    return f;
  };

  // include / extends reachability.
  const reached = new Set<string>();
  const memo: IncludeMemo = new Map();
  const visit = (p: ComposeProject) => visitProject(p, input, fileAt, reached, memo, interpolationEnv(input.tree, input.sources, p.projectDir, undefined, envFilesOf.get(p)));
  for (const p of projects.values()) visit(p);
  for (const path of reached) {
    const p = projects.get(path);
    if (p && p.files.length === 1 && !assigned.has(path)) projects.delete(path);
  }

  // Overlays: lone files that only make sense merged over a base in their folder or above.
  const namesCache = new Map<ComposeProject, Set<string>>();
  const namesOf = (p: ComposeProject): Set<string> => {
    let names = namesCache.get(p);
    if (names) return names;
    names = new Set<string>();
    const visited = new Set<ComposeProject>();
    const add = (q: ComposeProject) => {
      if (visited.has(q)) return;
      visited.add(q);
      for (const f of q.files) for (const s of servicesOf(fileAt(f) ?? emptyFile(f))) names!.add(s.name);
      for (const inc of q.includes ?? []) add(inc);
    };
    add(p);
    namesCache.set(p, names);
    return names;
  };
  // The keys a project's files give a service (merged: the union over its files); null when none defines it.
  const serviceKeys = (q: ComposeProject, name: string): Set<string> | null => {
    let keys: Set<string> | null = null;
    for (const f of q.files) {
      const file = fileAt(f) ?? emptyFile(f);
      for (const s of servicesOf(file)) {
        if (s.name !== name) continue;
        keys ??= new Set();
        for (const k of keysOfService(file, s)) keys.add(k);
      }
    }
    return keys;
  };
  // Rounds, so that an overlay of an overlay (`-f base -f fleet.yml -f agent.yml`, where the
  // last names services only the middle one defines) finds its base once that base is formed.
  let pending = [...projects.values()].filter((p) => p.files.length === 1 && p.origin?.kind === 'file');
  for (let round = 0; round < 4 && pending.length > 0; round++) {
    const bases = [...projects.values()].filter((q) => q.origin?.kind === 'default' || q.origin?.kind === 'file' || q.origin?.kind === 'overlay');
    const formed: ComposeProject[] = [];
    const still: ComposeProject[] = [];
    for (const p of pending) {
      const path = p.files[0]!;
      const file = fileAt(path);
      if (!file) continue;
      const needed = overlayNeeds(file, namesOf(p));
      // A file that loads alone but only narrows services a base defines (each sets fewer keys
      // than the base's service, none the base lacks: `image:` swapped for CI) is a layer too.
      const narrowing = needed.size === 0 && !file.root?.has('include') ? servicesOf(file) : [];
      if (needed.size === 0 && narrowing.length === 0) continue;
      const dir = dirnameOf(path);
      // The folder a base is "at": its last file's (an overlay's own folder, or the base file's).
      const at = (q: ComposeProject) => dirnameOf(q.files[q.files.length - 1]!);
      const candidates = bases.filter(
        (q) =>
          q !== p &&
          !q.files.includes(path) &&
          isAncestorOrSelf(at(q), dir) &&
          [...needed].every((n) => namesOf(q).has(n)) &&
          (needed.size > 0 || (at(q) !== dir && narrowing.every((s) => narrows(file, s, serviceKeys(q, s.name))))) &&
          (q.origin?.kind === 'overlay' || overlayNeeds(fileAt(q.files[0]!) ?? emptyFile(q.files[0]!), namesOf(q)).size === 0),
      );
      if (candidates.length === 0) {
        still.push(p);
        continue;
      }
      const depth = Math.max(...candidates.map((q) => at(q).length));
      let nearest = candidates.filter((q) => at(q).length === depth);
      if (nearest.length > 1) nearest = nearest.filter((q) => q.origin?.kind === 'default');
      if (nearest.length !== 1) continue;
      const base = nearest[0]!;
      // With `-f`, Compose reads no `.override` twin: a default base is its first file.
      const baseFiles = base.origin?.kind === 'default' ? [base.files[0]!] : [...base.files];
      const overlay = newProject([...baseFiles, path], base.projectDir, { kind: 'overlay', base: baseFiles, overlay: path, ...(needed.size === 0 ? { narrows: true as const } : {}) });
      overlay.extensionFiles = [path];
      attachLinks(overlay, input.links);
      formed.push(overlay);
      projects.delete(path);
    }
    for (const p of formed) {
      visit(p);
      projects.set(p.files.join('\0'), p);
    }
    if (formed.length === 0) break;
    pending = still;
  }
  return [...projects.values()];
}

/**
 * Names a lone file needs from elsewhere to load: services it references (`depends_on`,
 * `links`, `extends` without `file`, …) but does not define, and services it defines with
 * neither `image`, `build` nor `extends` — keys added to a service another file defines
 * (alone, Compose rejects such a service: "has neither an image nor a build context").
 */
function overlayNeeds(file: ComposeFile, own: ReadonlySet<string>): Set<string> {
  const needed = new Set<string>();
  for (const s of servicesOf(file)) {
    for (const r of s.refs) if (r.required && !own.has(r.name)) needed.add(r.name);
    if (s.image === undefined && s.build === undefined && s.extends === undefined) needed.add(s.name);
  }
  return needed;
}

/** The keys a service definition sets (`image`, `ports`, ...), `<<` merges included. */
function keysOfService(file: ComposeFile, s: ServiceInfo): string[] {
  return s.map && file.doc ? effectivePairs(file.doc, s.map).map((p) => p.key) : [];
}

/**
 * A service that only narrows the base's: every key it sets, the base's service sets too, and
 * it leaves out at least one (`ports`, `volumes`, `command`, ...) — alone it would run without
 * them. A service adding a key, or restating all of them, may be a stack of its own.
 */
function narrows(file: ComposeFile, s: ServiceInfo, base: ReadonlySet<string> | null): boolean {
  if (!base) return false;
  const own = keysOfService(file, s);
  return s.map !== null && own.length > 0 && own.every((k) => base.has(k)) && own.length < base.size;
}

function attachLinks(p: ComposeProject, links: ReadonlyMap<string, string> | undefined): void {
  if (!links || links.size === 0) return;
  const found: Record<string, string> = {};
  for (const [link, target] of links) if (p.files.includes(target)) found[link] = target;
  if (Object.keys(found).length > 0) hidden(p, 'links', found);
}

/**
 * Set a project's variables and follow its `include:` and `extends: {file}` references, as
 * compose-go's loader does (loader/include.go ApplyInclude):
 * - the include entry is interpolated with the including project's variables;
 * - `path` and a relative `project_directory` resolve against the including project's
 *   directory; the project directory defaults to the folder of the first `path`;
 * - `env_file`s resolve against the including project's directory and a missing one fails the
 *   load; without `env_file`, `<project_directory>/.env` is read when it exists;
 * - the env files' values go under the including project's environment (`Mapping.Merge` keeps
 *   existing keys: the including project wins), later env files over earlier ones;
 * - an include cycle is an error in Compose ("include cycle detected": a file on the chain of
 *   files that include one another, compose-go ApplyInclude); it is a load problem, not followed.
 */
function visitProject(
  p: ComposeProject,
  input: GroupInput,
  fileAt: (path: string) => ComposeFile | null,
  reached: Set<string>,
  memo: IncludeMemo,
  env: { env: Map<string, string>; files: string[] },
  depth = 0,
  chain: ReadonlySet<string> = new Set(),
  trail: readonly string[] = [],
): VisitedTree {
  setProjectEnv(p, env.env, env.files);
  const tree: VisitedTree = { files: new Set(p.files), cut: false };
  // Past the depth limit: not followed (the same at the same depth, so memoised by depth).
  if (depth > 16) return tree;
  const lookup = (name: string) => env.env.get(name);
  const seen = new Set<string>();
  for (const path of p.files) {
    if (chain.has(path)) tree.cut = true;
    if (seen.has(path) || chain.has(path)) continue;
    seen.add(path);
    const file = fileAt(path);
    if (!file) continue;
    for (const svc of servicesOf(file)) {
      const written = svc.extends?.file;
      if (!written) continue;
      const target = interpolated(written, lookup);
      if (target === null) continue;
      const resolved = resolveAgainst(input.root, p.projectDir, target);
      if (resolved !== null && resolved !== path) {
        reached.add(resolved);
        p.extendsFiles = [...new Set([...(p.extendsFiles ?? []), resolved])];
      }
    }
    for (const inc of includesOf(file)) {
      const span = spanOfNode(inc.node) ?? { start: 0, end: 0 };
      const files: string[] = [];
      let missing = false;
      for (const written of inc.paths) {
        const value = interpolated(written, lookup);
        if (value === null) {
          missing = true;
          continue;
        }
        // A remote include (`oci://…`, a git URL) is fetched by Compose's remote loaders
        // (compose-go loader/include.go: `options.RemoteResourceLoaders()` accept it first): not checked.
        if (REMOTE_INCLUDE.test(value)) {
          missing = true;
          continue;
        }
        const resolved = resolveAgainst(input.root, p.projectDir, value);
        if (resolved === null) {
          missing = true;
          continue;
        }
        if (!input.tree.isFile(resolved)) {
          addProblem(p, { file: path, span, kind: 'include-missing', written, resolved });
          missing = true;
          continue;
        }
        files.push(resolved);
      }
      if (missing || files.length === 0) continue;
      // A file already on the include chain: Compose stops with "include cycle detected".
      if (files.some((f) => chain.has(f) || seen.has(f))) {
        tree.cut = true;
        // compose-go checks the files that include one another down to this one (`included`).
        const cycle = files.find((f) => f === path || trail.includes(f));
        if (cycle !== undefined) addProblem(p, { file: path, span, kind: 'include-cycle', written: inc.paths[files.indexOf(cycle)] ?? cycle, resolved: cycle });
        continue;
      }
      const writtenDir = inc.projectDirectory === undefined ? undefined : interpolated(inc.projectDirectory, lookup);
      if (writtenDir === null) continue;
      const dir = writtenDir === undefined ? dirnameOf(files[0]!) : resolveAgainst(input.root, p.projectDir, writtenDir);
      if (dir === null) continue;
      const envFiles: string[] = [];
      let envKnown = true;
      for (const writtenEnv of inc.envFiles) {
        const value = interpolated(writtenEnv, lookup);
        // compose-go ApplyInclude skips `/dev/null` (no variables, never an error).
        if (value === '/dev/null') continue;
        const resolved = value === null ? null : resolveAgainst(input.root, p.projectDir, value);
        if (resolved === null) {
          envKnown = false;
          continue;
        }
        if (!input.tree.isFile(resolved)) {
          addProblem(p, { file: path, span, kind: 'include-env-file-missing', written: writtenEnv, resolved });
          envKnown = false;
          continue;
        }
        envFiles.push(resolved);
      }
      if (!envKnown) continue;
      for (const f of files) reached.add(f);
      const subEnv = inc.envFiles.length > 0 ? readEnvFiles(input.tree, input.sources, envFiles, env.env) : interpolationEnv(input.tree, input.sources, dir, env.env);
      // The same files, folder and variables load the same sub-project: reuse it, as compose-go
      // caches loaded includes, so that a graph where each level includes the next level's
      // files twice stays linear. Not when the first load was cut short by a cycle (its shape
      // depended on the chain above it) or meets the current chain; keyed by depth, as the
      // depth limit cuts the same tree at the same depth. A shared
      // sub-project keeps the origin of its first includer; walks over `includes` visit it once.
      const key = [files.join('\0'), dir, JSON.stringify([...subEnv.env]), subEnv.files.join('\0'), JSON.stringify(p.externalEnvFile ?? null), depth].join('\u0001');
      const known = memo.get(key);
      const ancestors = new Set([...chain, ...seen]);
      if (known && ![...known.tree.files].some((f) => ancestors.has(f))) {
        p.includes = [...(p.includes ?? []), known.project];
        for (const f of known.tree.files) tree.files.add(f);
        continue;
      }
      const sub = newProject(files, dir, { kind: 'include', file: path, span });
      attachLinks(sub, input.links);
      p.includes = [...(p.includes ?? []), sub];
      // The outside env file's values reach the included files too (the including project's environment).
      if (p.externalEnvFile) hidden(sub, 'externalEnvFile', p.externalEnvFile);
      const subTree = visitProject(sub, input, fileAt, reached, memo, subEnv, depth + 1, ancestors, [...trail, path]);
      for (const f of subTree.files) tree.files.add(f);
      if (subTree.cut) tree.cut = true;
      else memo.set(key, { project: sub, tree: subTree });
    }
  }
  return tree;
}

/** The files a visited project and its includes load, and whether a cycle cut it short. */
interface VisitedTree {
  files: Set<string>;
  cut: boolean;
}

type IncludeMemo = Map<string, { project: ComposeProject; tree: VisitedTree }>;

/** An include Compose loads through a remote loader: OCI (`oci://`) or git (`https://…/r.git#ref:path`, `git@…`, `ssh://…`). */
const REMOTE_INCLUDE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

/** A path value after interpolation; null when it cannot be known (invalid, or an unset variable it needs). */
function interpolated(value: string, lookup: (name: string) => string | undefined): string | null {
  if (!value.includes('$')) return value;
  const r = interpolate(value, lookup);
  if (!r.ok || r.requiredMissing.length > 0 || r.unset.length > 0 || r.value === '') return null;
  return r.value;
}

function isAncestorOrSelf(dir: string, of: string): boolean {
  return dir === '' || of === dir || of.startsWith(`${dir}/`);
}

function emptyFile(path: string): ComposeFile {
  return { path, text: '', doc: null, errors: [], root: null, services: [] };
}
