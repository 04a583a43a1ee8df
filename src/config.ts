// Configuration: per-rule severity and options, ignored paths, extra compose projects and build
// contexts. Looked up from the target root upward to the repository root (the directory holding
// `.git`, or the filesystem root); `--config FILE` overrides. The shape is the one of
// schema/dockmend.config.schema.json, checked here by hand (no schema validator at run time)
// so that every error names the file, the key and what is expected.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { BuildContextSetting, ComposeProjectSetting, PathFilter, RuleSetting } from './fix/engine.js';
import { ruleIds } from './rules/registry.js';

export class UsageError extends Error {}

export interface Config {
  /** The file read (package.json when the config is its "dockmend" key); absent when none was found. */
  path?: string;
  /** Directory the config's paths are relative to (the config file's directory). */
  dir?: string;
  rules: Record<string, RuleSetting>;
  /** Globs, relative to `dir`, as written. */
  ignorePaths: string[];
  /** Compose file sets, paths relative to `dir`, as written. */
  projects: ComposeProjectSetting[];
  /** Extra `docker build` invocations, paths relative to `dir`, as written. */
  contexts: BuildContextSetting[];
}

/** File names looked for in each directory, in order of precedence. */
export const CONFIG_FILES = ['dockmend.config.json', '.dockmendrc.json', '.dockmendrc.yaml', '.dockmendrc.yml'] as const;

const SEVERITIES = ['off', 'info', 'warning', 'error'];
const TOP_LEVEL = ['$schema', 'rules', 'ignorePaths', 'projects', 'contexts'];

export function emptyConfig(): Config {
  return { rules: {}, ignorePaths: [], projects: [], contexts: [] };
}

/** The directory that holds `.git` at or above `dir`, or null. */
export function findRepoRoot(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return null;
  }
}

/** The config file in force for `root`: the first one found from root upward to the repository root. */
export function findConfig(root: string): { path: string; packageJson: boolean } | null {
  const stop = findRepoRoot(root);
  for (let d = resolve(root); ; d = dirname(d)) {
    for (const name of CONFIG_FILES) if (existsSync(join(d, name))) return { path: join(d, name), packageJson: false };
    const pkg = join(d, 'package.json');
    if (existsSync(pkg) && packageJsonHasKey(pkg)) return { path: pkg, packageJson: true };
    if (d === stop || dirname(d) === d) return null;
  }
}

function packageJsonHasKey(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  try {
    const raw = JSON.parse(stripBom(text)) as unknown;
    return !!raw && typeof raw === 'object' && !Array.isArray(raw) && 'dockmend' in raw;
  } catch {
    // Not ours to judge, unless it evidently meant to configure dockmend.
    if (/"dockmend"\s*:/.test(text)) throw new UsageError(`${path}: invalid JSON (it has a "dockmend" key, read as dockmend's configuration)`);
    return false;
  }
}

export function loadConfig(root: string, explicit?: string): Config {
  const found = explicit ? { path: explicit, packageJson: basename(explicit) === 'package.json' } : findConfig(root);
  if (!found) return emptyConfig();
  const { path, packageJson } = found;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read config ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let raw = parseText(path, text);
  let prefix = '';
  if (packageJson) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('dockmend' in raw)) throw new UsageError(`${path}: no "dockmend" key`);
    raw = (raw as Record<string, unknown>).dockmend;
    prefix = 'dockmend.';
  }
  return { path, dir: dirname(path), ...validateConfig(raw, { file: path, prefix }) };
}

function parseText(path: string, text: string): unknown {
  const body = stripBom(text);
  if (/\.ya?ml$/.test(path)) {
    try {
      return parseYaml(body, { prettyErrors: false, uniqueKeys: true, maxAliasCount: 100 }) ?? {};
    } catch (err) {
      throw new UsageError(`${path}: invalid YAML: ${firstLine((err as Error).message)}`);
    }
  }
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new UsageError(`${path}: invalid JSON: ${firstLine((err as Error).message)}`);
  }
}

const stripBom = (s: string) => s.replace(/^\uFEFF/, '');
const firstLine = (s: string) => s.split('\n')[0];

interface Where {
  file: string;
  /** Key path prefix, e.g. `dockmend.` inside package.json. */
  prefix: string;
}

/**
 * Check a parsed config against the shape of schema/dockmend.config.schema.json. Throws a
 * UsageError naming the file, the key and what is expected.
 */
export function validateConfig(raw: unknown, where: Where = { file: 'config', prefix: '' }): Omit<Config, 'path' | 'dir'> {
  const fail = (key: string, expected: string): never => {
    throw new UsageError(`${where.file}: "${where.prefix}${key}": ${expected}`);
  };
  if (!isObject(raw)) {
    throw new UsageError(`${where.file}: ${where.prefix ? `"${where.prefix.slice(0, -1)}": ` : ''}expected an object at the top level`);
  }
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL.includes(key)) fail(key, `unknown key (expected one of ${TOP_LEVEL.filter((k) => k !== '$schema').join(', ')})`);
  }
  if (raw.$schema !== undefined && typeof raw.$schema !== 'string') fail('$schema', 'expected a string');

  const rules: Record<string, RuleSetting> = {};
  if (raw.rules !== undefined) {
    if (!isObject(raw.rules)) fail('rules', 'expected an object mapping rule ids to a severity or [severity, options]');
    for (const [id, value] of Object.entries(raw.rules as Record<string, unknown>)) {
      const key = `rules.${id}`;
      if (!ruleIds.includes(id)) fail(key, `unknown rule (known: ${ruleIds.join(', ')})`);
      const expected = 'expected "off", "info", "warning", "error" or [severity, options]';
      if (Array.isArray(value) && (value.length < 1 || value.length > 2)) fail(key, expected);
      const [severity, options] = Array.isArray(value) ? value : [value, undefined];
      if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) fail(Array.isArray(value) ? `${key}[0]` : key, expected);
      if (options !== undefined && !isObject(options)) fail(`${key}[1]`, 'options must be an object');
      rules[id] = { severity: severity as RuleSetting['severity'], options: options as Record<string, unknown> | undefined };
    }
  }

  const ignorePaths = stringList(raw.ignorePaths, 'ignorePaths', fail);
  ignorePaths.forEach((glob, i) => {
    if (glob.startsWith('!')) fail(`ignorePaths[${i}]`, 'negated patterns ("!…") are not supported');
    try {
      globToRegExp(glob);
    } catch (err) {
      fail(`ignorePaths[${i}]`, (err as Error).message);
    }
  });

  const projects: ComposeProjectSetting[] = [];
  if (raw.projects !== undefined) {
    if (!Array.isArray(raw.projects)) fail('projects', 'expected an array of { "files": [...], "projectDirectory"?, "envFile"? }');
    (raw.projects as unknown[]).forEach((p, i) => {
      const key = `projects[${i}]`;
      if (!isObject(p)) fail(key, 'expected an object { "files": [...], "projectDirectory"?, "envFile"? }');
      for (const k of Object.keys(p as object)) {
        if (!['files', 'projectDirectory', 'envFile'].includes(k)) fail(`${key}.${k}`, 'unknown key (expected files, projectDirectory or envFile)');
      }
      const q = p as Record<string, unknown>;
      if (q.files === undefined) fail(`${key}.files`, 'required: the compose files, in -f order');
      const files = stringList(q.files, `${key}.files`, fail);
      if (files.length === 0) fail(`${key}.files`, 'expected at least one compose file');
      const project: ComposeProjectSetting = { files };
      for (const k of ['projectDirectory', 'envFile'] as const) {
        if (q[k] === undefined) continue;
        if (typeof q[k] !== 'string' || q[k] === '') fail(`${key}.${k}`, 'expected a non-empty path string');
        project[k] = q[k] as string;
      }
      projects.push(project);
    });
  }

  const contexts: BuildContextSetting[] = [];
  if (raw.contexts !== undefined) {
    if (!Array.isArray(raw.contexts)) fail('contexts', 'expected an array of { "dockerfile": "…", "context": "…" }');
    (raw.contexts as unknown[]).forEach((c, i) => {
      const key = `contexts[${i}]`;
      if (!isObject(c)) fail(key, 'expected an object { "dockerfile": "…", "context": "…" }');
      for (const k of Object.keys(c as object)) if (k !== 'dockerfile' && k !== 'context') fail(`${key}.${k}`, 'unknown key (expected dockerfile and context)');
      const q = c as Record<string, unknown>;
      for (const k of ['dockerfile', 'context'] as const) {
        if (typeof q[k] !== 'string' || q[k] === '') fail(`${key}.${k}`, q[k] === undefined ? 'required: a path string' : 'expected a non-empty path string');
      }
      contexts.push({ dockerfile: q.dockerfile as string, context: q.context as string });
    });
  }
  return { rules, ignorePaths, projects, contexts };
}

function stringList(value: unknown, key: string, fail: (key: string, expected: string) => never): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(key, 'expected an array of strings');
  (value as unknown[]).forEach((s, i) => {
    if (typeof s !== 'string' || s === '') fail(`${key}[${i}]`, 'expected a non-empty string');
  });
  return [...(value as string[])];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** `path` (absolute or relative to `from`) as a `/`-separated path relative to `to`. */
function rebase(fromDir: string, path: string, toDir: string): string {
  const r = relative(toDir, resolve(fromDir, path)).split(sep).join('/');
  return r === '' ? '.' : r;
}

/** The config's compose projects with their paths relative to the scan root (may start with `../`). */
export function projectsFor(config: Config, root: string): ComposeProjectSetting[] {
  const dir = config.dir ?? root;
  return config.projects.map((p) => ({
    files: p.files.map((f) => rebase(dir, f, root)),
    ...(p.projectDirectory !== undefined ? { projectDirectory: rebase(dir, p.projectDirectory, root) } : {}),
    ...(p.envFile !== undefined ? { envFile: typeof p.envFile === 'string' ? rebase(dir, p.envFile, root) : p.envFile.map((f) => rebase(dir, f, root)) } : {}),
  }));
}

/** The config's extra build contexts with their paths relative to the scan root (may start with `../`). */
export function contextsFor(config: Config, root: string): BuildContextSetting[] {
  const dir = config.dir ?? root;
  return config.contexts.map((c) => ({ dockerfile: rebase(dir, c.dockerfile, root), context: rebase(dir, c.context, root) }));
}

/**
 * `ignorePaths` as a filter on root-relative paths. The globs are relative to the config
 * file's directory; a glob that matches a directory matches everything below it.
 */
export function ignoreFilterFor(config: Config, root: string): PathFilter | undefined {
  if (config.ignorePaths.length === 0) return undefined;
  const dir = config.dir ?? root;
  const regexps = config.ignorePaths.map(globToRegExp);
  const base = relative(dir, root).split(sep).join('/');
  return {
    patterns: config.ignorePaths,
    matches(path: string): boolean {
      const full = posix.normalize(base === '' ? path || '.' : `${base}/${path}`);
      if (full === '..' || full.startsWith('../')) return false;
      const parts = full.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const prefix = parts.slice(0, i).join('/');
        if (regexps.some((r) => r.test(prefix))) return true;
      }
      return false;
    },
  };
}

/**
 * A glob as a RegExp over `/`-separated relative paths: `*` and `?` stay within a path segment,
 * `**` spans any number of segments, `[abc]`/`[!abc]` classes and `{a,b}` alternatives. A leading
 * `./` or `/` and a trailing `/` are ignored.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (g === '' || g === '.') g = '**';
  let out = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const atEnd = i + 2 === g.length || g[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === g.length) out += '.*';
          else {
            out += '(?:[^/]+/)*';
            i++; // skip the slash after **
          }
          i++;
          continue;
        }
        out += '[^/]*';
        i++;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = g.indexOf(']', i + 2);
      if (close < 0) throw new Error(`unclosed "[" in glob "${glob}"`);
      let body = g.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '\\' && i + 1 < g.length) {
      out += `\\${g[++i]}`.replace(/^\\([a-zA-Z0-9])$/, '$1');
    } else out += c.replace(/[.+^$()|[\]{}\\]/g, '\\$&');
  }
  if (braces > 0) throw new Error(`unclosed "{" in glob "${glob}"`);
  return new RegExp(`^${out}$`);
}
