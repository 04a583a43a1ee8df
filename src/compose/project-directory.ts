// Compose files written to run from another folder: every relative path fails from the file's
// own folder (its project directory, as Compose resolves paths by default: compose-spec "the
// project directory is the directory of the first compose file") but all resolve from one
// ancestor. Such a file is kept aside to be copied there, or run with `--project-directory`
// (a `docker-compose.override.yml` in a helper folder, meant for the repository root); one
// compose-project-directory info replaces the error per path that compose-build-context-missing,
// compose-dockerfile-missing and compose-env-file-missing would report.
//
// Only a lone override qualifies — `X.override.yml` with no `X.yml` beside it, and a compose
// file of that name (or a default name) in the ancestor: it cannot be meant to run alone, it
// only makes sense merged over the ancestor's base. A full compose file moved into a subfolder
// with its paths left behind (fixtures/netra: `docker/docker-compose.*.yml` with `context: .`) is
// the bug the path rules fix, and keeps its errors.
import type { ComposeProject, Project } from '../project/project.js';
import { overrideBaseName } from '../project/discover.js';
import { basenameOf, dirnameOf, resolveInRoot } from '../project/paths.js';
import { DEFAULT_COMPOSE_NAMES } from './projects.js';
import { composeAnalysis } from './analysis.js';
import { interpolate } from './interpolate.js';
import { servicesOf } from './services.js';

export interface RelocatedProject {
  project: ComposeProject;
  /** The nearest ancestor of the project directory every path resolves from ('' = the root). */
  resolvesFrom: string;
  /** How many relative paths were checked (build contexts with their Dockerfile, env files). */
  paths: number;
  /** The compose file in `resolvesFrom` the override goes over. */
  base: string;
}

/** Fewer paths than this are too little evidence: a lone wrong path is more likely a typo. */
const MIN_PATHS = 2;

const cache = new WeakMap<Project, Map<string, RelocatedProject>>();

/** Relocated projects, keyed by `<project dir>\0<file>` for each of their files. */
export function relocatedFiles(project: Project): Map<string, RelocatedProject> {
  let m = cache.get(project);
  if (!m) {
    m = new Map();
    for (const r of findRelocated(project)) for (const f of r.project.files) m.set(relocationKey(r.project.projectDir, f), r);
    cache.set(project, m);
  }
  return m;
}

export function relocationKey(projectDir: string, file: string): string {
  return `${projectDir}\0${file}`;
}

/** A relative path of the project: does it exist when resolved from `base`? */
type PathCheck = (base: string) => boolean;

function findRelocated(project: Project): RelocatedProject[] {
  const out: RelocatedProject[] = [];
  const tree = project.tree;
  const isFile = (p: string) => tree.isFile(tree.linkTarget(p) ?? p);
  const analysis = composeAnalysis(project);
  for (const cp of project.composeProjects) {
    const dir = cp.projectDir;
    if (dir === '' || cp.files.length !== 1 || dirnameOf(cp.files[0]!) !== dir) continue;
    const baseName = overrideBaseName(basenameOf(cp.files[0]!));
    if (baseName === null) continue;
    const baseIn = (ancestor: string): string | undefined =>
      [baseName, ...DEFAULT_COMPOSE_NAMES].map((n) => (ancestor === '' ? n : `${ancestor}/${n}`)).find((p) => tree.isFile(p));
    const checks: PathCheck[] = [];
    for (const c of project.contexts) {
      const o = c.origin;
      if (o.kind !== 'compose' || o.projectDir !== dir || !cp.files.includes(o.file)) continue;
      const context = o.contextAt?.scalar.value ?? '.';
      const dockerfile = c.dockerfile === null ? null : (o.dockerfileAt?.scalar.value ?? 'Dockerfile');
      if (dockerfile?.startsWith('/')) continue;
      checks.push((base) => {
        const ctx = resolveInRoot(base, context);
        if (ctx === null || !tree.isDir(ctx)) return false;
        if (dockerfile === null) return true;
        const df = resolveInRoot(ctx, dockerfile);
        return df !== null && isFile(df);
      });
    }
    for (const unit of analysis.firstUnits) {
      if (unit.project !== cp || unit.role !== 'file') continue;
      for (const service of servicesOf(unit.file)) {
        for (const entry of service.envFiles) {
          if (!entry.required) continue;
          const r = interpolate(entry.path, unit.vars.assumed);
          if (!r.ok || r.unset.length > 0 || r.requiredMissing.length > 0 || r.value.startsWith('/')) continue;
          const value = r.value;
          checks.push((base) => {
            const p = resolveInRoot(base, value);
            return p !== null && isFile(p);
          });
        }
      }
    }
    if (checks.length < MIN_PATHS || checks.some((ok) => ok(dir))) continue;
    for (let ancestor = dirnameOf(dir); ; ancestor = dirnameOf(ancestor)) {
      if (checks.every((ok) => ok(ancestor))) {
        const base = baseIn(ancestor);
        if (base !== undefined) out.push({ project: cp, resolvesFrom: ancestor, paths: checks.length, base });
        break;
      }
      if (ancestor === '') break;
    }
  }
  return out;
}
