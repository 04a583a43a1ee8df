// BuildKit's build-check configuration: the `# check=skip=<names>;error=true` parser directive
// and the `BUILDKIT_DOCKERFILE_CHECK` build arg, which replaces the directive when set.
// Upstream: moby/buildkit frontend/dockerfile/parser/directives.go (where a directive may be
// written), frontend/dockerfile/linter/linter.go (ParseLintOptions, Linter.Run), and
// frontend/dockerui (the `build-arg:BUILDKIT_DOCKERFILE_CHECK` option becomes the linter config,
// taking precedence over the directive).

export interface CheckConfig {
  /** Check names (as BuildKit spells them) that are not run. */
  skip: ReadonlySet<string>;
  /** `skip=all`: no check runs. */
  skipAll: boolean;
  /** `error=true`: a violation fails the build ("lint violation found for rules: …"). */
  error: boolean;
  /** `experimental=<names>`: the experimental checks that run (they run only when named). */
  experimental: ReadonlySet<string>;
  /** `experimental=all`. */
  experimentalAll: boolean;
}

export const DEFAULT_CHECK_CONFIG: CheckConfig = { skip: new Set(), skipAll: false, error: false, experimental: new Set(), experimentalAll: false };

/**
 * ParseLintOptions: at most three `;`-separated `key=value` parts, `skip` and `experimental` (a
 * `,` list or `all`) and `error` (Go's strconv.ParseBool). Null when BuildKit would reject the
 * string (the build then fails on the option itself, which is not a check's business).
 */
export function parseCheckOptions(value: string): CheckConfig | null {
  const trimmed = value.trim();
  if (trimmed === '') return DEFAULT_CHECK_CONFIG;
  // strings.SplitN(checkStr, ";", 3): a fourth part stays inside the third one's value.
  const parts: string[] = [];
  let rest = trimmed;
  while (parts.length < 2 && rest.includes(';')) {
    parts.push(rest.slice(0, rest.indexOf(';')));
    rest = rest.slice(rest.indexOf(';') + 1);
  }
  parts.push(rest);
  let skip = new Set<string>();
  let skipAll = false;
  let error = false;
  let experimental = new Set<string>();
  let experimentalAll = false;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (key === 'skip') {
      if (v === 'all') skipAll = true;
      else skip = new Set(v.split(',').map((s) => s.trim()));
    } else if (key === 'experimental') {
      if (v === 'all') experimentalAll = true;
      else experimental = new Set(v.split(',').map((s) => s.trim()));
    } else if (key === 'error') {
      const parsed = parseGoBool(v);
      if (parsed === null) return null;
      error = parsed;
    } else {
      return null;
    }
  }
  return { skip, skipAll, error, experimental, experimentalAll };
}

/** strconv.ParseBool. */
function parseGoBool(v: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return null;
}

/**
 * The value of the `check` directive, or null. directives.go: after a UTF-8 BOM and a `#!`
 * first line, directives are the leading lines `#<space>key<space>=<space>value`; the first line
 * that is not one (a blank line, another comment, an instruction, an unknown key) ends them.
 * Keys are case-insensitive; only `syntax`, `escape` and `check` are directives.
 */
export function checkDirective(text: string): string | null {
  let body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.startsWith('#!')) {
    const nl = body.indexOf('\n');
    body = nl < 0 ? '' : body.slice(nl + 1);
  }
  // bufio.ScanLines drops a trailing `\r`.
  for (const raw of body.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.startsWith('#')) return null;
    const m = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(line.slice(1).replace(/^\s+/, ''));
    if (!m) return null;
    const key = m[1]!.toLowerCase();
    if (key !== 'syntax' && key !== 'escape' && key !== 'check') return null;
    // A repeated directive is a parse error ("only one check parser directive can be used"),
    // so the first one is the only one that can count.
    if (key === 'check') return m[2]!;
  }
  return null;
}

/** The check configuration one build uses: the build arg when it is passed, else the directive. */
export function checkConfig(dockerfileText: string, buildArgs: Readonly<Record<string, string>> = {}): CheckConfig {
  const fromArg = Object.prototype.hasOwnProperty.call(buildArgs, 'BUILDKIT_DOCKERFILE_CHECK') ? buildArgs.BUILDKIT_DOCKERFILE_CHECK : undefined;
  const value = fromArg ?? checkDirective(dockerfileText);
  if (value === null || value === undefined) return DEFAULT_CHECK_CONFIG;
  return parseCheckOptions(value) ?? DEFAULT_CHECK_CONFIG;
}

export function isSkipped(config: CheckConfig, check: string): boolean {
  return config.skipAll || config.skip.has(check);
}

/** linter.go `Run`: an experimental check runs only when named, and `skip=` does not apply to it. */
export function runsCheck(config: CheckConfig, check: string, experimental = false): boolean {
  if (experimental) return config.experimentalAll || config.experimental.has(check);
  return !isSkipped(config, check);
}

/**
 * How the builds of one Dockerfile treat a check: not reported when no build runs it (with no
 * build known, the directive alone decides); an error when every build that runs it fails on it
 * (`error=true`). `forced`: dockmend's configuration asks for an experimental check, so every
 * build counts as running it.
 */
export function checkOutcome(configs: readonly CheckConfig[], check: string, experimental = false, forced = false): 'skip' | 'error' | 'report' {
  const running = forced ? configs : configs.filter((c) => runsCheck(c, check, experimental));
  if (running.length === 0) return 'skip';
  return running.every((c) => c.error) ? 'error' : 'report';
}
