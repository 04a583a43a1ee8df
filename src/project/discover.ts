// Which file names dockmend reads. Kept in one place so the walk, the docs and the tests agree.

/** `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`, `Containerfile.*`. */
export function isDockerfileName(name: string): boolean {
  if (name.endsWith('.dockerignore')) return false;
  return (
    name === 'Dockerfile' ||
    name === 'Containerfile' ||
    name.startsWith('Dockerfile.') ||
    name.startsWith('Containerfile.') ||
    name.endsWith('.Dockerfile') ||
    name.endsWith('.dockerfile')
  );
}

/** The Compose default names and their variants (`docker-compose.*.yml`, `compose.*.yaml`). */
export function isComposeName(name: string): boolean {
  return /^(docker-)?compose(\.[^/]+)?\.ya?ml$/.test(name);
}

/** `.dockerignore` or `<Dockerfile>.dockerignore` (BuildKit's per-Dockerfile ignore file). */
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
