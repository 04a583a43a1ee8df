// The upstream messages dockmend recognises, worded exactly as the tools print them. Each
// recogniser names the source it follows; `subject` is what identifies the failure (a path, a
// user, a variable, a port) and is what several reports of one failure share.
import type { CauseId } from './types.js';

export interface Recognised {
  cause: CauseId;
  severity: 'error' | 'warning';
  /** The path, user, group, file name, variable, port value or key path the message names. */
  subject: string;
  /** A compose file the message names (absolute or relative, as printed). */
  file?: string;
  /** A compose service the message names (`services.<name>.…`, `endpoint <project>-<name>-1`). */
  service?: string;
  /** The compose key path (`services.backend.ports.[]`). */
  keyPath?: string;
  /** The offending template or value, when the message prints it. */
  template?: string;
  /** For a port that is already allocated: the endpoint (container) name. */
  endpoint?: string;
}

interface Pattern {
  re: RegExp;
  make(m: RegExpExecArray): Recognised;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';

const PATTERNS: Pattern[] = [
  // moby/buildkit solver/llbsolver/ops (`failed to calculate checksum of ref %s`) wrapping
  // cache/contenthash (`errors.Wrapf(errNotFound, "%q", path)`): `... ref <id>::<id>: "/p": not found`.
  {
    re: /failed to calculate checksum of ref\b[^"]*"([^"]*)":\s*not found/,
    make: (m) => ({ cause: 'copy-source-not-found', severity: 'error', subject: cleanPath(m[1]) }),
  },
  // Older BuildKit: `failed to compute cache key: "/yarn.lock" not found: not found`.
  {
    re: /failed to compute cache key:\s*"([^"]*)" not found: not found/,
    make: (m) => ({ cause: 'copy-source-not-found', severity: 'error', subject: cleanPath(m[1]) }),
  },
  // Legacy builder (moby builder/dockerfile/copy.go): `COPY failed: file not found in build
  // context or excluded by .dockerignore: stat <p>: file does not exist`.
  {
    re: /(?:COPY|ADD) failed: file not found in build context or excluded by \.dockerignore: stat (.+?): file does not exist/,
    make: (m) => ({ cause: 'copy-source-not-found', severity: 'error', subject: cleanPath(m[1]) }),
  },
  // Older legacy builder: `COPY failed: stat /var/lib/docker/tmp/docker-builder123/<p>: no such file or directory`.
  {
    re: /(?:COPY|ADD) failed: stat \S*?\/docker-builder\d+\/(.+?): no such file or directory/,
    make: (m) => ({ cause: 'copy-source-not-found', severity: 'error', subject: cleanPath(m[1]) }),
  },
  // moby/sys/user (GetExecUser), used by BuildKit's file op for `--chown`.
  {
    re: /unable to find user ([^\s:]+): no matching entries in passwd file/,
    make: (m) => ({ cause: 'user-not-found', severity: 'error', subject: m[1] }),
  },
  {
    re: /unable to find group ([^\s:]+): no matching entries in group file/,
    make: (m) => ({ cause: 'group-not-found', severity: 'error', subject: m[1] }),
  },
  // Legacy builder (idtools): `can't find uid for user netra: no such user: netra`.
  {
    re: /can't find uid for user ([^\s:]+): no such user/,
    make: (m) => ({ cause: 'user-not-found', severity: 'error', subject: m[1] }),
  },
  {
    re: /can't find gid for group ([^\s:]+): no such group/,
    make: (m) => ({ cause: 'group-not-found', severity: 'error', subject: m[1] }),
  },
  // BuildKit dockerui: `failed to read dockerfile: open <name>: no such file or directory`.
  {
    re: /failed to read dockerfile: open (.+?): no such file or directory/,
    // Older BuildKit printed the daemon's temporary mount: `open /var/lib/docker/tmp/buildkit-mount123/Dockerfile`.
    make: (m) => ({ cause: 'dockerfile-not-found', severity: 'error', subject: m[1].trim().replace(/^.*\/buildkit-mount\d+\//, '') }),
  },
  // Legacy builder / docker CLI: `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat <p>: no such file or directory`.
  {
    re: /unable to evaluate symlinks in Dockerfile path: lstat (.+?): no such file or directory/,
    make: (m) => ({ cause: 'dockerfile-not-found', severity: 'error', subject: m[1].trim() }),
  },
  {
    re: /Cannot locate specified Dockerfile: (\S+)/,
    make: (m) => ({ cause: 'dockerfile-not-found', severity: 'error', subject: m[1] }),
  },
  // docker/compose build_classic.go and buildx: `unable to prepare context: path %q not found`.
  {
    re: /unable to prepare context: path "([^"]*)" not found/,
    make: (m) => ({ cause: 'context-not-found', severity: 'error', subject: m[1] }),
  },
  // compose-go loader: `build path <p> either does not exist, is not accessible, or is not a valid URL.`
  {
    re: /build path (.+?) either does not exist, is not accessible, or is not a valid URL/,
    make: (m) => ({ cause: 'context-not-found', severity: 'error', subject: m[1].trim() }),
  },
  // compose-go template.go: logrus.Warnf("The %q variable is not set. Defaulting to a blank
  // string.", name); docker-compose v1 printed the name without quotes. Inside logfmt the quotes
  // come escaped (`msg="The \"X\" variable ..."`).
  {
    re: new RegExp(`The \\\\?"?(${NAME})\\\\?"? variable is not set\\. Defaulting to a blank string`),
    make: (m) => ({ cause: 'variable-not-set', severity: 'warning', subject: m[1] }),
  },
  // compose-go template.go MissingRequiredError, wrapped by interpolation.go newPathError
  // (`error while interpolating %s: %w`) in recent versions.
  {
    re: new RegExp(`(?:error while interpolating (\\S+?):?\\s+)?required variable (${NAME}) is missing a value(?::\\s*(.*))?`),
    make: (m) => ({ cause: 'variable-required', severity: 'error', subject: m[2], keyPath: m[1], service: serviceOfKeyPath(m[1]), template: m[3]?.trim() || undefined }),
  },
  // compose-go loader: `%s: the attribute `version` is obsolete, it will be ignored, please
  // remove it to avoid potential confusion`.
  {
    re: /(?:^|\s)(?:(\S+?):\s+)?the attribute `version` is obsolete/,
    make: (m) => ({ cause: 'version-obsolete', severity: 'warning', subject: m[1] ?? '', file: m[1] }),
  },
  // compose-go interpolation.go newPathError: `invalid interpolation format for %s.\nYou may
  // need to escape any $ with another $.\n%s` (the template follows on its own line).
  {
    re: /invalid interpolation format for (\S+?)\.?(?:\s+You may need to escape any \$ with another \$\.?\s*(.*))?$/,
    make: (m) => ({ cause: 'invalid-interpolation', severity: 'error', subject: m[1], keyPath: m[1], service: serviceOfKeyPath(m[1]), template: m[2]?.trim() || undefined }),
  },
  // docker-compose v1: `Invalid interpolation format for "ports" option in service "backend": "${X"`.
  {
    re: /Invalid interpolation format for "([^"]+)" option in service "([^"]+)": "(.*)"/,
    make: (m) => ({ cause: 'invalid-interpolation', severity: 'error', subject: `services.${m[2]}.${m[1]}`, keyPath: `services.${m[2]}.${m[1]}`, service: m[2], template: m[3] }),
  },
  // docker/go-connections nat.ParsePortSpec (as used by compose-go and the daemon).
  {
    re: /invalid hostPort: (\S*)/i,
    make: (m) => ({ cause: 'invalid-port', severity: 'error', subject: stripDot(m[1]), template: stripDot(m[1]) }),
  },
  {
    re: /invalid containerPort: (\S*)/i,
    make: (m) => ({ cause: 'invalid-port', severity: 'error', subject: stripDot(m[1]), template: stripDot(m[1]) }),
  },
  {
    re: /invalid ranges specified for container and host Ports: (\S+) and (\S+)/i,
    make: (m) => ({ cause: 'invalid-port', severity: 'error', subject: stripDot(m[2]), template: stripDot(m[2]) }),
  },
  {
    re: /No port specified: (\S*?)<empty>/i,
    make: (m) => ({ cause: 'invalid-port', severity: 'error', subject: m[1], template: m[1] }),
  },
  // moby libnetwork portallocator: `Bind for 0.0.0.0:8000 failed: port is already allocated`,
  // inside `driver failed programming external connectivity on endpoint <name> (<id>): ...`.
  {
    re: /Bind for \S*?:(\d+) failed: port is already allocated/,
    make: (m) => ({ cause: 'port-allocated', severity: 'error', subject: m[1], endpoint: endpointOf(m.input) }),
  },
  // Docker Desktop / rootlesskit: `Ports are not available: exposing port TCP 0.0.0.0:8000 -> ...`.
  {
    re: /Ports are not available: exposing port \w+ \S*?:(\d+) ->/,
    make: (m) => ({ cause: 'port-allocated', severity: 'error', subject: m[1], endpoint: endpointOf(m.input) }),
  },
  {
    re: /listen tcp[46]? \S*?:(\d+): bind: address already in use/,
    make: (m) => ({ cause: 'port-allocated', severity: 'error', subject: m[1], endpoint: endpointOf(m.input) }),
  },
];

/** The first upstream message `text` holds, or null. */
export function recognise(text: string): Recognised | null {
  // The messages are short; a long line (minified output, a base64 blob) is not searched whole.
  const t = text.length > 8192 ? text.slice(0, 8192) : text;
  for (const p of PATTERNS) {
    const m = p.re.exec(t);
    if (m) return p.make(m);
  }
  return null;
}

function endpointOf(text: string): string | undefined {
  return /endpoint (\S+) \(/.exec(text)?.[1];
}

/** `/frontend/` → `frontend`; `/` → ``. Paths in BuildKit messages are context-absolute. */
export function cleanPath(p: string): string {
  return p.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

function stripDot(s: string): string {
  return s.replace(/[.,;]+$/, '');
}

/** `services.backend.ports.[]` → `backend`. */
export function serviceOfKeyPath(path: string | undefined): string | undefined {
  const m = path ? /^services\.([^.]+)/.exec(path) : null;
  return m ? m[1] : undefined;
}

/** The dockmend rules that explain each cause. */
export const RULES_FOR: Record<CauseId, string[]> = {
  'copy-source-not-found': ['copy-source-missing', 'copy-source-generated', 'copy-source-ignored', 'copy-wildcard-empty'],
  'user-not-found': ['chown-user-undefined'],
  'group-not-found': ['chown-user-undefined'],
  'dockerfile-not-found': ['compose-dockerfile-missing'],
  'context-not-found': ['compose-build-context-missing'],
  'variable-not-set': ['compose-undefined-variable'],
  'variable-required': ['compose-undefined-variable'],
  'version-obsolete': ['compose-version'],
  'invalid-interpolation': ['compose-invalid-interpolation'],
  'invalid-port': ['compose-invalid-port'],
  'port-allocated': ['compose-port-conflict'],
};

/** Causes that happen inside a Dockerfile step (and so take the failing step of the log). */
export const STEP_CAUSES: ReadonlySet<CauseId> = new Set(['copy-source-not-found', 'user-not-found', 'group-not-found']);
