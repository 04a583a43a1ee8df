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

/** Which of the Dockerfile's context sources (by offset) would fail if it were built from `dir`. */
export function failingSourcesIn(project: Project, dockerfile: string, args: Record<string, string>, dir: string): { sources: number; failing: Set<number> } {
  const model = dockerfileModel(project, dockerfile, args);
  if (!model) return { sources: 0, failing: new Set() };
  const view = viewFor(project, dir, dockerfile);
  const sources = contextSources(model);
  const failing = new Set(sources.filter(({ source }) => FAILING.has(checkSource(project.tree, view, source).status)).map(({ source }) => source.start));
  return { sources: sources.length, failing };
}

/** How many of the Dockerfile's context sources would fail if it were built from `dir`. */
export function failingIn(project: Project, dockerfile: string, args: Record<string, string>, dir: string): { sources: number; failing: number } {
  const { sources, failing } = failingSourcesIn(project, dockerfile, args, dir);
  return { sources, failing: failing.size };
}

/** Whether every context source of the Dockerfile is sent from `dir`. */
export function sourcesResolveIn(project: Project, dockerfile: string, args: Record<string, string>, dir: string): boolean {
  const { sources, failing } = failingIn(project, dockerfile, args, dir);
  return sources > 0 && failing === 0;
}

/**
 * Sources missing from every directory tried: no choice of context can send them (a file the
 * repository does not have where the Dockerfile expects it). They are left to their own
 * copy-source-missing findings, with their candidates, and do not count against a context
 * from which every other source resolves.
 */
export function missingEverywhere(project: Project, dockerfile: string, args: Record<string, string>, dirs: readonly string[]): Set<number> {
  let common: Set<number> | undefined;
  for (const dir of dirs) {
    if (!project.tree.isDir(dir)) continue;
    const { failing } = failingSourcesIn(project, dockerfile, args, dir);
    const before: Set<number> = common ?? failing;
    common = new Set([...before].filter((s) => failing.has(s)));
    if (common.size === 0) break;
  }
  return common ?? new Set<number>();
}

/** Whether every source but those in `except` resolves from `dir` (and at least one does). */
export function sourcesResolveInExcept(project: Project, dockerfile: string, args: Record<string, string>, dir: string, except: ReadonlySet<number>): boolean {
  const { sources, failing } = failingSourcesIn(project, dockerfile, args, dir);
  return sources > except.size && [...failing].every((s) => except.has(s));
}

export interface ContextChoice {
  dir: string;
  /** Every source resolves from `dir` (else most do, and fewer fail than from the current context). */
  all: boolean;
  /** Sources (by offset) missing from every directory tried: the context fix does not repair them. */
  nowhere: ReadonlySet<number>;
}

/**
 * A better directory for a compose-defined context whose sources fail: the nearest one from
 * which every source resolves; else the nearest one from which every source resolves except
 * those missing from every directory tried; else the one where the fewest fail, provided at
 * least two thirds of the sources resolve there and fewer fail than now.
 */
export function betterContextDir(project: Project, check: DockerfileCheck): ContextChoice | null {
  if (check.context.origin.kind !== 'compose') return null;
  const others = copyAnalysis(project)
    .filter((c) => c.dockerfile === check.dockerfile && c.context.dir !== check.context.dir && !c.checks.some((sc) => FAILING.has(sc.result.status)))
    .map((c) => c.context.dir);
  const now = check.checks.filter((sc) => FAILING.has(sc.result.status)).length;
  const dirs = candidateDirs(check.context, check.dockerfile, others).filter((d) => project.tree.isDir(d));
  let best: { dir: string; failing: number } | null = null;
  for (const dir of dirs) {
    const { sources, failing } = failingIn(project, check.dockerfile, check.context.args, dir);
    if (sources === 0) return null;
    if (failing === 0) return { dir, all: true, nowhere: new Set() };
    if (failing < now && failing * 3 <= sources && (!best || failing < best.failing)) best = { dir, failing };
  }
  const nowhere = missingEverywhere(project, check.dockerfile, check.context.args, [check.context.dir, ...dirs]);
  if (nowhere.size > 0 && nowhere.size < now) {
    const dir = dirs.find((d) => sourcesResolveInExcept(project, check.dockerfile, check.context.args, d, nowhere));
    if (dir !== undefined) return { dir, all: false, nowhere };
  }
  return best && { dir: best.dir, all: false, nowhere };
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
 * Each is kept only when the Dockerfile's sources resolve from that context. When no context
 * sends them all, those missing from every directory tried are set aside (`partial`): a
 * context that sends all the others is still offered, and the rest keep their own findings.
 * When the Dockerfile has no context source, nothing decides between (A) and (B): the minimal
 * edit, (B), comes first — the context, what it sends and which .dockerignore applies, stays.
 */
export function dockerfileAlternatives(
  project: Project,
  context: BuildContext,
  writtenDockerfile: string,
  found: string,
): Array<{ dir: string; dockerfile: string; partial?: { missing: string[] } }> {
  const model = dockerfileModel(project, found, context.args);
  const sources = model === null ? [] : contextSources(model);
  const written = writtenDockerfile.replace(/^\.\//, '');
  const implied = found === written ? '' : found.endsWith(`/${written}`) ? found.slice(0, -written.length - 1) : null;
  const kept = context.dirExists ? context.dir : null;
  const chain = [...candidateDirsFor(context.dir), ...candidateDirsFor(dirnameOf(found))];
  const isDir = (d: string | null): d is string => d !== null && project.tree.isDir(d);

  if (sources.length === 0) {
    return [kept, implied].filter(isDir).filter((d, i, all) => all.indexOf(d) === i).map((dir) => ({ dir, dockerfile: found }));
  }
  const pick = (fits: (dir: string) => boolean): string[] => {
    const out: string[] = [];
    for (const d of [implied, kept].filter(isDir)) if (!out.includes(d) && fits(d)) out.push(d);
    const nearest = chain.find((d) => project.tree.isDir(d) && fits(d));
    if (nearest !== undefined && !out.includes(nearest)) out.push(nearest);
    return out;
  };
  const full = pick((d) => sourcesResolveIn(project, found, context.args, d));
  if (full.length > 0) return full.map((dir) => ({ dir, dockerfile: found }));
  const nowhere = missingEverywhere(project, found, context.args, [implied, kept, ...chain].filter(isDir));
  if (nowhere.size === 0) return [];
  const missing = sources.filter(({ source }) => nowhere.has(source.start)).map(({ source }) => source.raw);
  return pick((d) => sourcesResolveInExcept(project, found, context.args, d, nowhere)).map((dir) => ({ dir, dockerfile: found, partial: { missing } }));
}

function candidateDirsFor(start: string): string[] {
  const out: string[] = [];
  for (let d: string | null = start; d !== null; d = d === '' ? null : dirnameOf(d)) out.push(d);
  return out;
}
