// Which compose files Compose loads together, and with which project directory and variables.
//
// - A file is its own project (`docker compose -f <file>`), project directory = its folder.
// - `X.override.yml` next to `X.yml` is merged over it automatically (compose-go cli/options.go
//   DefaultOverrideFileNames) — the pair is one project.
// - A config `projects` set (`[["docker-compose.yml", "extensions/x/x-compose.yml"]]`) is one
//   project in `-f` order.
// - A file reached by `include:` is loaded as its own application model with its own project
//   directory (compose-spec 14-include.md) and merged into the including project; a file reached
//   by `extends: {file}` provides service definitions only. Neither stands alone.
// - A lone, non-default-named file whose service references (`depends_on`, `links`, ...) all
//   resolve only in a project of the same or an ancestor folder is an extension meant for
//   `-f base.yml -f extension.yml` (docker-elk's `extensions/*/*-compose.yml`): it joins that
//   project, and every relative path in it resolves against that project's directory, as
//   Compose does with several `-f` files.
import { overrideBaseName } from '../project/discover.js';
import { basenameOf, dirnameOf, resolveInRoot } from '../project/paths.js';
import type { ComposeProject } from '../project/project.js';
import { envFileList, interpolationEnv, type EnvFiles, type TextSource, type TreeLike } from './env.js';
import { parseComposeFile, type ComposeFile } from './model.js';
import { includesOf, servicesOf } from './services.js';

export interface GroupInput {
  files: readonly ComposeFile[];
  tree: TreeLike;
  sources: TextSource;
  /** Config `projects`: sets of root-relative compose files used together, in `-f` order, with `--project-directory` and `--env-file`. */
  projects?: readonly { files: readonly string[]; projectDirectory?: string; envFile?: EnvFiles }[];
}

export const DEFAULT_COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** Attach `env` without making it enumerable: shell values must never end up in a serialized model. */
export function setProjectEnv(project: ComposeProject, env: ReadonlyMap<string, string>): ComposeProject {
  Object.defineProperty(project, 'env', { value: env, enumerable: false, writable: true, configurable: true });
  return project;
}

function newProject(files: string[], projectDir: string): ComposeProject {
  return setProjectEnv({ files, projectDir } as ComposeProject, new Map());
}

export function groupProjects(paths: readonly string[], input?: GroupInput): ComposeProject[] {
  const set = new Set(paths);
  const projects = new Map<string, ComposeProject>();
  const assigned = new Set<string>();

  // Each configured set is its own project, even when it shares files with another set
  // (docker-elk: `-f docker-compose.yml -f extensions/x/x-compose.yml`, one set per extension).
  for (const setting of input?.projects ?? []) {
    const files = [...setting.files];
    if (files.length === 0) continue;
    for (const f of files) assigned.add(f);
    const key = files.join('\0');
    if (projects.has(key)) continue;
    const p = newProject(files, setting.projectDirectory ?? dirnameOf(files[0]!));
    p.explicit = true;
    const envFiles = envFileList(setting.envFile);
    if (envFiles.length > 0) p.envFiles = [...envFiles];
    projects.set(key, p);
  }

  const overrides: Array<[string, string]> = [];
  for (const path of paths) {
    if (assigned.has(path)) continue;
    const base = overrideBaseName(basenameOf(path));
    const dir = dirnameOf(path);
    const basePath = base && (dir === '' ? base : `${dir}/${base}`);
    if (basePath && set.has(basePath) && !assigned.has(basePath)) overrides.push([basePath, path]);
    else projects.set(path, newProject([path], dir));
  }
  for (const [basePath, path] of overrides) projects.get(basePath)?.files.push(path);
  if (!input) return [...projects.values()];

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
  const visitProject = (p: ComposeProject, env: ReadonlyMap<string, string>, depth: number, seen: Set<string>): void => {
    setProjectEnv(p, env);
    if (depth > 8) return;
    for (const path of p.files) {
      if (seen.has(path)) continue;
      seen.add(path);
      const file = fileAt(path);
      if (!file) continue;
      for (const svc of servicesOf(file)) {
        const target = svc.extends?.file;
        if (!target || target.includes('$')) continue;
        const resolved = resolveInRoot(p.projectDir, target);
        if (resolved !== null && resolved !== path) {
          reached.add(resolved);
          p.extendsFiles = [...new Set([...(p.extendsFiles ?? []), resolved])];
        }
      }
      for (const inc of includesOf(file)) {
        const files = inc.paths.filter((x) => !x.includes('$')).map((x) => resolveInRoot(p.projectDir, x)).filter((x): x is string => x !== null);
        if (files.length === 0) continue;
        const dir = inc.projectDirectory && !inc.projectDirectory.includes('$') ? resolveInRoot(p.projectDir, inc.projectDirectory) : dirnameOf(files[0]!);
        if (dir === null) continue;
        for (const f of files) reached.add(f);
        const sub = newProject(files, dir);
        p.includes = [...(p.includes ?? []), sub];
        visitProject(sub, interpolationEnv(input.tree, input.sources, dir, env), depth + 1, new Set(seen));
      }
    }
  };
  for (const p of projects.values()) visitProject(p, interpolationEnv(input.tree, input.sources, p.projectDir, undefined, p.envFiles), 0, new Set());
  for (const path of reached) {
    const p = projects.get(path);
    if (p && p.files.length === 1 && !assigned.has(path)) projects.delete(path);
  }

  // Extension files: lone files whose references only resolve in an enclosing project.
  const list = [...projects.values()];
  const namesOf = (p: ComposeProject): Set<string> => {
    const names = new Set<string>();
    const add = (q: ComposeProject) => {
      for (const f of q.files) for (const s of servicesOf(fileAt(f) ?? emptyFile(f))) names.add(s.name);
      for (const inc of q.includes ?? []) add(inc);
    };
    add(p);
    return names;
  };
  for (const p of list) {
    if (p.files.length !== 1) continue;
    const path = p.files[0]!;
    if (DEFAULT_COMPOSE_NAMES.includes(basenameOf(path)) || assigned.has(path)) continue;
    const file = fileAt(path);
    if (!file) continue;
    const own = namesOf(p);
    const unknown = new Set(servicesOf(file).flatMap((s) => s.refs.filter((r) => r.required && !own.has(r.name)).map((r) => r.name)));
    if (unknown.size === 0) continue;
    const dir = dirnameOf(path);
    const candidates = list.filter((q) => q !== p && projects.has(q.files[0]!) && isAncestorOrSelf(q.projectDir, dir) && [...unknown].every((n) => namesOf(q).has(n)));
    if (candidates.length === 0) continue;
    const depth = Math.max(...candidates.map((q) => q.projectDir.length));
    let nearest = candidates.filter((q) => q.projectDir.length === depth);
    if (nearest.length > 1) nearest = nearest.filter((q) => DEFAULT_COMPOSE_NAMES.includes(basenameOf(q.files[0]!)));
    if (nearest.length !== 1) continue;
    const base = nearest[0]!;
    base.files.push(path);
    base.extensionFiles = [...(base.extensionFiles ?? []), path];
    projects.delete(path);
  }
  return [...projects.values()];
}

function isAncestorOrSelf(dir: string, of: string): boolean {
  return dir === '' || of === dir || of.startsWith(`${dir}/`);
}

function emptyFile(path: string): ComposeFile {
  return { path, text: '', doc: null, errors: [], root: null, services: [] };
}
