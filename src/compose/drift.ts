// Which service definitions are "the same service" across compose projects, and the environment
// keys each ends up with.
//
// Two definitions are related when they have the same logical name and either live in sibling
// compose files of one folder, or are built from the same Dockerfile. The logical name is the
// service name without the tokens of its file's variant tag: in
// `docker-compose.alpine-test.yml`, `alpine-test-backend` is `backend`; in
// `docker-compose.minimal-test.yml`, `minimal-backend` is `backend`. Definitions of one project
// (override files) are merged, never compared: Compose merges their `environment`.
import type { ComposeProject, Project } from '../project/project.js';
import { basenameOf, dirnameOf, resolveInRoot } from '../project/paths.js';
import { composeAnalysis, type ComposeUnit, type MergedService } from './analysis.js';
import { parseDotenv } from './dotenv.js';
import { interpolate } from './interpolate.js';
import type { ServiceInfo } from './services.js';

export interface ServiceVariant {
  top: ComposeProject;
  name: string;
  logical: string;
  folder: string;
  merged: MergedService;
  /** Keys the container gets from `environment` and readable `env_file`s; null when unknown (a required env_file is missing). */
  effective: Set<string> | null;
  /** Keys the service writes in its own `environment` (not merged in from a shared block), in order. */
  own: string[];
  dockerfile: string | null;
}

/** The variant tag of a compose file name: `docker-compose.alpine-test.yml` → ['alpine', 'test']. */
export function variantTokens(path: string): string[] {
  const name = basenameOf(path).replace(/\.ya?ml$/, '');
  const m = /^(?:docker-)?compose\.(.+)$/.exec(name) ?? /^(.+?)[-_.](?:docker-)?compose$/.exec(name);
  if (!m) return [];
  return m[1]!
    .split(/[-_.]/)
    .filter((t) => t !== '' && t !== 'override');
}

/** The service name without the file's variant tokens at either end (never empty). */
export function logicalName(service: string, tokens: readonly string[]): string {
  const parts = service.split(/[-_.]/);
  if (tokens.length === 0 || parts.length < 2) return service;
  let s = 0;
  let e = parts.length;
  while (e - s > 1 && tokens.includes(parts[s]!.toLowerCase())) s++;
  while (e - s > 1 && tokens.includes(parts[e - 1]!.toLowerCase())) e--;
  return parts.slice(s, e).join('-');
}

const cache = new WeakMap<Project, ServiceVariant[]>();

export function serviceVariants(project: Project): ServiceVariant[] {
  let list = cache.get(project);
  if (!list) {
    list = buildVariants(project);
    cache.set(project, list);
  }
  return list;
}

function buildVariants(project: Project): ServiceVariant[] {
  const analysis = composeAnalysis(project);
  const out: ServiceVariant[] = [];
  for (const top of project.composeProjects) {
    const first = top.files[0]!;
    const tokens = variantTokens(first);
    for (const merged of analysis.services(top).values()) {
      const effective = new Set<string>();
      let known = true;
      const own: string[] = [];
      for (const { info, unit } of merged.infos) {
        for (const e of info.environment?.entries ?? []) {
          effective.add(e.key);
          if (e.own && !own.includes(e.key)) own.push(e.key);
        }
        for (const f of info.envFiles) {
          const keys = envFileKeys(project, unit, f.path);
          if (keys === null) {
            if (f.required) known = false;
            continue;
          }
          for (const k of keys) effective.add(k);
        }
      }
      out.push({
        top,
        name: merged.name,
        logical: logicalName(merged.name, tokens),
        folder: dirnameOf(first),
        merged,
        effective: known ? effective : null,
        own,
        dockerfile: dockerfileOf(merged),
      });
    }
  }
  return out;
}

/** Keys of an env_file, or null when it cannot be read (missing, unparsable path). */
export function envFileKeys(project: Project, unit: ComposeUnit, raw: string): string[] | null {
  const path = resolvePath(unit, raw);
  if (path === null || !project.tree.isFile(path)) return null;
  const text = project.sources.read(path).text;
  if (text === null) return null;
  return parseDotenv(text, () => undefined).entries.map((e) => e.key);
}

/** A compose path resolved against the unit's project directory, after interpolation; null when it cannot be known. */
export function resolvePath(unit: ComposeUnit, raw: string): string | null {
  const r = interpolate(raw, unit.vars.assumed);
  if (!r.ok || r.unset.length > 0 || r.requiredMissing.length > 0) return null;
  if (r.value.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(r.value)) return null;
  return resolveInRoot(unit.project.projectDir, r.value);
}

function dockerfileOf(merged: MergedService): string | null {
  let context: { raw: string; unit: ComposeUnit } | undefined;
  let dockerfile: string | undefined;
  let built = false;
  for (const { info, unit } of merged.infos) {
    if (!info.build) continue;
    built = true;
    if (info.build.inline) return null;
    if (info.build.context !== undefined) context = { raw: info.build.context, unit };
    if (info.build.dockerfile !== undefined) dockerfile = info.build.dockerfile;
  }
  if (!built) return null;
  const unit = context?.unit ?? merged.infos[0]!.unit;
  const dir = resolvePath(unit, context?.raw ?? '.');
  if (dir === null) return null;
  const df = interpolate(dockerfile ?? 'Dockerfile', unit.vars.assumed);
  if (!df.ok || df.unset.length > 0) return null;
  return resolveInRoot(dir, df.value);
}

/** Related variants, as connected groups of at least two. */
export function relatedGroups(project: Project): ServiceVariant[][] {
  const list = serviceVariants(project);
  const parent = list.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = list[i]!;
      const b = list[j]!;
      if (a.top === b.top || a.logical !== b.logical) continue;
      // Projects that share a compose file are overlays of one application (`-f base -f x` and
      // `-f base -f y`): what an overlay adds to a service differs from the others on purpose.
      if (a.top.files.some((f) => b.top.files.includes(f))) continue;
      if (a.folder === b.folder || (a.dockerfile !== null && a.dockerfile === b.dockerfile)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, ServiceVariant[]>();
  list.forEach((v, i) => {
    const g = groups.get(find(i)) ?? [];
    g.push(v);
    groups.set(find(i), g);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

/** The definition a fix edits: the last one with its own editable environment, else the first own mapping. */
export function editableDefinition(v: ServiceVariant): { info: ServiceInfo; unit: ComposeUnit } | null {
  const withEnv = v.merged.infos.filter((d) => d.info.environment?.editable);
  if (withEnv.length > 0) return withEnv[withEnv.length - 1]!;
  // An environment that comes from a merge or an alias would be replaced by a new key: no edit.
  if (v.merged.infos.some((d) => d.info.environment)) return null;
  return v.merged.infos.find((d) => d.info.map !== null && !d.info.aliased) ?? null;
}
