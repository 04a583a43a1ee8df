// The command lines a repository runs Compose and `docker build` with: Makefiles (`*.mk`
// too), shell scripts, package.json scripts, GitHub and GitLab workflows, fenced code blocks
// of README and docs Markdown, comments in compose files, and `COMPOSE_FILE` in `.env`.
//
// Each `docker compose -f a -f b` line is a compose project as Compose loads it (the files in
// `-f` order, `--project-directory`, `--env-file`); each `docker build -f X ctx` line is a
// build definition like a compose `build:`. Precision first: a line is used only when every
// path it names resolves to an existing file or directory of the tree; a path built from a
// variable the same file does not assign a literal, from `~`, from a CI expression or from a
// command substitution other than `pwd`/`dirname "$0"` makes the line skipped. One exception:
// an `--env-file` outside the repository (`~/gitops/x.env`, `/etc/app.env`) is kept as written
// (`externalEnvFile`): the set is still a project, whose variables may come from that file.
//
// Where a command runs from (its working directory):
// - Makefile / *.mk: the Makefile's folder (make runs recipes there); `cd` applies to the
//   rest of its own recipe line only (each recipe line is its own shell).
// - package.json scripts: the package.json's folder (npm runs scripts there).
// - shell scripts: the repository root (how scripts are usually run: `./scripts/x.sh`), until
//   the script `cd`s; `cd "$(dirname "$0")"` (or `${BASH_SOURCE[0]}`) moves to its own folder.
// - workflows: the repository root (the checkout), or `working-directory:` (step, job
//   `defaults.run`, workflow `defaults.run`).
// - Markdown and compose-file comments: the repository root, or the file's own folder when the
//   paths only resolve there.
// - `.env` `COMPOSE_FILE`: the `.env`'s folder (Compose reads `.env` from the working directory).
//
// This module is pure: texts in, command lines out; `PathTests` answers for the tree.
import { parseDocument, isMap, isSeq, isScalar, type Node, type Document, type YAMLMap } from 'yaml';
import { basenameOf, dirnameOf, resolveInRoot } from './paths.js';

/** Where a project or build was found: the file, the 1-based line, the command as written (one line). */
export interface InvocationOrigin {
  kind: 'invocation';
  file: string;
  line: number;
  command: string;
}

/** A `docker compose -f a -f b ...` line (or `COMPOSE_FILE=a:b`): root-relative paths. */
export interface FoundComposeSet {
  files: string[];
  projectDirectory?: string;
  envFile?: string;
  /**
   * `--env-file` outside the repository, as written (`~/gitops/x.env`, `/etc/app.env`):
   * Compose reads it instead of `<project dir>/.env`; dockmend cannot.
   */
  externalEnvFile?: string;
  origin: InvocationOrigin;
}

/** A `docker build` / `docker buildx build` line: root-relative paths. */
export interface FoundBuild {
  dockerfile: string;
  context: string;
  target?: string;
  /** `--build-arg K=V` values given literally. */
  args: Record<string, string>;
  origin: InvocationOrigin;
}

/**
 * A `docker compose [-f …] up|run|start|create [services…]` line: which project it starts and
 * which services. `files` are the `-f` files (or COMPOSE_FILE), or the default compose file
 * Compose finds from the working directory. `services` empty = every service of the project;
 * null = the service words are not known (a variable with no known value).
 */
export interface FoundStart {
  files: string[];
  /** The `-f` files were given (or COMPOSE_FILE); otherwise `files` is the default file found. */
  explicit: boolean;
  command: 'up' | 'run' | 'start' | 'create';
  services: string[] | null;
  /** The named services' dependencies start too (no `--no-deps`). */
  withDependencies: boolean;
  /**
   * The named services publish their `ports:`. False for `run` without `--service-ports`:
   * Compose clears the run container's ports (docker/compose cmd/compose/run.go, "if
   * !options.servicePorts { service.Ports = … }"); its dependencies still start as with `up`.
   */
  ownPorts: boolean;
  origin: InvocationOrigin;
}

/**
 * A `docker buildx bake -f a.hcl -f b.hcl` line (or `docker bake`), or a `docker/bake-action`
 * step with `files:`: the Bake files it reads, in order, and the directory it runs in (Bake
 * resolves contexts against its working directory). Root-relative paths.
 */
export interface FoundBake {
  files: string[];
  cwd: string;
  /**
   * Files of the set that are not in the repository, as written: a CI expression such as
   * `${{ steps.meta.outputs.bake-file }}` (docker/metadata-action's generated Bake file, which
   * defines the `docker-metadata-action` target). They may define targets dockmend cannot see.
   */
  external?: string[];
  /** Compose files the line also names (`-f compose.yaml`): Bake reads their services as targets. */
  composeFiles?: string[];
  origin: InvocationOrigin;
}

export interface Invocations {
  composeSets: FoundComposeSet[];
  builds: FoundBuild[];
  starts: FoundStart[];
  bakes: FoundBake[];
}

export interface PathTests {
  isFile(path: string): boolean;
  isDir(path: string): boolean;
}

export type InvocationSourceKind = 'makefile' | 'shell' | 'package-json' | 'github-workflow' | 'gitlab-ci' | 'markdown' | 'compose' | 'dotenv';

/** Largest script or document read for command lines: real ones are kilobytes. */
export const MAX_INVOCATION_SOURCE_BYTES = 512 * 1024;

const DOC_DIRS = /(^|\/)(docs?|documentation)(\/|$)/i;

/**
 * Which kind of command-line source a root-relative path is, or null. Compose files and
 * `.env` are not listed here: the caller passes the compose files it reads and the `.env`
 * files the walk found.
 */
export function invocationSourceKind(path: string): InvocationSourceKind | null {
  const name = basenameOf(path);
  const dir = dirnameOf(path);
  if (name === 'Makefile' || name === 'makefile' || name === 'GNUmakefile' || name.endsWith('.mk')) return 'makefile';
  if (name.endsWith('.sh') || name.endsWith('.bash')) return 'shell';
  if (name === 'package.json') return 'package-json';
  if (dir === '.github/workflows' && /\.ya?ml$/.test(name)) return 'github-workflow';
  if (path === '.gitlab-ci.yml' || path === '.gitlab-ci.yaml') return 'gitlab-ci';
  if (/\.md$/i.test(name) && (/^readme/i.test(name) || DOC_DIRS.test(dir))) return 'markdown';
  return null;
}

/** Cheap test before parsing: does the text mention a command this module reads? */
export function mentionsInvocation(text: string): boolean {
  return /docker[ \t-]+compose|docker[ \t]+(?:buildx[ \t]+)?(?:build|bake)\b|COMPOSE_FILE|docker\/bake-action/.test(text);
}

// ---------------------------------------------------------------------------------------------
// Words

// A word is a string; two private characters mark what a plain string cannot say.
/** At the start of a word: the rest is a root-relative path (from `$PWD`, `$(dirname "$0")`). */
const ANCHOR = '\u0001';
/** Anywhere in a word: an expansion with no known value. */
const UNKNOWN = '\u0002';
/** At the start of a word: `~` (the user's home, outside the repository). */
const HOME = '\u0004';

interface Scope {
  /** Shell (or make) variables with a known value; words may hold ANCHOR. */
  vars: Map<string, string>;
  /** Current directory, root-relative; null when unknown. */
  cwd: string | null;
  /** The script's own folder (for `dirname "$0"`); null when not a script. */
  scriptDir: string | null;
  tests: PathTests;
}

/** Expand `$NAME`, `${NAME}`, `${NAME:-d}`, `$(pwd)`, `$(dirname "$0")` and backquoted `pwd`. */
function expandAt(text: string, i: number, scope: Scope): { value: string; end: number } {
  // text[i] === '$' or '`'
  if (text[i] === '`') {
    const close = text.indexOf('`', i + 1);
    if (close < 0) return { value: UNKNOWN, end: text.length };
    return { value: substitution(text.slice(i + 1, close), scope), end: close + 1 };
  }
  const next = text[i + 1];
  if (next === '(') {
    let depth = 1;
    let j = i + 2;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth--;
    }
    if (depth !== 0) return { value: UNKNOWN, end: text.length };
    return { value: substitution(text.slice(i + 2, j - 1), scope), end: j };
  }
  if (next === '{') {
    const close = text.indexOf('}', i + 2);
    if (close < 0) return { value: UNKNOWN, end: text.length };
    const body = text.slice(i + 2, close);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/.exec(body);
    if (!m) return { value: body === 'BASH_SOURCE[0]' || body === 'BASH_SOURCE' ? scriptPath(scope) : UNKNOWN, end: close + 1 };
    const known = variable(m[1]!, scope);
    if (m[2] !== undefined) {
      // `${VAR:-default}`: the default when the variable has no known value (and the default is literal).
      if (known !== null && !known.includes(UNKNOWN) && (m[2] === '-' || known !== '')) return { value: known, end: close + 1 };
      return { value: /[$`]/.test(m[3]!) ? UNKNOWN : m[3]!, end: close + 1 };
    }
    return { value: known ?? UNKNOWN, end: close + 1 };
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9]/.exec(text.slice(i + 1));
  if (!m) return { value: '$', end: i + 1 };
  const name = m[0];
  if (name === '0') return { value: scriptPath(scope), end: i + 2 };
  return { value: variable(name, scope) ?? UNKNOWN, end: i + 1 + name.length };
}

function scriptPath(scope: Scope): string {
  return scope.scriptDir === null ? UNKNOWN : `${ANCHOR}${scope.scriptDir}/\u0003`;
}

function variable(name: string, scope: Scope): string | null {
  if (name === 'PWD') return scope.cwd === null ? UNKNOWN : ANCHOR + scope.cwd;
  // `$HOME` unassigned: the user's home, like `~` (outside the repository).
  if (name === 'HOME' && !scope.vars.has(name)) return HOME;
  return scope.vars.get(name) ?? null;
}

/** The few command substitutions whose value is known: `pwd`, `dirname "$0"`, `cd <dir> && pwd`. */
function substitution(inner: string, scope: Scope): string {
  const s = inner.trim();
  if (s === 'pwd' || s === 'pwd -P') return scope.cwd === null ? UNKNOWN : ANCHOR + scope.cwd;
  const dirname = /^dirname\s+(.+)$/.exec(s);
  if (dirname) {
    const arg = wordsOf(dirname[1]!, scope);
    if (arg === null || arg.length !== 1) return UNKNOWN;
    const w = arg[0]!;
    // `$0` expands to ANCHOR<dir>/\u0003: its dirname is the anchored folder.
    if (w.startsWith(ANCHOR) && w.endsWith('/\u0003')) return w.slice(0, -2);
    return UNKNOWN;
  }
  // `cd <dir> && pwd`: the leftmost `&&`/`;` followed by `pwd` to the end (found without a lazy
  // group followed by `\s*`, which backtracks quadratically on a long run of spaces).
  const pwdTail = /^cd\s/.test(s) ? /(?:&&|;)[ \t]*pwd(?:[ \t]+-P)?$/.exec(s) : null;
  const cdArg = pwdTail ? s.slice(2, pwdTail.index).trim() : '';
  if (cdArg !== '') {
    const arg = wordsOf(cdArg, scope);
    if (arg === null || arg.length !== 1) return UNKNOWN;
    const dir = resolveWord(arg[0]!, scope.cwd);
    return dir === null ? UNKNOWN : ANCHOR + dir;
  }
  return UNKNOWN;
}

/** Split one simple command's text into expanded words (quotes removed); null on unbalanced quotes. */
function wordsOf(text: string, scope: Scope): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return null;
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; ) {
        if (text[j] === '\\' && j + 1 < text.length) {
          word += /[$`"\\]/.test(text[j + 1]!) ? text[j + 1] : text.slice(j, j + 2);
          j += 2;
        } else if (text[j] === '$' || text[j] === '`') {
          const e = expandAt(text, j, scope);
          word += e.value;
          j = e.end;
        } else word += text[j++];
      }
      if (j >= text.length) return null;
      inWord = true;
      i = j + 1;
    } else if (c === '\\') {
      word += text[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else if (c === '$' || c === '`') {
      const e = expandAt(text, i, scope);
      word += e.value;
      inWord = true;
      i = e.end;
    } else if (c === '~' && !inWord) {
      word += HOME;
      inWord = true;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Split a logical line at `&&`, `||`, `;`, `|`, `&` and parentheses outside quotes and `$( )`. */
function splitCommands(line: string): string[] | null {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return null;
      i = close;
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (j >= line.length) return null;
      i = j;
    } else if (c === '$' && line[i + 1] === '(') {
      depth++;
      i++;
    } else if (c === '(' && depth > 0) depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === '`') {
      const close = line.indexOf('`', i + 1);
      if (close < 0) return null;
      i = close;
    } else if (c === '&' && (line[i - 1] === '>' || line[i + 1] === '>')) {
      // `2>&1`, `&>file`: a redirection, not a background `&`.
    } else if (depth === 0 && (c === ';' || c === '|' || c === '&' || c === '(' || c === ')')) {
      out.push(line.slice(start, i));
      while (i + 1 < line.length && (line[i + 1] === '&' || line[i + 1] === '|')) i++;
      start = i + 1;
    } else if (depth === 0 && c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      out.push(line.slice(start, i));
      start = line.length;
      break;
    }
  }
  out.push(line.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Root-relative path of a word against the working directory; null when unknown or outside. */
function resolveWord(word: string, cwd: string | null): string | null {
  if (word.includes(UNKNOWN) || word.includes('\u0003') || word.includes(HOME) || word === '') return null;
  if (word.startsWith(ANCHOR)) return resolveInRoot('', word.slice(1).replace(/^\/+/, ''));
  if (word.startsWith('/') || cwd === null) return null;
  return resolveInRoot(cwd, word);
}

// ---------------------------------------------------------------------------------------------
// Commands

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'time', 'command', 'nohup', 'builtin']);
/** docker's global options that take a value (docker/cli cli/flags/options.go). */
const DOCKER_GLOBAL_VALUE = new Set(['--context', '-c', '--host', '-H', '--log-level', '-l', '--config', '--tlscacert', '--tlscert', '--tlskey']);
/** Compose's global options that take a value (docker/compose cmd/compose/compose.go). */
const COMPOSE_GLOBAL_VALUE = new Set(['--ansi', '--parallel', '--profile', '--progress', '--project-directory', '--project-name', '-p', '--env-file', '--file', '-f', '--workdir', '--host', '-H', '--context', '-c', '--log-level']);
/** `docker build` / `buildx build` options that take a value (docker/buildx commands/build.go). */
const BUILD_VALUE = new Set([
  '--add-host', '--allow', '--annotation', '--attest', '--build-arg', '--build-context', '--builder', '--cache-from', '--cache-to', '--call',
  '--cgroup-parent', '--cpu-period', '--cpu-quota', '--cpu-shares', '-c', '--cpuset-cpus', '--cpuset-mems', '--file', '-f', '--iidfile', '--isolation',
  '--label', '--memory', '-m', '--memory-swap', '--metadata-file', '--network', '--no-cache-filter', '--output', '-o', '--platform', '--progress',
  '--provenance', '--sbom', '--secret', '--security-opt', '--shm-size', '--ssh', '--tag', '-t', '--target', '--ulimit',
]);
/** Options that take no value (or only with `=`). */
const BUILD_FLAG = new Set([
  '--check', '--compress', '--load', '--debug', '--disable-content-trust', '--force-rm', '--no-cache', '--pull', '--push', '--quiet', '-q', '--rm', '--squash', '-D',
]);

interface Emit {
  compose(set: { files: string[]; projectDirectory?: string; envFile?: string; externalEnvFile?: string }): void;
  start(s: Omit<FoundStart, 'origin'>): void;
  build(b: { dockerfile: string; context: string; target?: string; args: Record<string, string> }): void;
  bake(b: { files: string[]; cwd: string; composeFiles?: string[] }): void;
}

/**
 * Read one simple command's words: assignments (kept in `scope.vars` when nothing follows
 * them), `cd`, `export`, and the docker commands. Returns nothing; found things go to `emit`.
 */
function runCommand(all: string[], scope: Scope, emit: Emit, env: ReadonlyMap<string, string>): void {
  // Redirections (`>/dev/null`, `2>&1`, `< in`) are not arguments.
  const words: string[] = [];
  for (let k = 0; k < all.length; k++) {
    if (/^(?:\d*|&)(?:>>?|<)(?:&\d*-?)?$/.test(all[k]!)) k++;
    else if (!/^(?:\d*|&)(?:>>?|<)/.test(all[k]!)) words.push(all[k]!);
  }
  const prefix = new Map<string, string>();
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i]!)) {
    const m = ASSIGNMENT.exec(words[i]!)!;
    prefix.set(m[1]!, m[2]!);
    i++;
  }
  if (i === words.length) {
    for (const [k, v] of prefix) scope.vars.set(k, v);
    return;
  }
  while (i < words.length && WRAPPERS.has(words[i]!)) {
    const w = words[i++]!;
    // `sudo -E`, `env -i`: options of the wrapper; `env A=b`: more assignments.
    while (i < words.length && (words[i]!.startsWith('-') || (w === 'env' && ASSIGNMENT.test(words[i]!)))) {
      const m = ASSIGNMENT.exec(words[i]!);
      if (m) prefix.set(m[1]!, m[2]!);
      i++;
    }
  }
  const cmd = words[i];
  if (cmd === undefined) return;
  const rest = words.slice(i + 1);
  if (cmd === 'export' || cmd === 'readonly' || cmd === 'declare' || cmd === 'local') {
    for (const w of rest) {
      const m = ASSIGNMENT.exec(w);
      if (m) scope.vars.set(m[1]!, m[2]!);
    }
    return;
  }
  if (cmd === 'cd' || cmd === 'pushd') {
    const target = rest.filter((w) => !w.startsWith('-'))[0];
    const dir = target === undefined ? null : resolveWord(target, scope.cwd);
    scope.cwd = dir !== null && scope.tests.isDir(dir) ? dir : null;
    return;
  }
  const envOf = (name: string) => prefix.get(name) ?? scope.vars.get(name) ?? env.get(name);
  if (cmd === 'docker-compose' || /\/docker-compose$/.test(cmd)) {
    composeCommand(rest, scope, emit, envOf);
    return;
  }
  if (cmd !== 'docker' && !/\/docker$/.test(cmd)) return;
  let j = 0;
  while (j < rest.length && rest[j]!.startsWith('-')) j += DOCKER_GLOBAL_VALUE.has(rest[j]!) ? 2 : 1;
  const sub = rest[j];
  if (sub === 'compose') composeCommand(rest.slice(j + 1), scope, emit, envOf);
  else if (sub === 'build') buildCommand(rest.slice(j + 1), scope, emit);
  else if ((sub === 'buildx' || sub === 'image' || sub === 'builder') && rest[j + 1] === 'build') buildCommand(rest.slice(j + 2), scope, emit);
  else if (sub === 'bake') bakeCommand(rest.slice(j + 1), scope, emit);
  else if (sub === 'buildx' && rest[j + 1] === 'bake') bakeCommand(rest.slice(j + 2), scope, emit);
}

/**
 * `docker buildx bake [-f file]… [targets]`: the `-f` files (without them Bake reads the
 * default files of its working directory, which discovery finds by name). A file that does not
 * resolve to one of the tree makes the line skipped; compose files given with `-f` are compose
 * projects Bake reads as such, not Bake files.
 */
function bakeCommand(args: string[], scope: Scope, emit: Emit): void {
  const files: string[] = [];
  const composeFiles: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let value: string | undefined;
    if (a === '-f' || a === '--file') value = args[++i];
    else if (a.startsWith('--file=')) value = a.slice('--file='.length);
    else if (/^-f./.test(a)) value = a.slice(2).replace(/^=/, '');
    else continue;
    if (value === undefined || value === '-') return;
    const path = resolveWord(value, scope.cwd);
    if (path === null || !scope.tests.isFile(path)) return;
    if (!/\.ya?ml$/i.test(path)) files.push(path);
    else composeFiles.push(path);
  }
  if (files.length === 0 || scope.cwd === null) return;
  emit.bake({ files, cwd: scope.cwd, ...(composeFiles.length > 0 ? { composeFiles } : {}) });
}

/** Compose's global options, up to the sub-command (after it, `-f` means other things: `logs -f`). */
function composeCommand(args: string[], scope: Scope, emit: Emit, envOf: (name: string) => string | undefined): void {
  const files: string[] = [];
  const envFiles: string[] = [];
  let projectDirectory: string | undefined;
  let subAt = args.length;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) {
      subAt = i;
      break;
    }
    const eq = a.indexOf('=');
    let name = eq > 0 && a.startsWith('--') ? a.slice(0, eq) : a;
    let value: string | undefined = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : undefined;
    if (/^-[fp]./.test(a)) {
      name = a.slice(0, 2);
      value = a.slice(2).replace(/^=/, '');
    }
    if (value === undefined && COMPOSE_GLOBAL_VALUE.has(name)) value = args[++i];
    if (value === undefined) continue;
    if (name === '-f' || name === '--file') files.push(value);
    else if (name === '--env-file') envFiles.push(value);
    else if (name === '--project-directory') projectDirectory = value;
  }
  startCommand(args.slice(subAt), files, projectDirectory, scope, emit, envOf);
  let fileWords = files;
  if (fileWords.length === 0) {
    // No `-f`: COMPOSE_FILE decides (compose-go cli/options.go, WithConfigFileEnv; `:` is the
    // separator outside Windows, COMPOSE_PATH_SEPARATOR aside). Without it, Compose reads the
    // default file of the working directory, which discovery already has: no new set.
    const fromEnv = envOf('COMPOSE_FILE');
    if (fromEnv === undefined || fromEnv === '') return;
    fileWords = fromEnv.split(':');
  }
  if (fileWords.includes('-') || envFiles.length > 1) return;
  const resolved: string[] = [];
  for (const w of fileWords) {
    const path = resolveWord(w, scope.cwd);
    if (path === null || !scope.tests.isFile(path)) return;
    resolved.push(path);
  }
  let dir: string | undefined;
  if (projectDirectory !== undefined) {
    const d = resolveWord(projectDirectory, scope.cwd);
    if (d === null || !scope.tests.isDir(d)) return;
    dir = d;
  }
  let envFile: string | undefined;
  let externalEnvFile: string | undefined;
  if (envFiles.length === 1) {
    const written = envFiles[0]!;
    const outside = outsidePath(written);
    if (outside !== null) externalEnvFile = outside;
    else {
      const e = resolveWord(written, scope.cwd);
      if (e === null || !scope.tests.isFile(e)) return;
      envFile = e;
    }
  }
  emit.compose({
    files: resolved,
    ...(dir !== undefined ? { projectDirectory: dir } : {}),
    ...(envFile !== undefined ? { envFile } : {}),
    ...(externalEnvFile !== undefined ? { externalEnvFile } : {}),
  });
}

/**
 * A path outside the repository, as written: `~/…` (`~user/…`) or absolute, with nothing unknown
 * in it. A `$PWD`/`$(pwd)`-anchored path is the repository's, not this.
 */
function outsidePath(word: string): string | null {
  if (word.includes(UNKNOWN) || word.includes(ANCHOR) || word.includes('\u0003')) return null;
  if (word.startsWith(HOME) && !word.slice(1).includes(HOME)) return `~${word.slice(1)}`;
  // `/dev/null` is an empty env file, not one that may set anything: such a line stays skipped.
  if (word.startsWith('/') && !word.includes(HOME) && word.length > 1 && word !== '/dev/null') return word;
  return null;
}

/** Compose's default file names, in the order it looks for them (compose-go cli/options.go, DefaultFileNames). */
const DEFAULT_COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** Options of `up` / `run` / `start` / `create` that take a value (docker/compose cmd/compose/up.go, run.go, create.go). */
const START_VALUE = new Set([
  '--scale', '--timeout', '-t', '--exit-code-from', '--attach', '--no-attach', '--pull', '--wait-timeout', '--menu',
  '-e', '--env', '--env-from-file', '-l', '--label', '--name', '-p', '--publish', '-u', '--user', '-v', '--volume', '-w', '--workdir',
  '--entrypoint', '--cap-add', '--cap-drop',
]);

/**
 * `up|run|start|create` with its service words. Without `-f` (nor COMPOSE_FILE), Compose reads
 * the default file of the working directory or, failing that, of the nearest parent
 * (compose-go cli/options.go, getConfigPathsFromOptions); `--project-directory` is that
 * working directory. `run` starts one service (its first word; the rest is the command).
 */
function startCommand(words: string[], files: string[], projectDirectory: string | undefined, scope: Scope, emit: Emit, envOf: (name: string) => string | undefined): void {
  const command = words[0];
  if (command !== 'up' && command !== 'run' && command !== 'start' && command !== 'create') return;
  const services: string[] = [];
  let withDependencies = true;
  let servicePorts = false;
  for (let i = 1; i < words.length; i++) {
    const a = words[i]!;
    if (a.startsWith('-')) {
      if (a === '--no-deps') withDependencies = false;
      else if (a === '--service-ports') servicePorts = true;
      else if (!a.includes('=') && START_VALUE.has(a)) i++;
      continue;
    }
    services.push(a);
    if (command === 'run') break;
  }
  let resolved: string[] = [];
  const fromEnv = files.length === 0 ? envOf('COMPOSE_FILE') : undefined;
  const fileWords = files.length > 0 ? files : fromEnv !== undefined && fromEnv !== '' ? fromEnv.split(':') : [];
  if (fileWords.length > 0) {
    for (const w of fileWords) {
      const path = resolveWord(w, scope.cwd);
      if (path === null || !scope.tests.isFile(path)) return;
      resolved.push(path);
    }
  } else {
    let dir = projectDirectory !== undefined ? resolveWord(projectDirectory, scope.cwd) : scope.cwd;
    for (; dir !== null; dir = dir === '' ? null : dirnameOf(dir)) {
      const d = dir;
      const found = DEFAULT_COMPOSE_NAMES.map((n) => (d === '' ? n : `${d}/${n}`)).find((p) => scope.tests.isFile(p));
      if (found !== undefined) {
        resolved = [found];
        break;
      }
    }
    if (resolved.length === 0) return;
  }
  const known = services.every((w) => !w.includes(UNKNOWN) && !w.includes(ANCHOR) && !w.includes('$'));
  emit.start({
    files: resolved,
    explicit: fileWords.length > 0,
    command,
    services: known ? services : null,
    withDependencies,
    ownPorts: command !== 'run' || servicePorts,
  });
}

function buildCommand(args: string[], scope: Scope, emit: Emit): void {
  const positional: string[] = [];
  let file: string | undefined;
  let target: string | undefined;
  const buildArgs: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    let name = eq > 0 && a.startsWith('--') ? a.slice(0, eq) : a;
    let value: string | undefined = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : undefined;
    if (/^-[ft]./.test(a)) {
      name = a.slice(0, 2);
      value = a.slice(2).replace(/^=/, '');
    }
    if (value === undefined) {
      if (BUILD_FLAG.has(name)) continue;
      // An option this reader does not know: whether it takes a value is unknown, so is the context.
      if (!BUILD_VALUE.has(name)) return;
      value = args[++i];
      if (value === undefined) return;
    }
    if (name === '-f' || name === '--file') file = value;
    else if (name === '--target') target = value;
    else if (name === '--build-arg') {
      const m = /^([^=]+)=(.*)$/s.exec(value);
      if (m && !m[2]!.includes(UNKNOWN) && !m[2]!.includes(ANCHOR)) buildArgs[m[1]!] = m[2]!;
    }
  }
  if (positional.length !== 1) return;
  const ctxWord = positional[0]!;
  // A remote context (git URL, tarball URL) or standard input is not in the tree.
  if (ctxWord === '-' || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(ctxWord)) return;
  const context = resolveWord(ctxWord, scope.cwd);
  if (context === null || !scope.tests.isDir(context)) return;
  if (file === '-') return;
  // `-f` is relative to the working directory, not to the context (docker/cli build.go).
  const dockerfile = file === undefined ? resolveInRoot(context, 'Dockerfile') : resolveWord(file, scope.cwd);
  if (dockerfile === null || !scope.tests.isFile(dockerfile)) return;
  emit.build({ dockerfile, context, ...(target !== undefined && !target.includes(UNKNOWN) ? { target } : {}), args: buildArgs });
}

// ---------------------------------------------------------------------------------------------
// Sources

/** One logical line: physical lines joined at trailing backslashes, with its first line number. */
interface LogicalLine {
  text: string;
  line: number;
}

function logicalLines(lines: readonly { text: string; line: number }[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  let current: LogicalLine | null = null;
  for (const { text, line } of lines) {
    const continued = trailingBackslashes(text) % 2 === 1;
    const body = continued ? text.slice(0, -1) : text;
    if (current) current.text += ` ${body.trim()}`;
    else current = { text: body, line };
    if (!continued) {
      out.push(current);
      current = null;
    }
  }
  if (current) out.push(current);
  return out;
}

/** How many backslashes end `text` (counted, not matched: a regex backtracks on a long run). */
function trailingBackslashes(text: string): number {
  let n = 0;
  while (n < text.length && text[text.length - 1 - n] === '\\') n++;
  return n;
}

/**
 * A logical line longer than this (after joining continuations) is skipped: no command line
 * that names compose files is that long, and bounding the length bounds the regex work.
 */
const MAX_LOGICAL_LINE = 8192;

function numbered(text: string, firstLine = 1): { text: string; line: number }[] {
  return text.split(/\r?\n/).map((t, i) => ({ text: t, line: firstLine + i }));
}

interface Collector {
  file: string;
  tests: PathTests;
  sets: FoundComposeSet[];
  builds: FoundBuild[];
  starts: FoundStart[];
  bakes: FoundBake[];
}

/**
 * Run logical lines as a shell would, one after the other. `cwds` are the working directories
 * to try in order for each line (the first under which the line's paths resolve wins);
 * `cdPersists` says whether a `cd` carries over to the next line.
 */
function runLines(
  lines: readonly LogicalLine[],
  out: Collector,
  opts: {
    cwds: (string | null)[];
    scriptDir: string | null;
    vars?: Map<string, string>;
    env?: ReadonlyMap<string, string>;
    cdPersists: boolean;
    /** Documentation: lines start with a `$ ` prompt, and a `cd` into what is not in the tree (the clone) leaves the candidates. */
    docs?: boolean;
  },
): void {
  const env = opts.env ?? new Map<string, string>();
  // A workflow's `env:` / `variables:` are the shell's environment too.
  const vars = opts.vars ?? new Map<string, string>(env);
  let persistent: string | null | undefined; // a cd that carried over, replacing the candidates
  // Documentation that `cd`s into what is not in the tree (a clone, maybe of another repository):
  // a start line naming no file nor service after it may be about any project.
  let lostCwd = false;
  for (const l of lines) {
    if (l.text.length > MAX_LOGICAL_LINE) continue;
    let text = l.text.trim();
    if (opts.docs) text = text.replace(/^\$\s+/, '');
    if (text === '' || text.startsWith('#')) continue;
    // Only a docker command that names files or builds, a `cd` or an assignment can matter
    // (documentation trees have thousands of `docker compose up -d x` lines).
    if (!RELEVANT_LINE.test(text) && !isStartLine(text) && !((vars.has('COMPOSE_FILE') || env.has('COMPOSE_FILE')) && text.includes('compose'))) continue;
    const commands = splitCommands(text);
    if (commands === null) continue;
    const candidates = persistent !== undefined ? [persistent] : opts.cwds;
    let done = false;
    let endCwd: string | null | undefined;
    for (const cwd of candidates) {
      const found: { sets: FoundComposeSet[]; builds: FoundBuild[]; starts: FoundStart[]; bakes: FoundBake[] } = { sets: [], builds: [], starts: [], bakes: [] };
      let origin: InvocationOrigin | undefined;
      const originOf = () => (origin ??= { kind: 'invocation', file: out.file, line: l.line, command: oneLine(text) });
      const scope: Scope = { vars: new Map(vars), cwd, scriptDir: opts.scriptDir, tests: out.tests };
      let tried = false;
      const emit: Emit = {
        compose: (s) => found.sets.push({ ...s, origin: originOf() }),
        build: (b) => found.builds.push({ ...b, origin: originOf() }),
        bake: (b) => found.bakes.push({ ...b, origin: originOf() }),
        start: (s) => {
          if (!(lostCwd && !s.explicit && s.services !== null && s.services.length === 0)) found.starts.push({ ...s, origin: originOf() });
        },
      };
      for (const c of commands) {
        const words = wordsOf(c, scope);
        if (words === null) break;
        if (words.some((w) => w === 'docker' || w === 'docker-compose' || /\/docker(-compose)?$/.test(w))) tried = true;
        runCommand(words, scope, emit, env);
      }
      if (!tried) {
        // No docker command: assignments and `cd` take effect (under the first candidate).
        for (const [k, v] of scope.vars) vars.set(k, v);
        endCwd = scope.cwd;
        done = true;
        break;
      }
      if (found.sets.length > 0 || found.builds.length > 0 || found.starts.length > 0 || found.bakes.length > 0) {
        out.sets.push(...found.sets);
        out.builds.push(...found.builds);
        out.starts.push(...found.starts);
        out.bakes.push(...found.bakes);
        for (const [k, v] of scope.vars) vars.set(k, v);
        endCwd = scope.cwd;
        done = true;
        break;
      }
    }
    if (done && opts.docs && endCwd === null) lostCwd = true;
    if (!done || !opts.cdPersists || endCwd === undefined || endCwd === candidates[0]) continue;
    persistent = endCwd === null && opts.docs ? undefined : endCwd;
    if (endCwd !== null) lostCwd = false;
  }
}

const RELEVANT_LINE = /-f|--file|COMPOSE_FILE|build|\bcd\b|pushd|=/;
/**
 * A line that may start services: `compose … up|run|start|create`. Looked up in two steps
 * (the first `compose`, then a verb after it): `compose\b.*\b(?:up|…)\b` retries `.*` from
 * every `compose` and is quadratic on a long line.
 */
function isStartLine(text: string): boolean {
  const at = /compose\b/.exec(text);
  return at !== null && /\b(?:up|run|start|create)\b/.test(text.slice(at.index + at[0].length));
}

function oneLine(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

/** Makefile: variables (`A = x`, `A := x`, `A ?= x`, `export A = x`), recipe lines run from the Makefile's folder. */
function readMakefile(path: string, text: string, out: Collector): void {
  const dir = dirnameOf(path);
  const lines = logicalLines(numbered(text));
  const makeVars = new Map<string, string>();
  for (const l of lines) {
    if (l.text.startsWith('\t') || l.text.length > MAX_LOGICAL_LINE) continue;
    // The value is trimmed in code: `\s*(.*?)\s*$` backtracks quadratically on a long run of spaces.
    const m = /^\s*(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=|:=|::=|\?=)(.*)$/.exec(l.text);
    if (m && !makeVars.has(m[1]!)) makeVars.set(m[1]!, m[2]!.trim());
    else if (m) makeVars.set(m[1]!, UNKNOWN); // assigned twice: which one is in force depends on the path taken
  }
  const expandMake = (s: string, depth: number): string =>
    s.replace(/\$\$|\$\(([^()]*)\)|\$\{([^{}]*)\}|\$([A-Za-z@<^*?])/g, (all, paren?: string, brace?: string) => {
      if (all === '$$') return '$$';
      const name = (paren ?? brace ?? '').trim();
      if (name === 'CURDIR' || name === 'PWD' || name === 'shell pwd') return ANCHOR + dir;
      const v = makeVars.get(name);
      if (v === undefined || depth > 8) return UNKNOWN;
      return expandMake(v, depth + 1);
    });
  const recipe: LogicalLine[] = [];
  for (const l of lines) {
    if (!l.text.startsWith('\t') || l.text.length > MAX_LOGICAL_LINE) continue;
    // `@`, `-`, `+` prefixes are make's, not the shell's; `$$` is a shell `$`.
    const body = expandMake(l.text.replace(/^\t[@+\-\s]*/, ''), 0).replace(/\$\$/g, '$');
    recipe.push({ text: body, line: l.line });
  }
  // Each recipe line is its own shell: `cd` does not carry over.
  runLines(recipe, out, { cwds: [dir], scriptDir: null, cdPersists: false });
}

/** Shell script: from the repository root until it `cd`s; `$0` is the script. */
function readShell(path: string, text: string, out: Collector): void {
  runLines(logicalLines(numbered(text)), out, { cwds: [''], scriptDir: dirnameOf(path), cdPersists: true });
}

/** package.json `scripts`, run by npm from the package's folder. */
function readPackageJson(path: string, text: string, out: Collector): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return;
  }
  const scripts = (json as { scripts?: unknown })?.scripts;
  if (!scripts || typeof scripts !== 'object') return;
  for (const [name, value] of Object.entries(scripts as Record<string, unknown>)) {
    if (typeof value !== 'string' || !mentionsInvocation(value)) continue;
    const at = text.indexOf(JSON.stringify(name));
    runLines([{ text: value, line: at < 0 ? 1 : lineAt(text, at) }], out, { cwds: [dirnameOf(path)], scriptDir: null, cdPersists: false });
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The first line of a YAML scalar's content (block scalars start on the line after the indicator). */
function scalarLines(text: string, node: Node): { text: string; line: number }[] | null {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return null;
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  const first = lineAt(text, node.range[0]) + (block ? 1 : 0);
  // A plain or quoted scalar is one line of shell once YAML has folded it.
  return block ? numbered(node.value, first) : [{ text: node.value.replace(/\n/g, ' '), line: first }];
}

function yamlDoc(text: string): Document | null {
  try {
    const doc = parseDocument(text);
    return doc.errors.length > 0 ? null : doc;
  } catch {
    return null;
  }
}

/** `env:` / `variables:` mapping values that are literal (a `${{ }}` expression is not). */
function envMap(node: unknown, into: Map<string, string>): Map<string, string> {
  const out = new Map(into);
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const v = isScalar(pair.value) ? pair.value.value : isMap(pair.value) && pair.value.get('value') !== undefined ? pair.value.get('value') : undefined;
    if (v === undefined || v === null) continue;
    const s = String(v);
    out.set(String(pair.key.value), /\$\{\{|\$/.test(s) ? UNKNOWN : s);
  }
  return out;
}

function workingDirectory(node: unknown): string | null | undefined {
  if (!isMap(node)) return undefined;
  const run = node.get('run', true);
  const wd = isMap(run) ? run.get('working-directory') : undefined;
  if (wd === undefined) return undefined;
  const s = String(wd);
  return /\$/.test(s) ? null : resolveInRoot('', s);
}

/** GitHub workflow: each step's `run` from the root or `working-directory`, with the env in scope. */
function readGithubWorkflow(text: string, out: Collector): void {
  const doc = yamlDoc(text);
  if (!doc || !isMap(doc.contents)) return;
  const top = doc.contents;
  const topEnv = envMap(top.get('env', true), new Map());
  const topWd = workingDirectory(top.get('defaults', true));
  const jobs = top.get('jobs', true);
  if (!isMap(jobs)) return;
  for (const jobPair of jobs.items) {
    const job = jobPair.value;
    if (!isMap(job)) continue;
    const jobEnv = envMap(job.get('env', true), topEnv);
    const jobWd = workingDirectory(job.get('defaults', true));
    const steps = job.get('steps', true);
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      bakeActionStep(text, step, out);
      const run = step.get('run', true) as Node | undefined;
      if (!run) continue;
      const lines = scalarLines(text, run);
      if (!lines || !lines.some((l) => mentionsInvocation(l.text))) continue;
      const env = envMap(step.get('env', true), jobEnv);
      const wdValue = step.get('working-directory');
      const stepWd = wdValue === undefined ? undefined : /\$/.test(String(wdValue)) ? null : resolveInRoot('', String(wdValue));
      const cwd = stepWd !== undefined ? stepWd : jobWd !== undefined ? jobWd : topWd !== undefined ? topWd : '';
      if (cwd === null) continue;
      runLines(logicalLines(lines), out, { cwds: [cwd], scriptDir: null, env, cdPersists: true });
    }
  }
}

/**
 * A `docker/bake-action` step with `files:` (a list, one per line or comma-separated, relative
 * to `workdir:`, default the checkout root): Bake reads those files from that directory. An item
 * with an expression (`${{ … }}`, typically docker/metadata-action's generated file) is a file
 * outside the repository: kept as `external`; the other items are read.
 */
function bakeActionStep(text: string, step: YAMLMap, out: Collector): void {
  const uses = step.get('uses');
  if (typeof uses !== 'string' || !/^docker\/bake-action(?:\/[^@]*)?@/.test(uses)) return;
  const withMap = step.get('with', true);
  if (!isMap(withMap)) return;
  const filesValue = withMap.get('files');
  if (typeof filesValue !== 'string') return;
  const wdValue = withMap.get('workdir');
  const cwd = wdValue === undefined ? '' : typeof wdValue === 'string' && !wdValue.includes('$') ? resolveInRoot('', wdValue) : null;
  if (cwd === null) return;
  const files: string[] = [];
  const composeFiles: string[] = [];
  const external: string[] = [];
  for (const w of filesValue.split(/[\n,]/).map((x) => x.trim()).filter(Boolean)) {
    if (w.includes('$')) {
      external.push(w);
      continue;
    }
    const path = resolveInRoot(cwd, w.replace(/^cwd:\/\//, ''));
    if (path === null || !out.tests.isFile(path)) return;
    if (!/\.ya?ml$/i.test(path)) files.push(path);
    else composeFiles.push(path);
  }
  if (files.length === 0) return;
  const node = withMap.get('files', true) as Node | undefined;
  const line = node?.range ? lineAt(text, node.range[0]) : 1;
  out.bakes.push({ files, cwd, ...(external.length > 0 ? { external } : {}), ...(composeFiles.length > 0 ? { composeFiles } : {}), origin: { kind: 'invocation', file: out.file, line, command: `uses: ${uses} (files: ${[...files, ...external].join(', ')})` } });
}

const GITLAB_SCRIPT_KEYS = ['before_script', 'script', 'after_script'];

/** GitLab CI: each job's scripts from the checkout root, with `variables` in scope. */
function readGitlabCi(text: string, out: Collector): void {
  const doc = yamlDoc(text);
  if (!doc || !isMap(doc.contents)) return;
  const top = doc.contents;
  const topVars = envMap(top.get('variables', true), new Map());
  for (const pair of top.items) {
    const job = pair.value;
    if (!isMap(job)) continue;
    const env = envMap(job.get('variables', true), topVars);
    for (const key of GITLAB_SCRIPT_KEYS) {
      const node = job.get(key, true) as Node | undefined;
      if (!node) continue;
      const items: Node[] = isSeq(node) ? (node.items as Node[]).flatMap((n) => (isSeq(n) ? (n.items as Node[]) : [n])) : [node];
      const lines: { text: string; line: number }[] = [];
      for (const item of items) lines.push(...(scalarLines(text, item) ?? []));
      if (!lines.some((l) => mentionsInvocation(l.text))) continue;
      runLines(logicalLines(lines), out, { cwds: [''], scriptDir: null, env, cdPersists: true });
    }
  }
}

const SHELL_FENCES = new Set(['', 'sh', 'bash', 'shell', 'console', 'zsh', 'shell-session', 'shellsession', 'terminal', 'sh-session', 'bash-session']);

/** Markdown: fenced shell code blocks; from the root, or the document's folder when only that resolves. */
function readMarkdown(path: string, text: string, out: Collector): void {
  const cwds = dirnameOf(path) === '' ? [''] : ['', dirnameOf(path)];
  // Fence lines only: a large documentation tree is mostly prose, never split into lines.
  const fences = [...text.matchAll(/^([ \t]*)(`{3,}|~{3,})[ \t]*([^\r\n]*)$/gm)];
  let line = 1;
  let counted = 0;
  const lineOf = (offset: number) => {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = offset;
    return line;
  };
  for (let i = 0; i < fences.length; i++) {
    const open = fences[i]!;
    const [, indent, fence, info] = open;
    // The closing fence: the same character, at least as long, nothing after it.
    let j = i + 1;
    while (j < fences.length && !(fences[j]![2]!.startsWith(fence!) && fences[j]![3]!.trim() === '')) j++;
    const bodyStart = text.indexOf('\n', open.index!) + 1;
    const bodyEnd = j < fences.length ? fences[j]!.index! : text.length;
    const lang = /^[\w+-]*/.exec(info!.trim())![0].toLowerCase();
    if (bodyStart > 0 && SHELL_FENCES.has(lang)) {
      const body = text.slice(bodyStart, bodyEnd);
      if (mentionsInvocation(body)) {
        const first = lineOf(bodyStart);
        const block = numbered(body.replace(/\r?\n$/, ''), first).map((l) => ({ text: l.text.startsWith(indent!) ? l.text.slice(indent!.length) : l.text.trimStart(), line: l.line }));
        runLines(logicalLines(block), out, { cwds, scriptDir: null, cdPersists: true, docs: true });
      }
    }
    i = j;
  }
}

/** Comments of a compose file: `# docker compose -f a.yml -f b.yml up`, from the root or the file's folder. */
function readComposeComments(path: string, text: string, out: Collector): void {
  const comments: { text: string; line: number }[] = [];
  const flush = () => {
    if (comments.some((l) => mentionsInvocation(l.text))) {
      const cwds = dirnameOf(path) === '' ? [''] : ['', dirnameOf(path)];
      runLines(logicalLines(comments), out, { cwds, scriptDir: null, cdPersists: false, docs: true });
    }
    comments.length = 0;
  };
  for (const l of numbered(text)) {
    const m = /^\s*#\s?(.*)$/.exec(l.text);
    if (m) comments.push({ text: m[1]!, line: l.line });
    else flush();
  }
  flush();
}

/** `value` up to a ` #` comment (a `#` after whitespace), trimmed; a scan, not `\s+#.*$` (quadratic). */
function withoutInlineComment(value: string): string {
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '#' && /\s/.test(value[i - 1]!)) return value.slice(0, i).trimEnd();
  }
  return value;
}

/** `.env`: `COMPOSE_FILE=a.yml:b.yml` is the set `docker compose` uses in that folder. */
function readDotenv(path: string, text: string, out: Collector): void {
  const dir = dirnameOf(path);
  for (const l of numbered(text)) {
    if (l.text.length > MAX_LOGICAL_LINE) continue;
    // Trimmed in code, not by `\s*(.*?)\s*$` (quadratic on a long run of spaces).
    const m = /^\s*(?:export\s+)?COMPOSE_FILE\s*=(.*)$/.exec(l.text);
    if (!m) continue;
    let value = m[1]!.trim();
    const q = /^(["'])(.*)\1$/.exec(value);
    if (q) value = q[2]!;
    else value = withoutInlineComment(value);
    if (value === '' || value.includes('$')) continue;
    const files: string[] = [];
    for (const f of value.split(':')) {
      const p = resolveInRoot(dir, f);
      if (p === null || !out.tests.isFile(p)) {
        files.length = 0;
        break;
      }
      files.push(p);
    }
    if (files.length > 0) out.sets.push({ files, origin: { kind: 'invocation', file: path, line: l.line, command: oneLine(l.text) } });
  }
}

/**
 * Read the command lines of the given files. `files` are root-relative paths with their text,
 * each with its kind (`invocationSourceKind`, or 'compose' / 'dotenv'). Sets and builds come out
 * in file order, then line order; the same set (or the same build) found twice is kept once,
 * with its first origin.
 */
export function readInvocations(files: readonly { path: string; kind: InvocationSourceKind; text: string }[], tests: PathTests): Invocations {
  const sets: FoundComposeSet[] = [];
  const builds: FoundBuild[] = [];
  const starts: FoundStart[] = [];
  const bakes: FoundBake[] = [];
  {
    for (const f of files) {
      if (!mentionsInvocation(f.text)) continue;
      const out: Collector = { file: f.path, tests, sets, builds, starts, bakes };
      switch (f.kind) {
        case 'makefile':
          readMakefile(f.path, f.text, out);
          break;
        case 'shell':
          readShell(f.path, f.text, out);
          break;
        case 'package-json':
          readPackageJson(f.path, f.text, out);
          break;
        case 'github-workflow':
          readGithubWorkflow(f.text, out);
          break;
        case 'gitlab-ci':
          readGitlabCi(f.text, out);
          break;
        case 'markdown':
          readMarkdown(f.path, f.text, out);
          break;
        case 'compose':
          readComposeComments(f.path, f.text, out);
          break;
        case 'dotenv':
          readDotenv(f.path, f.text, out);
          break;
      }
    }
  }
  const seenSets = new Set<string>();
  const seenBuilds = new Set<string>();
  const seenBakes = new Set<string>();
  return {
    composeSets: sets.filter((s) => {
      const key = [s.files.join('\0'), s.projectDirectory ?? '', s.envFile ?? '', s.externalEnvFile ?? ''].join('\u0001');
      if (seenSets.has(key)) return false;
      seenSets.add(key);
      return true;
    }),
    builds: builds.filter((b) => {
      const key = [b.dockerfile, b.context, b.target ?? '', JSON.stringify(b.args)].join('\u0001');
      if (seenBuilds.has(key)) return false;
      seenBuilds.add(key);
      return true;
    }),
    starts,
    bakes: bakes.filter((b) => {
      const key = [b.files.join('\0'), b.cwd, (b.external ?? []).join('\0')].join('\u0001');
      if (seenBakes.has(key)) return false;
      seenBakes.add(key);
      return true;
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Which files to read

/** What discovery needs of the walked tree and the file cache (src/project/walk.ts, sources.ts). */
export interface InvocationTree extends PathTests {
  /** Bumped when files are added or removed (a fix pass): the listing below is kept until then. */
  version: number;
  /**
   * Every file whose name may make it a command-line source (a superset of
   * invocationSourceKind's, src/project/walk.ts isScriptName), found by the walk; never below
   * an opaque directory.
   */
  scriptNamedFiles(): readonly string[];
  sizeOf(path: string): number;
}

/**
 * The command lines of a walked tree. Discovery stays cheap: only files named like a source
 * above are considered, only those under MAX_INVOCATION_SOURCE_BYTES are read, and only those
 * mentioning `docker compose`, `docker-compose`, `docker build` or `COMPOSE_FILE` are parsed.
 * `composeFiles` (comments) and `envFiles` (`COMPOSE_FILE` in files named `.env`) are the ones
 * discovery already reads.
 */
export function discoverInvocations(
  tree: InvocationTree,
  read: (path: string) => string | null,
  options: { composeFiles: readonly string[]; envFiles: readonly string[]; skip?: { matches(path: string): boolean } },
): Invocations {
  const listed = listings.get(tree);
  const found = listed?.version === tree.version && listed.skip === options.skip ? listed.found : listSources(tree, options.skip);
  listings.set(tree, { version: tree.version, skip: options.skip, found });
  // What the repository runs (Makefiles, scripts, workflows, `.env`, compose-file comments)
  // before what its docs show: the first origin of a set found twice is the one reported.
  const inputs: { path: string; kind: InvocationSourceKind; text: string }[] = [];
  const docs: { path: string; kind: InvocationSourceKind; text: string }[] = [];
  for (const f of found) {
    if (tree.sizeOf(f.path) > MAX_INVOCATION_SOURCE_BYTES) continue;
    const text = read(f.path);
    if (text !== null) (f.kind === 'markdown' ? docs : inputs).push({ ...f, text });
  }
  for (const path of options.envFiles) {
    if (basenameOf(path) !== '.env') continue;
    const text = read(path);
    if (text !== null) inputs.push({ path, kind: 'dotenv', text });
  }
  for (const path of options.composeFiles) {
    const text = read(path);
    if (text !== null) inputs.push({ path, kind: 'compose', text });
  }
  return readInvocations([...inputs, ...docs], tree);
}

/** The listing of candidate sources per tree, so that fix passes do not visit the tree again. */
const listings = new WeakMap<object, { version: number; skip: unknown; found: { path: string; kind: InvocationSourceKind }[] }>();

function listSources(tree: InvocationTree, skip: { matches(path: string): boolean } | undefined): { path: string; kind: InvocationSourceKind }[] {
  const found: { path: string; kind: InvocationSourceKind }[] = [];
  for (const path of tree.scriptNamedFiles()) {
    const k = invocationSourceKind(path);
    if (k !== null && !(skip !== undefined && skippedPath(path, skip))) found.push({ path, kind: k });
  }
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return found;
}

/** The path or a folder above it is left out (config `ignorePaths`): a left-out folder is not looked into. */
function skippedPath(path: string, skip: { matches(path: string): boolean }): boolean {
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) if (skip.matches(path.slice(0, i))) return true;
  return skip.matches(path);
}
