// Which service definitions are "the same service" across compose projects, and the environment
// keys each ends up with.
//
// Two definitions are related when they have the same logical name, either live in sibling
// compose files of one folder or are built from the same Dockerfile, and run the same thing:
// both are built from the repository, or both run the same image repository (`postgres` and
// `mariadb` are different services), or one builds the image repository the other runs. A
// definition that neither builds nor names an image is a fragment that an overlay merges onto
// a base (`compose.nginxproxy.yaml` adding environment to the base's `frontend`): it is never
// compared, since what it runs is the base's business. The logical name is the
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
import { dockerfileModel, ignoreOf } from '../analysis/models.js';
import { inContext, isSent, resolveSource, type ContextView } from '../analysis/context-sources.js';
import { ignoreFileFor } from '../project/project.js';

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
  /** Root-relative build context directory; null when not built or unknown. */
  context: string | null;
  /** What the service runs: built from the repository (with the image it tags), an image, or null for an overlay fragment. */
  runs: { built: boolean; repository: string | null } | null;
}

/** The variant tag of a compose file name: `docker-compose.alpine-test.yml` → ['alpine', 'test']. */
export function variantTokens(path: string): string[] {
  const name = basenameOf(path).replace(/\.ya?ml$/, '');
  const m = /^(?:docker-)?compose[-_.](.+)$/.exec(name) ?? /^(.+?)[-_.](?:docker-)?compose$/.exec(name);
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
    // An inferred overlay project is its base merged with one overlay file: its services are
    // the base's, changed on purpose by the overlay, never a drifted copy of them.
    if (top.origin?.kind === 'overlay') continue;
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
        ...buildOf(merged),
        runs: runsOf(merged),
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

function buildOf(merged: MergedService): { context: string | null; dockerfile: string | null } {
  let context: { raw: string; unit: ComposeUnit } | undefined;
  let dockerfile: string | undefined;
  let built = false;
  for (const { info, unit } of merged.infos) {
    if (!info.build) continue;
    built = true;
    if (info.build.inline) return { context: null, dockerfile: null };
    if (info.build.context !== undefined) context = { raw: info.build.context, unit };
    if (info.build.dockerfile !== undefined) dockerfile = info.build.dockerfile;
  }
  if (!built) return { context: null, dockerfile: null };
  const unit = context?.unit ?? merged.infos[0]!.unit;
  const dir = resolvePath(unit, context?.raw ?? '.');
  if (dir === null) return { context: null, dockerfile: null };
  const df = interpolate(dockerfile ?? 'Dockerfile', unit.vars.assumed);
  if (!df.ok || df.unset.length > 0) return { context: dir, dockerfile: null };
  return { context: dir, dockerfile: resolveInRoot(dir, df.value) };
}

/** What a merged service runs; null when no definition builds or names an image (or `extends` decides it). */
function runsOf(merged: MergedService): ServiceVariant['runs'] {
  let built = false;
  let image: { raw: string; unit: ComposeUnit } | undefined;
  for (const { info, unit } of merged.infos) {
    if (info.build) built = true;
    if (info.image !== undefined) image = { raw: info.image, unit };
    if (info.extends) return null;
  }
  if (!built && image === undefined) return null;
  return { built, repository: image ? imageRepository(image.unit, image.raw) : null };
}

/** The repository of an image reference (`docker.io/library/postgres:16@sha256:…` → `postgres`). */
export function imageRepository(unit: ComposeUnit, raw: string): string {
  const r = interpolate(raw, unit.vars.assumed);
  let ref = (r.ok ? r.value : raw).trim().toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) ref = ref.slice(0, colon);
  return ref.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

/** Whether two definitions run the same thing (see the header). */
export function sameService(a: ServiceVariant, b: ServiceVariant): boolean {
  if (a.runs === null || b.runs === null) return false;
  if (a.runs.built && b.runs.built) return true;
  return a.runs.repository !== null && a.runs.repository === b.runs.repository;
}

function sharesFile(a: ComposeProject, b: ComposeProject): boolean {
  return a.files.some((f) => b.files.includes(f));
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
      // Projects sharing a file are one base with different overlays (`-f compose.yaml -f
      // overrides/x.yaml`): Compose merges them, and each overlay differs from the base on purpose.
      if (a.top === b.top || a.logical !== b.logical || sharesFile(a.top, b.top) || !sameService(a, b)) continue;
      // One definition merged in two `-f` sets (a base and base + overlay) is one service.
      if (a.merged.infos.some((x) => b.merged.infos.some((y) => y.info === x.info))) continue;
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

/**
 * Whether two related definitions belong to alternative stacks, each run alone and different on
 * purpose: each project runs a backing image that the other does not (a MySQL and a Postgres
 * stack, a plain and a TLS build of the server), apart from the compared service itself. A
 * project that only drops services of the other (a staging file without the local Redis, a
 * minimal test stack) is the same stack in another environment and stays compared: its missing
 * keys are what the incident this rule comes from was about. Keys named like a service of the
 * other project (`MYSQL_*` beside a `mysql` service) are deliberately not used as a sign: the
 * incident's `REDIS_URL` was missing from a staging file that runs no `redis` either.
 */
export function alternativeStacks(project: Project, a: ServiceVariant, b: ServiceVariant): boolean {
  const images = (v: ServiceVariant): Set<string> => {
    const out = new Set<string>();
    for (const w of serviceVariants(project)) {
      if (w.top !== v.top || w.logical === v.logical || w.runs?.repository == null) continue;
      out.add(w.runs.repository);
    }
    return out;
  };
  const x = images(a);
  const y = images(b);
  return [...x].some((r) => !y.has(r)) && [...y].some((r) => !x.has(r));
}

/** One text through which a service may read a key: `ref` texts read `$KEY`, `word` texts name it, `code` texts read it through an environment API. */
export interface Reader {
  kind: 'ref' | 'word' | 'code';
  /** Root-relative file, or a description of where the text is (the compose command). */
  where: string;
  text: string;
}

/** Application files read per service at most, and their size cap: a sample, not an audit. */
const MAX_CODE_FILES = 400;
const MAX_CODE_BYTES = 256 * 1024;
/** Entries walked below copied directories at most. */
const MAX_WALKED = 20_000;
const DEPENDENCY_DIR = /(?:^|\/)(?:node_modules|vendor|site-packages|\.git|\.venv|venv|__pycache__)\//;
const codeCache = new WeakMap<Project, Map<string, Reader[]>>();
const CODE_FILE = /\.(?:py|js|mjs|cjs|ts|mts|cts|jsx|tsx|rb|php|go|java|kt|kts|scala|groovy|c|h|cc|cpp|hpp|cs|rs|ex|exs|pl|pm|lua)$/i;

/**
 * The texts through which a service reads its environment by name: its own Dockerfile (a
 * `$KEY` or `${KEY}` in an instruction), the entrypoint scripts that Dockerfile copies in and
 * runs (ENTRYPOINT/CMD naming a copied file), the service's own `command`/`entrypoint` in the
 * compose files (`$$KEY`, evaluated in the container), and the application source files the
 * Dockerfile's COPY/ADD sources bring in from the build context (sent files only, as BuildKit
 * resolves the sources; bounded in number and size). When the service's own Dockerfile cannot
 * be read (a finding of its own), the sources that the other definitions of the same service
 * (`related`) copy in are looked up in this service's context: it is that application's code.
 */
export function readersOf(project: Project, v: ServiceVariant, related: readonly ServiceVariant[] = []): Reader[] {
  const readers: Reader[] = [];
  for (const { info, unit } of v.merged.infos) {
    for (const key of ['command', 'entrypoint']) {
      const node = info.map?.get(key, true);
      if (node) readers.push({ kind: 'ref', where: `${unit.file.path} ${key}`, text: JSON.stringify(node.toJSON()) });
    }
  }
  const df = v.dockerfile;
  const text = df !== null && project.tree.isFile(df) ? project.sources.read(df).text : null;
  if (df === null || text === null) {
    if (v.context !== null) {
      const copiers = related.filter((w) => w !== v && w.runs?.built && w.dockerfile !== null && project.tree.isFile(w.dockerfile));
      readers.push(...codeReaders(project, v.context, df, copiers.map((w) => w.dockerfile!)));
    }
    return readers;
  }
  readers.push({ kind: 'ref', where: df, text: text.replace(/^[ \t]*#.*$/gm, '') });
  const context = v.context ?? project.contexts.find((c) => c.dockerfile === df && c.origin.kind === 'compose' && c.origin.service === v.name)?.dir ?? project.contexts.find((c) => c.dockerfile === df)?.dir;
  const model = context == null ? null : dockerfileModel(project, df, {});
  if (model && context != null) {
    // Words of ENTRYPOINT/CMD that name a file: `/docker-entrypoint.sh`, `./start.sh`, `["app/run.py"]`.
    const run = new Set<string>();
    for (const m of text.matchAll(/^[ \t]*(?:ENTRYPOINT|CMD)[ \t]+(.*(?:\\\r?\n.*)*)$/gim)) {
      for (const w of m[1]!.split(/[\s",[\]]+/)) if (/[./]/.test(w) && !w.startsWith('-')) run.add(basenameOf(w));
    }
    for (const copy of model.copies) {
      if (copy.from) continue;
      const dest = copy.destination?.value ?? '';
      for (const src of copy.sources) {
        if (src.kind !== 'path' || src.value === null) continue;
        const name = basenameOf(src.value);
        if (!run.has(name) && !(dest && !dest.endsWith('/') && run.has(basenameOf(dest)))) continue;
        const path = resolveInRoot(context, src.value.replace(/^\/+/, ''));
        if (path === null || !project.tree.isFile(path)) continue;
        const body = project.sources.read(path).text;
        if (body !== null) readers.push({ kind: 'word', where: path, text: body });
      }
    }
    readers.push(...codeReaders(project, context, df, [df]));
  }
  return readers;
}

/** Application source files that the COPY/ADD sources of `dockerfiles` bring in from `context` (sent files only). */
function codeReaders(project: Project, context: string, ownDockerfile: string | null, dockerfiles: readonly string[]): Reader[] {
  const cacheKey = JSON.stringify([context, ownDockerfile, dockerfiles]);
  let perProject = codeCache.get(project);
  if (!perProject) codeCache.set(project, (perProject = new Map()));
  const known = perProject.get(cacheKey);
  if (known) return known;
  const ignoreFile = ignoreFileFor(project, context, ownDockerfile);
  const view: ContextView = { dir: context, ignore: ignoreFile ? ignoreOf(project, ignoreFile)?.matcher ?? null : null };
  const files: string[] = [];
  let walked = 0;
  const cut = context === '' ? 0 : context.length + 1;
  const add = (path: string) => {
    if (files.length < MAX_CODE_FILES && CODE_FILE.test(path) && !files.includes(path) && isSent(project.tree, view, path.slice(cut)) && project.tree.sizeOf(path) <= MAX_CODE_BYTES) files.push(path);
  };
  for (const df of dockerfiles) {
    const model = dockerfileModel(project, df, {});
    for (const copy of model?.copies ?? []) {
      if (copy.from) continue;
      for (const src of copy.sources) {
        if (src.kind !== 'path' || src.value === null) continue;
        const resolved = resolveSource(project.tree, view, src.value);
        if (resolved.status !== 'ok') continue;
        for (const rel of resolved.matches) {
          const abs = inContext(context, rel);
          if (project.tree.isFile(abs)) add(abs);
          else if (project.tree.isDir(abs)) {
            for (const e of project.tree.below(abs)) {
              if (files.length >= MAX_CODE_FILES || ++walked > MAX_WALKED) break;
              // Installed dependencies are not the service's own code (and would use up the budget).
              if (e.kind === 'file' && !DEPENDENCY_DIR.test(e.path.slice(abs === '' ? 0 : abs.length + 1))) add(e.path);
            }
          }
        }
      }
    }
  }
  const out: Reader[] = [];
  for (const path of files) {
    const body = project.sources.read(path).text;
    if (body !== null) out.push({ kind: 'code', where: path, text: body });
  }
  perProject.set(cacheKey, out);
  return out;
}

const escape = (key: string) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where `key` is read by name in the texts `readersOf` found, or null. In application code, by
 * an environment API with the key as a literal: `os.environ["K"]`, `os.environ.get("K")`,
 * `os.getenv("K")`, `getenv("K")` (PHP, C), `System.getenv("K")`, `os.Getenv("K")` (Go),
 * `ENV["K"]`, `ENV.fetch("K")` (Ruby), `process.env.K`, `process.env["K"]` (Node).
 */
export function readerOfKey(readers: readonly Reader[], key: string): Reader | null {
  const k = escape(key);
  const ref = new RegExp(`\\$\\{?${k}\\b`);
  const word = new RegExp(`(?<![A-Za-z0-9_])${k}(?![A-Za-z0-9_])`);
  const lit = `["'\`]${k}["'\`]`;
  const code = new RegExp(
    `(?:\\b[Gg]etenv\\s*\\(\\s*${lit}|\\benviron(?:\\.get\\s*\\(\\s*|\\s*\\[\\s*)${lit}|\\bENV(?:\\.fetch\\s*\\(\\s*|\\s*\\[\\s*)${lit}|\\bprocess\\.env(?:\\.${k}(?![A-Za-z0-9_$])|\\s*\\[\\s*${lit}))`,
  );
  return readers.find((r) => (r.kind === 'ref' ? ref : r.kind === 'word' ? word : code).test(r.text)) ?? null;
}
