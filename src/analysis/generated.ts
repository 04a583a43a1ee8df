// Is a missing COPY/ADD source a build output? It is when git ignores it (the repository's
// .gitignore files, git's rules: src/ignore/gitignore.ts), or when a script, Makefile or
// workflow of the repository writes it (`mkdir -p .pki`, `> dist/x`, `cp … .pki/ca.pem`,
// `-o dist`). Then the build depends on a step outside the Dockerfile: dockmend cannot see the
// file, and says which step makes it instead of calling the build broken.
//
// Read only when a source is missing, once per scan: the .gitignore files on the path, and the
// scripts of the repository (one traversal of the tree index, no disk walk).
import { posix } from 'node:path';
import { gitIgnored, parseGitignore, type GitignoreMatch, type GitignoreSource } from '../ignore/gitignore.js';
import { basenameOf, dirnameOf, isWithin } from '../project/paths.js';
import type { Project } from '../project/project.js';

export interface ScriptWrite {
  /** Root-relative path of the script, Makefile or workflow. */
  file: string;
  line: number;
  /** The command as written (trimmed). */
  text: string;
  /** The path it writes, as written there (cleaned: no `./`, no trailing `/`). */
  path: string;
}

export interface GeneratedSource {
  ignored?: GitignoreMatch;
  /**
   * A .gitignore line that names the path as `./path`: git matches no such pattern (it never
   * strips `./`; a pattern with a slash is anchored to its folder and `.` is a name there), but
   * the line still says the maintainers keep the path out of the repository: the user makes it.
   */
  meantIgnored?: GitignoreMatch;
  writer?: ScriptWrite;
}

interface ProjectCache {
  gitignores: Map<string, GitignoreSource | null>;
  /** Per folder: the `./x` lines of its .gitignore, read as the `x` their authors meant. */
  dotSlashLines: Map<string, GitignoreSource | null>;
  writes?: ScriptWrite[];
}

const caches = new WeakMap<Project, ProjectCache>();

function cacheOf(project: Project): ProjectCache {
  let c = caches.get(project);
  if (!c) caches.set(project, (c = { gitignores: new Map(), dotSlashLines: new Map() }));
  return c;
}

/**
 * Why the missing source `rel` of the context `contextDir` is a build output, or null when
 * nothing says so (then it is really missing).
 */
export function generatedSource(project: Project, contextDir: string, rel: string): GeneratedSource | null {
  if (rel === '') return null;
  const full = contextDir === '' ? rel : `${contextDir}/${rel}`;
  const cache = cacheOf(project);
  const ignored = gitIgnored(full, 'unknown', (dir) => gitignoreIn(project, cache, dir)) ?? undefined;
  const meantIgnored = ignored
    ? undefined
    : (gitIgnored(full, 'unknown', (dir) => (gitignoreIn(project, cache, dir), cache.dotSlashLines.get(dir) ?? null)) ?? undefined);
  const writer = scriptWrites(project, cache).find((w) => writes(w, rel, full)) ?? undefined;
  if (!ignored && !meantIgnored && !writer) return null;
  return { ...(ignored ? { ignored } : {}), ...(meantIgnored ? { meantIgnored } : {}), ...(writer ? { writer } : {}) };
}

/** "tls/.pki is ignored by .gitignore:2 `.pki`, and tls/run-tls.sh:6 writes it (`mkdir -p .pki`)". */
export function describeGenerated(g: GeneratedSource): string {
  const parts: string[] = [];
  if (g.ignored) parts.push(`${g.ignored.matched} is ignored by ${g.ignored.file}:${g.ignored.pattern.line} \`${g.ignored.pattern.raw.trim()}\``);
  if (g.meantIgnored) {
    const m = g.meantIgnored;
    parts.push(`${m.matched} is kept out of the repository by ${m.file}:${m.pattern.line} \`.${m.pattern.raw.trim()}\` (a line git reads literally, but that names this path)`);
  }
  if (g.writer) parts.push(`${g.writer.file}:${g.writer.line} writes ${g.writer.path} (\`${shorten(g.writer.text)}\`)`);
  return parts.join(', and ');
}

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function gitignoreIn(project: Project, cache: ProjectCache, dir: string): GitignoreSource | null {
  if (cache.gitignores.has(dir)) return cache.gitignores.get(dir)!;
  const file = dir === '' ? '.gitignore' : `${dir}/.gitignore`;
  let parsed: GitignoreSource | null = null;
  let dotSlash: GitignoreSource | null = null;
  if (project.tree.isFile(file)) {
    const text = project.sources.read(file).text;
    if (text !== null) {
      parsed = { dir, file, patterns: parseGitignore(text) };
      // The `./x` lines alone, as the anchored `/x` they mean; the other lines blank, so that
      // line numbers stay.
      const lines = text.split('\n').map((l) => (/^\.\/[^/]/.test(l) ? l.slice(1) : ''));
      const patterns = lines.some((l) => l !== '') ? parseGitignore(lines.join('\n')) : [];
      if (patterns.length > 0) dotSlash = { dir, file, patterns };
    }
  }
  cache.gitignores.set(dir, parsed);
  cache.dotSlashLines.set(dir, dotSlash);
  return parsed;
}

/** A write of `w.path` makes `rel` (context-relative) or `full` (root-relative): the same path, a folder above it, or a file below it. */
function writes(w: ScriptWrite, rel: string, full: string): boolean {
  const related = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  const fromScriptDir = posix.normalize(posix.join(dirnameOf(w.file) || '.', w.path));
  return related(rel, w.path) || related(full, w.path) || related(full, fromScriptDir);
}

// ---------------------------------------------------------------------------------------------
// Scripts

const MAX_SCRIPTS = 2000;

function isScriptPath(path: string, name: string): boolean {
  if (/\.(?:sh|bash|zsh|mk)$/.test(name)) return true;
  if (/^(?:GNUmakefile|[Mm]akefile|[Jj]ustfile)$/.test(name)) return true;
  if (name === '.gitlab-ci.yml') return true;
  return isWithin('.github/workflows', path) && /\.ya?ml$/.test(name);
}

function scriptWrites(project: Project, cache: ProjectCache): ScriptWrite[] {
  if (cache.writes) return cache.writes;
  // The walk's script-named files come in depth-first traversal order: the first MAX_SCRIPTS
  // of them are those a traversal of the tree would find first.
  const scripts: string[] = [];
  for (const path of project.tree.scriptNamedFiles()) {
    if (scripts.length >= MAX_SCRIPTS) break;
    if (isScriptPath(path, basenameOf(path))) scripts.push(path);
  }
  scripts.sort();
  const out: ScriptWrite[] = [];
  for (const file of scripts) {
    const text = project.sources.read(file).text;
    if (text === null) continue;
    text.split('\n').forEach((line, i) => {
      for (const path of writtenPaths(line)) out.push({ file, line: i + 1, text: line.trim(), path });
    });
  }
  cache.writes = out;
  return out;
}

/** Commands whose every operand is created. */
const CREATES_ALL = new Set(['mkdir', 'touch', 'tee']);
/** Commands whose last operand is the destination. */
const CREATES_LAST = new Set(['cp', 'mv', 'install', 'rsync', 'ln']);
/** Options whose value is an output path (`go build -o dist/app`, `openssl … -out ca.pem`, `curl -o`, `wget -O`). */
const OUTPUT_OPTIONS = new Set(['-o', '-O', '--output', '--out', '-out', '-keyout', '--outdir', '--out-dir', '--output-dir', '--output-path']);

/**
 * The paths one line of a script writes, conservatively: only literal relative paths (no
 * variable other than the working directory, no wildcard, nothing absolute or outside).
 */
export function writtenPaths(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('#')) return [];
  // Workflow steps (`- run: mkdir -p dist`), Makefile recipe prefixes (`@mkdir`, `-rm`).
  body = body.replace(/^-\s+/, '').replace(/^run:\s*/, '').replace(/^[@-]+/, '');
  const out: string[] = [];
  for (const segment of body.split(/&&|\|\||;|\|/)) {
    const tokens = segment.trim().split(/\s+/).filter(Boolean);
    let k = 0;
    while (k < tokens.length && /^(?:sudo|exec|command|time|then|do|else)$/.test(tokens[k])) k++;
    const cmd = tokens[k];
    if (cmd === undefined) continue;
    const args = tokens.slice(k + 1);
    const operands: string[] = [];
    for (let j = 0; j < args.length; j++) {
      const t = args[j];
      // `2>/dev/null`, `>&2`, `2>&1`: not a file the script makes.
      if (/^[0-9]*>>?&|^[02-9]>/.test(t)) {
        if (/^[02-9]>>?$/.test(t)) j++;
        continue;
      }
      const redirect = /^1?>>?(.*)$/.exec(t);
      if (redirect) {
        const target = redirect[1] !== '' ? redirect[1] : args[++j];
        if (target !== undefined) out.push(target);
        continue;
      }
      const eq = t.indexOf('=');
      const option = eq > 0 ? t.slice(0, eq) : t;
      if (OUTPUT_OPTIONS.has(option)) {
        const value = eq > 0 ? t.slice(eq + 1) : args[++j];
        if (value !== undefined) out.push(value);
        continue;
      }
      if (t.startsWith('-')) continue;
      operands.push(t);
    }
    if (CREATES_ALL.has(cmd)) out.push(...operands);
    else if (CREATES_LAST.has(cmd) && operands.length >= 2) out.push(operands[operands.length - 1]);
  }
  return out.map(cleanWritten).filter((p): p is string => p !== null);
}

function cleanWritten(raw: string): string | null {
  let p = raw.replace(/^(['"])(.*)\1$/, '$2');
  p = p.replace(/^(?:\$\{?PWD\}?|\$\(pwd\)|\$\{?GITHUB_WORKSPACE\}?)\//, '');
  if (p === '' || /[$*?[\]{}`~<>()&|]/.test(p) || p.startsWith('/') || p.startsWith('-')) return null;
  const cleaned = posix.normalize(p).replace(/\/+$/, '');
  if (cleaned === '.' || cleaned === '' || cleaned === '..' || cleaned.startsWith('../')) return null;
  return cleaned;
}
