// "The context is wrong": when a Dockerfile's sources are missing from its compose context but
// all resolve in another directory — typically a compose file moved into a subfolder with
// `context: .` left behind — one edit of the compose file repairs every COPY of it.
import { dirnameOf, relativePath, resolveInRoot } from '../project/paths.js';
import { ignoreFileFor, type BuildContext, type Project } from '../project/project.js';
import { LineIndex, eolOf } from '../text.js';
import type { ComposePathAlternative, KeyInsert, ScalarSet, ShortFormExpand } from '../../transforms/compose-paths.js';
import { checkSource, contextSources, copyAnalysis, type DockerfileCheck } from './copies.js';
import type { ContextView } from './context-sources.js';
import { ignoreOf, dockerfileModel } from './models.js';

/**
 * Directories worth trying, best first: the directories other builds of the same Dockerfile
 * use, then the context's ancestors, then the Dockerfile's directory and its ancestors.
 */
export function candidateDirs(context: BuildContext, dockerfile: string, others: readonly string[] = []): string[] {
  const out: string[] = [...others];
  const chain = (start: string) => {
    for (let d: string | null = start; d !== null; d = d === '' ? null : dirnameOf(d)) if (!out.includes(d)) out.push(d);
  };
  if (context.dir !== '') chain(dirnameOf(context.dir));
  chain(dirnameOf(dockerfile));
  return out.filter((d, i) => d !== context.dir && out.indexOf(d) === i);
}

export function viewFor(project: Project, dir: string, dockerfile: string): ContextView {
  const ignoreFile = ignoreFileFor(project, dir, dockerfile);
  return { dir, ignore: ignoreFile ? ignoreOf(project, ignoreFile)?.matcher ?? null : null };
}

const FAILING = new Set(['missing', 'ignored', 'outside', 'bad-pattern']);

/** How many of the Dockerfile's context sources would fail if it were built from `dir`. */
export function failingIn(project: Project, dockerfile: string, args: Record<string, string>, dir: string): { sources: number; failing: number } {
  const model = dockerfileModel(project, dockerfile, args);
  if (!model) return { sources: 0, failing: 0 };
  const view = viewFor(project, dir, dockerfile);
  const sources = contextSources(model);
  const failing = sources.filter(({ source }) => FAILING.has(checkSource(project.tree, view, source).status)).length;
  return { sources: sources.length, failing };
}

/** Whether every context source of the Dockerfile is sent from `dir`. */
export function sourcesResolveIn(project: Project, dockerfile: string, args: Record<string, string>, dir: string): boolean {
  const { sources, failing } = failingIn(project, dockerfile, args, dir);
  return sources > 0 && failing === 0;
}

export interface ContextChoice {
  dir: string;
  /** Every source resolves from `dir` (else most do, and fewer fail than from the current context). */
  all: boolean;
}

/**
 * A better directory for a compose-defined context whose sources fail: the nearest one from
 * which every source resolves, else the one where the fewest fail, provided at least two thirds
 * of the sources resolve there and fewer fail than now.
 */
export function betterContextDir(project: Project, check: DockerfileCheck): ContextChoice | null {
  if (check.context.origin.kind !== 'compose') return null;
  const others = copyAnalysis(project)
    .filter((c) => c.dockerfile === check.dockerfile && c.context.dir !== check.context.dir && !c.checks.some((sc) => FAILING.has(sc.result.status)))
    .map((c) => c.context.dir);
  const now = check.checks.filter((sc) => FAILING.has(sc.result.status)).length;
  let best: { dir: string; failing: number } | null = null;
  for (const dir of candidateDirs(check.context, check.dockerfile, others)) {
    if (!project.tree.isDir(dir)) continue;
    const { sources, failing } = failingIn(project, check.dockerfile, check.context.args, dir);
    if (sources === 0) return null;
    if (failing === 0) return { dir, all: true };
    if (failing < now && failing * 3 <= sources && (!best || failing < best.failing)) best = { dir, failing };
  }
  return best && { dir: best.dir, all: false };
}

/**
 * The compose edits that build `dockerfile` from `dir`: `context` relative to the project
 * directory, `dockerfile` relative to the new context (Compose resolves it against the context).
 */
export function composeContextEdit(project: Project, context: BuildContext, dir: string, dockerfile: string, applicability: 'safe' | 'unsafe'): ComposePathAlternative | null {
  const o = context.origin;
  if (o.kind !== 'compose') return null;
  // A path written with variables is the user's configuration, not a typo: never replace it.
  if (o.contextAt?.scalar.value.includes('$') || o.dockerfileAt?.scalar.value.includes('$')) return null;
  // Keep the user's `./` style: `./b` becomes `./a`, not `a`.
  const styled = (value: string, written: string | undefined) => (written?.startsWith('./') && !value.startsWith('.') ? `./${value}` : value);
  const contextValue = styled(relativePath(o.projectDir, dir), o.contextAt?.scalar.value);
  const dockerfileValue = styled(relativePath(dir, dockerfile), o.dockerfileAt?.scalar.value);
  const sets: ScalarSet[] = [];
  const inserts: KeyInsert[] = [];
  let expand: ShortFormExpand | undefined;
  // Compare where the values lead, not how they are written (`./api` is `api`).
  const contextChanges = context.dir !== dir;
  const dockerfileChanges = resolveInRoot(dir, o.dockerfileAt?.scalar.value ?? 'Dockerfile') !== dockerfile;
  if (!contextChanges && !dockerfileChanges) return null;
  const title = !dockerfileChanges
    ? `Set build context to '${contextValue}'`
    : !contextChanges
      ? `Set dockerfile to '${dockerfileValue}'`
      : `Set build context to '${contextValue}' and dockerfile to '${dockerfileValue}'`;

  if (o.buildAt.shortForm) {
    const text = project.sources.read(o.buildAt.file).text;
    if (text === null) return null;
    const colon = text.lastIndexOf(':', o.buildAt.span.start);
    const index = new LineIndex(text);
    const line = index.position(colon).line;
    const lineStart = index.lineStart(line);
    const keyIndent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const entries: Array<[string, string]> = [['context', contextValue]];
    if (dockerfileChanges) entries.push(['dockerfile', dockerfileValue]);
    if (entries.length === 1) {
      sets.push({ file: o.buildAt.file, start: o.buildAt.span.start, end: o.buildAt.span.end, source: text.slice(o.buildAt.span.start, o.buildAt.span.end), value: contextValue });
    } else {
      expand = { file: o.buildAt.file, start: colon + 1, end: o.buildAt.span.end, indent: `${keyIndent}  `, eol: eolOf(text), entries };
    }
    return { title, applicability, sets, inserts, expand };
  }

  if (o.contextAt) {
    if (contextChanges) sets.push({ file: o.contextAt.file, ...o.contextAt.scalar, source: o.contextAt.scalar.source, value: contextValue });
  }
  const anchor = o.contextAt ?? o.dockerfileAt;
  if (!anchor) return null;
  if (o.dockerfileAt) {
    if (dockerfileChanges) sets.push({ file: o.dockerfileAt.file, ...o.dockerfileAt.scalar, source: o.dockerfileAt.scalar.source, value: dockerfileValue });
  } else if (dockerfileChanges) {
    inserts.push(keyAfter(project, anchor.file, anchor.scalar.start, 'dockerfile', dockerfileValue));
  }
  if (!o.contextAt && contextChanges) inserts.push(keyAfter(project, anchor.file, anchor.scalar.start, 'context', contextValue));
  if (sets.length === 0 && inserts.length === 0) return null;
  return { title, applicability, sets, inserts };
}

/** A new `key: value` line after the line holding `offset`, with that line's indentation. */
function keyAfter(project: Project, file: string, offset: number, key: string, value: string): KeyInsert {
  const text = project.sources.read(file).text ?? '';
  const index = new LineIndex(text);
  const line = index.position(offset).line;
  const indent = /^[ \t]*/.exec(text.slice(index.lineStart(line)))![0];
  const at = index.lineEndWithTerminator(line);
  const lead = at === text.length && !text.endsWith('\n') ? eolOf(text) : undefined;
  return { file, at, indent, eol: eolOf(text), key, value, ...(lead ? { lead } : {}) };
}

/**
 * Ways to build `found` (the Dockerfile the compose file meant) for a compose context, best
 * first: (A) move the context so the written `dockerfile:` path reaches it — the signature of a
 * compose file moved into a subfolder; (B) keep the context and point `dockerfile:` at it;
 * (C) the nearest directory its sources resolve in, with `dockerfile:` relative to it.
 * Each is kept only when the Dockerfile's sources resolve from that context.
 */
export function dockerfileAlternatives(project: Project, context: BuildContext, writtenDockerfile: string, found: string): Array<{ dir: string; dockerfile: string }> {
  const out: Array<{ dir: string; dockerfile: string }> = [];
  const add = (dir: string | null) => {
    if (dir === null || !project.tree.isDir(dir) || out.some((o) => o.dir === dir && o.dockerfile === found)) return;
    const model = dockerfileModel(project, found, context.args);
    const hasSources = model !== null && contextSources(model).length > 0;
    if (!hasSources || sourcesResolveIn(project, found, context.args, dir)) out.push({ dir, dockerfile: found });
  };
  const written = writtenDockerfile.replace(/^\.\//, '');
  if (found === written) add('');
  else if (found.endsWith(`/${written}`)) add(found.slice(0, -written.length - 1));
  if (context.dirExists) add(context.dir);
  for (const dir of [...candidateDirsFor(context.dir), ...candidateDirsFor(dirnameOf(found))]) {
    if (sourcesResolveIn(project, found, context.args, dir)) {
      add(dir);
      break;
    }
  }
  return out;
}

function candidateDirsFor(start: string): string[] {
  const out: string[] = [];
  for (let d: string | null = start; d !== null; d = d === '' ? null : dirnameOf(d)) out.push(d);
  return out;
}
