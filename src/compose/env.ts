// Where Compose takes interpolation variables from, and what dockmend assumes about them.
//
// Compose (compose-go cli/options.go, WithDotEnv / WithOsEnv): the shell environment, then
// `<project dir>/.env` — a shell value wins over the file. The project directory is
// `--project-directory` or the directory of the FIRST compose file. `env_file:` feeds the
// container, never interpolation. Files reached by `include:` get their own project directory
// and read its `.env` too, without overriding the including project's values (compose-go
// loader/include.go: `environment.Clone().Merge(envFromFile)`, Merge keeps existing keys).
//
// `--env-file` (repeatable; config `projects[].envFile`, or a discovered command line) replaces
// `<project dir>/.env`: the files are read in order, a later file overriding an earlier one, and
// each can refer to the keys of the files before it (compose-go cli/options.go GetEnvFromFile).
// A default `.env` that does not exist — a dangling link included, since Compose reads it with
// os.ReadFile and skips it on IsNotExist — is simply not read.
//
// Beyond Compose, dockmend reads the env templates a repository documents its variables in
// (ENV_TEMPLATE_NAMES in the project directory: `.env.example`, `env.example`, `example.env`,
// ...): a variable listed there is "defined by contract" (the user is told to copy the template
// to `.env`), so it is not reported as undefined, and a non-empty example value is what dockmend
// assumes when it has to evaluate a value (ports). `assumedVariables` prints that table
// (`scan --show-vars`).
import { parseDotenv } from './dotenv.js';

/** A snapshot of the shell environment; tests replace it with `setShellEnv`. */
let shellOverride: Readonly<Record<string, string | undefined>> | undefined;

/** The shell environment dockmend interpolates with. The only place that reads `process.env`. */
export function shellEnv(): Readonly<Record<string, string | undefined>> {
  return shellOverride ?? process.env;
}

/** Replace the shell environment (tests, `--no-shell-env` style callers); `undefined` restores it. */
export function setShellEnv(env: Readonly<Record<string, string | undefined>> | undefined): void {
  shellOverride = env;
}

/**
 * The templates dockmend reads, most conventional first (the first existing one gets the stubs):
 * the `.env.<suffix>` family, then the names without a leading dot that repositories ship
 * (docker-jitsi-meet `env.example`, frappe_docker `example.env`, laradock `defaults.env`).
 */
export const ENV_TEMPLATE_NAMES = [
  '.env.example',
  '.env.template',
  '.env.sample',
  '.env.dist',
  '.env.defaults',
  'env.example',
  'example.env',
  'sample.env',
  'defaults.env',
] as const;

/** `--env-file` values: one path or several, in command-line order. */
export type EnvFiles = string | readonly string[];

/** The env files given, as a list (empty when none). */
export function envFileList(envFile: EnvFiles | undefined): readonly string[] {
  return envFile === undefined ? [] : typeof envFile === 'string' ? [envFile] : envFile;
}

export interface TextSource {
  read(path: string): { text: string | null };
}

export interface TreeLike {
  isFile(path: string): boolean;
  /** Links named like a file dockmend reads that it does not follow (src/project/walk.ts). */
  readonly links?: readonly EnvLink[];
}

/**
 * An env file Compose reads that dockmend cannot: a link it does not follow (out of the root,
 * to nothing, or into a loop; src/project/walk.ts), or — problem `external` — an `--env-file`
 * outside the repository (`~/gitops/x.env` on a command line: the user creates it).
 */
export interface EnvLink {
  /** Root-relative path of the link; for `external`, the `--env-file` as written. */
  path: string;
  /** Where the link points; for `external`, the path as written too. */
  target: string;
  problem: 'outside the root' | 'dangling' | 'loop' | 'external';
  /** For `external`: the command line that passes it (file, 1-based line). */
  origin?: { file: string; line: number };
}

/** An `--env-file` outside the repository, as an unreadable env file of its project. */
export function externalEnvFile(written: string, origin?: { file: string; line: number }): EnvLink {
  return { path: written, target: written, problem: 'external', ...(origin ? { origin } : {}) };
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** A project's interpolation variables and the env files they were read from (existing files, in reading order). */
export interface EnvSources {
  env: Map<string, string>;
  files: string[];
}

/**
 * Compose's interpolation variables for a project directory: the shell environment, then
 * `<dir>/.env` (shell wins). `parent` (for `include:` sub-projects) goes first and is never
 * overridden. `envFiles` (`--env-file`, config `envFile`) replace `<dir>/.env`.
 */
export function interpolationEnv(tree: TreeLike, sources: TextSource, dir: string, parent?: ReadonlyMap<string, string>, envFiles?: readonly string[]): EnvSources {
  // `--env-file` replaces `<project dir>/.env` (compose-go cli/options.go WithDotEnv).
  const files = envFiles ?? [joinPath(dir, '.env')];
  return readEnvFiles(tree, sources, files.filter((f) => tree.isFile(f)), parent);
}

/**
 * The variables of a set of env files under an environment: each file's values can refer to
 * the environment and to keys read before (compose-go dotenv.GetEnvFromFile: later files
 * override earlier ones), and the environment wins over them all (types.Mapping.Merge keeps
 * existing keys; compose-go loader/include.go `environment.Clone().Merge(envFromFile)`).
 * Without `parent`, the environment is the shell's.
 */
export function readEnvFiles(tree: TreeLike, sources: TextSource, files: readonly string[], parent?: ReadonlyMap<string, string>): EnvSources {
  const shell = shellEnv();
  const env = new Map<string, string>(parent ?? []);
  if (!parent) for (const [k, v] of Object.entries(shell)) if (v !== undefined) env.set(k, v);
  const base = new Map(env);
  const fromFiles = new Map<string, string>();
  const read: string[] = [];
  for (const path of files) {
    if (!tree.isFile(path)) continue;
    const text = sources.read(path).text;
    if (text === null) continue;
    read.push(path);
    const parsed = parseDotenv(text, (name) => base.get(name) ?? fromFiles.get(name));
    for (const [k, v] of parsed.values) fromFiles.set(k, v);
  }
  for (const [k, v] of fromFiles) if (!env.has(k)) env.set(k, v);
  return { env, files: read };
}

export interface EnvTemplate {
  path: string;
  /** Keys in file order with their example values. */
  values: Map<string, string>;
}

/** The env templates present in a directory, in ENV_TEMPLATE_NAMES order. */
export function envTemplates(tree: TreeLike, sources: TextSource, dir: string): EnvTemplate[] {
  const out: EnvTemplate[] = [];
  for (const name of ENV_TEMPLATE_NAMES) {
    const path = joinPath(dir, name);
    if (!tree.isFile(path)) continue;
    const text = sources.read(path).text;
    if (text === null) continue;
    // Inherited `KEY` lines count as listed too: take the keys from the entries.
    const parsed = parseDotenv(text, () => undefined);
    const values = new Map<string, string>();
    for (const e of parsed.entries) values.set(e.key, e.inherited ? '' : e.value);
    out.push({ path, values });
  }
  return out;
}

export type VariableSource = 'shell' | '.env' | 'template' | 'unset';

export interface VariableInfo {
  name: string;
  source: VariableSource;
  /** The value Compose would use (shell, .env), or the template's example value. */
  value: string;
  /** The file it comes from (.env or a template), root-relative. */
  file?: string;
}

/**
 * What dockmend knows about the variables of one project directory: Compose's own values and
 * the templates. Cheap to build; detectors cache it per directory.
 */
export class ProjectVariables {
  readonly templates: EnvTemplate[];
  /** The env file Compose reads that exists (the last `--env-file`, else `<dir>/.env`); null when none. */
  readonly dotenvPath: string | null;
  /** The files Compose reads variables from: the `--env-file`s, else `<dir>/.env` (existing or not). */
  readonly envFiles: readonly string[];
  /**
   * The env file is one dockmend cannot read: a link to a file outside the repository or to one
   * not created yet, or an `--env-file` outside the repository (problem `external`). Any
   * variable may be set there, so none is reported as undefined (an `external` one is named in
   * an info instead).
   */
  readonly envLink: EnvLink | null;

  constructor(
    readonly dir: string,
    /** Compose's interpolation variables (shell, then `.env` or the `--env-file`s). */
    readonly env: ReadonlyMap<string, string>,
    tree: TreeLike,
    sources: TextSource,
    /** The env files Compose reads the variables from (the project's `envFiles`; default `<dir>/.env`). */
    envFiles?: readonly string[],
    /** An `--env-file` outside the repository the project is run with (replaces `<dir>/.env`). */
    external?: EnvLink,
  ) {
    this.templates = envTemplates(tree, sources, dir);
    // Without any file read, Compose looked for `<dir>/.env` (which may be a link to nowhere).
    this.envFiles = external ? [external.path] : envFiles && envFiles.length > 0 ? envFiles : [joinPath(dir, '.env')];
    // The last file read decides a value it sets (later env files override earlier ones).
    this.dotenvPath = external ? null : ([...this.envFiles].reverse().find((p) => tree.isFile(p)) ?? null);
    this.envLink = external ?? tree.links?.find((l) => l.problem !== 'loop' && this.envFiles.includes(l.path)) ?? null;
  }

  /** Compose's lookup: set in the shell or `.env`. */
  readonly lookup = (name: string): string | undefined => this.env.get(name);

  /** Listed in a template (`.env.example`, ...). */
  listed(name: string): boolean {
    return this.templates.some((t) => t.values.has(name));
  }

  /** Set, or documented in a template: not "undefined" for dockmend. */
  defined(name: string): boolean {
    return this.env.has(name) || this.listed(name);
  }

  /**
   * The value dockmend assumes when it must evaluate: Compose's, else a non-empty template
   * example; undefined when unknown.
   */
  readonly assumed = (name: string): string | undefined => {
    const v = this.env.get(name);
    if (v !== undefined) return v;
    for (const t of this.templates) {
      const example = t.values.get(name);
      if (example !== undefined && example !== '') return example;
    }
    return undefined;
  };

  /** Where the stubs for undefined variables go: the first existing template, else `.env.example`. */
  stubFile(): { path: string; exists: boolean } {
    const first = this.templates[0];
    return first ? { path: first.path, exists: true } : { path: joinPath(this.dir, '.env.example'), exists: false };
  }

  info(name: string): VariableInfo {
    const shell = shellEnv()[name];
    if (shell !== undefined && this.env.get(name) === shell) return { name, source: 'shell', value: shell };
    const v = this.env.get(name);
    if (v !== undefined) return { name, source: '.env', value: v, ...(this.dotenvPath ? { file: this.dotenvPath } : {}) };
    for (const t of this.templates) {
      const example = t.values.get(name);
      if (example !== undefined) return { name, source: 'template', value: example, file: t.path };
    }
    return { name, source: 'unset', value: '' };
  }
}
