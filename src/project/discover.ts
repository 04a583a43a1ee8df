// Which file names dockmend reads. Kept in one place so the walk, the docs and the tests agree.

/** Suffixes of templates a build step renders into a Dockerfile or compose file: never read as one. */
const TEMPLATE_SUFFIX = /\.(?:template|tmpl|tpl|j2|jinja2?|in)$/i;

/**
 * `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`, `*.Dockerfile`, `*.dockerfile`,
 * `Containerfile`, `Containerfile.*`; not a template (`Dockerfile.j2`, `Dockerfile.in`,
 * `Dockerfile.template`, …), which is rendered into a Dockerfile before any build.
 */
export function isDockerfileName(name: string): boolean {
  if (name.endsWith('.dockerignore') || TEMPLATE_SUFFIX.test(name)) return false;
  return (
    name === 'Dockerfile' ||
    name === 'Containerfile' ||
    name.startsWith('Dockerfile.') ||
    name.startsWith('Dockerfile-') ||
    name.startsWith('Dockerfile_') ||
    name.startsWith('Containerfile.') ||
    name.endsWith('.Dockerfile') ||
    name.endsWith('.dockerfile')
  );
}

/**
 * Compose file names: the defaults (`compose.yaml`, `docker-compose.yml`, …) and their variants
 * `docker-compose[-_.]<x>.y(a)ml`, `compose[-_.]<x>.y(a)ml` and `<x>[-_.]compose.y(a)ml`
 * (`docker-compose-postgres.yml`, `compose_db.yaml`, `stack-compose.yaml`). Other names are
 * read when something names them (`-f`, `include`, `extends.file`, the config) or when their
 * content is a compose file (`looksLikeCompose`).
 */
export function isComposeName(name: string): boolean {
  return /^(?:docker-)?compose(?:[-_.][^/]+)?\.ya?ml$/.test(name) || /^[^/]+[-_.]compose\.ya?ml$/.test(name);
}

/**
 * The names Compose itself knows and their classic variants: `compose.y(a)ml`,
 * `docker-compose.y(a)ml`, `docker-compose.override.yml`, `compose.<x>.yaml`. A file so named
 * is read whatever its content (a broken one must be reported). The wider forms of
 * `isComposeName` (`docker-compose-ci.yml`, `compose_db.yaml`, `stack-compose.yaml`) also name
 * other YAML (a GitHub workflow `docker-compose-ci.yml`): they must read like Compose too.
 */
export function isClassicComposeName(name: string): boolean {
  return /^(?:docker-)?compose(?:\.[^/]+)?\.ya?ml$/.test(name);
}

/** YAML files whose content may make them compose files (sniffed by `looksLikeCompose`). */
export function isYamlName(name: string): boolean {
  return /\.ya?ml$/.test(name);
}

/** Compose's top-level keys (compose-spec schema); `x-*` extensions are allowed too. */
export const COMPOSE_TOP_LEVEL_KEYS: readonly string[] = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'configs', 'secrets', 'models'];
const COMPOSE_TOP_LEVEL = new Set(COMPOSE_TOP_LEVEL_KEYS);

/**
 * Whether the first bytes of a YAML file read like a compose file: top-level `services:` whose
 * services have `image`, `build` or `extends`, and no top-level key Compose does not know — so
 * a CI file (`.gitlab-ci.yml`'s `stages`/`image`, woodpecker's `steps`) or a Kubernetes manifest
 * is not taken for one. A cheap line scan: the full parse confirms it.
 */
export function looksLikeCompose(text: string): boolean {
  let services = false;
  let serviceKey = false;
  let inServices = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || /^\s*#/.test(line) || line === '---' || line.startsWith('%')) continue;
    const top = /^(["']?)([^\s"':#][^"':]*)\1\s*:(?:\s|$)/.exec(line);
    if (top && !/^\s/.test(line)) {
      const key = top[2]!;
      if (!COMPOSE_TOP_LEVEL.has(key) && !key.startsWith('x-')) return false;
      inServices = key === 'services';
      if (inServices) services = true;
      continue;
    }
    if (!/^\s/.test(line)) return false; // a top-level list or scalar: not a mapping of Compose keys
    if (inServices && /^\s+(?:image|build|extends)\s*:/.test(line)) serviceKey = true;
  }
  return services && serviceKey;
}

/** `.dockerignore` or `<Dockerfile>.dockerignore` (BuildKit's per-Dockerfile ignore file). */
/**
 * Bake's default file names, in the order `docker buildx bake` reads (and merges) them from its
 * working directory (docker/buildx bake/bake.go defaultFilenames, after the compose names,
 * which are read as compose files).
 */
export const BAKE_DEFAULT_NAMES: readonly string[] = ['docker-bake.json', 'docker-bake.hcl', 'docker-bake.override.json', 'docker-bake.override.hcl'];

export function isBakeFileName(name: string): boolean {
  return BAKE_DEFAULT_NAMES.includes(name);
}

export function isIgnoreFileName(name: string): boolean {
  return name === '.dockerignore' || name.endsWith('.dockerignore');
}

/** `.env` and its conventional variants (`.env.example`, `.env.template`, `.env.ci`, …). */
export function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}

/**
 * `X.override.yml` is merged over `X.yml` automatically by Compose (compose-go
 * `cli/options.go` DefaultOverrideFileNames); this returns X's file name, or null.
 */
export function overrideBaseName(name: string): string | null {
  const m = /^(.*)\.override\.(ya?ml)$/.exec(name);
  return m ? `${m[1]}.${m[2]}` : null;
}

const TEMPLATE_TOKENS = new Set(['example', 'sample', 'template', 'dist', 'tpl']);

/**
 * A compose file named as a template (`docker-compose.override.example.yml`,
 * `compose.sample.yaml`, `docker-compose.template.yml`, `compose.dist.yaml`): the user copies
 * and edits it before running it, so the paths and env files it names may not exist yet.
 */
export function isTemplateComposeName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const m = /^(?:docker-)?compose\.(.+)\.ya?ml$/.exec(name);
  return m !== null && m[1]!.split(/[-_.]/).some((t) => TEMPLATE_TOKENS.has(t.toLowerCase()));
}
