// The Bake edits that build a Dockerfile from another directory: `context` relative to Bake's
// working directory, `dockerfile` relative to the new context (Bake joins the two: bake.go
// toBuildOpt). Only what the target itself writes is edited — a value it inherits is shared
// with the other targets inheriting it, so the target gets its own attribute instead.
import type { AttributeRef } from '../bake/model.js';
import { displayPath, relativePath, resolveInRoot } from '../project/paths.js';
import type { BuildContext, Project } from '../project/project.js';
import type { BakeAttributeInsert, BakeLiteralSet, BakePathAlternative } from '../../transforms/bake-paths.js';

type Setter = { set: BakeLiteralSet } | { insert: BakeAttributeInsert } | null;

/** How to give a target's attribute a new value: replace its own literal, or add one to its block. */
function setterFor(context: BuildContext, name: 'context' | 'dockerfile', at: AttributeRef | undefined, value: string): Setter {
  const o = context.origin;
  if (o.kind !== 'bake') return null;
  if (at && at.own) {
    if (at.attribute.value.literal === null) return null; // written with variables or escapes: the user's configuration
    return { set: { file: at.file, format: at.format, start: at.attribute.value.start, end: at.attribute.value.end, value } };
  }
  const block = o.bake.ownBlock;
  const anchor = block?.attributes.find((a) => a.name === (name === 'dockerfile' ? 'context' : 'dockerfile')) ?? block?.attributes[0];
  // An HCL line is added after the anchor's line: only when the anchor has that line to itself
  // (not `target "a" { context = "x" }` on one line, nor a block comment running on).
  if (!block || !anchor || !anchor.ownLine) return null;
  return {
    insert: { file: block.file, format: block.format, at: block.format === 'hcl' ? anchor.lineEnd : anchor.value.end, indent: anchor.indent, eol: block.eol, name, value },
  };
}

export function bakeContextEdit(context: BuildContext, dir: string, dockerfile: string, applicability: 'safe' | 'unsafe'): BakePathAlternative | null {
  const o = context.origin;
  if (o.kind !== 'bake') return null;
  const writtenContext = o.contextAt?.attribute.value.literal ?? undefined;
  const writtenDockerfile = o.dockerfileAt?.attribute.value.literal ?? undefined;
  const styled = (value: string, written: string | undefined) => (written?.startsWith('./') && !value.startsWith('.') ? `./${value}` : value);
  const contextValue = styled(relativePath(o.cwd, dir), writtenContext);
  const dockerfileValue = styled(relativePath(dir, dockerfile), writtenDockerfile);
  const contextChanges = context.dir !== dir;
  const dockerfileChanges = resolveInRoot(dir, o.bake.dockerfile ?? 'Dockerfile') !== dockerfile;
  if (!contextChanges && !dockerfileChanges) return null;
  const sets: BakeLiteralSet[] = [];
  const inserts: BakeAttributeInsert[] = [];
  for (const [changes, name, at, value] of [
    [contextChanges, 'context', o.contextAt, contextValue],
    [dockerfileChanges, 'dockerfile', o.dockerfileAt, dockerfileValue],
  ] as const) {
    if (!changes) continue;
    const s = setterFor(context, name, at, value);
    if (!s) return null;
    if ('set' in s) sets.push(s.set);
    else inserts.push(s.insert);
  }
  // Two inserts after the same anchor would land in one spot: keep it to one alternative per edit site.
  if (new Set(inserts.map((i) => `${i.file}:${i.at}`)).size !== inserts.length) return null;
  const title = !dockerfileChanges
    ? `Set Bake target '${o.target}' context to '${contextValue}'`
    : !contextChanges
      ? `Set Bake target '${o.target}' dockerfile to '${dockerfileValue}'`
      : `Set Bake target '${o.target}' context to '${contextValue}' and dockerfile to '${dockerfileValue}'`;
  return { title, applicability, sets, inserts };
}

/**
 * A Bake file in a subdirectory that no command line of the repository names: Bake run in that
 * directory reads it by default, but so does `docker buildx bake -f sub/docker-bake.hcl` from the
 * root (a CI step dockmend could not read, a Makefile elsewhere). When the target's paths are
 * missing from the directory but all exist from the root, how it is run decides: not an error.
 */
export function resolvesFromRoot(project: Project, context: BuildContext): boolean {
  const o = context.origin;
  if (o.kind !== 'bake' || o.set.foundBy.kind !== 'default' || o.cwd === '') return false;
  const value = o.bake.context;
  if (value === null || value.includes('://')) return false;
  const dir = resolveInRoot('', value);
  if (dir === null || !project.tree.isDir(dir)) return false;
  if (context.dockerfile === null || o.bake.dockerfile === null) return true;
  const dockerfile = resolveInRoot(dir, o.bake.dockerfile);
  return dockerfile !== null && project.tree.isFile(dockerfile);
}

/** A build a Bake target defines, with where its finding goes. */
export interface BakeBuildAt {
  context: BuildContext;
  origin: Extract<BuildContext['origin'], { kind: 'bake' }>;
  location: { file: string; start: number; end: number };
  /** Bake's default file of a subdirectory whose paths all exist from the root instead (info). */
  fromRoot: boolean;
}

/**
 * The Bake builds a rule reports, once per place: `attribute` picks the builds concerned and the
 * attribute a finding of each points at (the target's label when it writes none). Targets
 * sharing an inherited attribute are reported once, at that attribute, for the same `key`.
 */
export function bakeBuildsAt(
  project: Project,
  attribute: (context: BuildContext, origin: BakeBuildAt['origin']) => AttributeRef | undefined | false,
  key: (context: BuildContext) => string,
): BakeBuildAt[] {
  const out: BakeBuildAt[] = [];
  const seen = new Set<string>();
  for (const context of project.contexts) {
    const origin = context.origin;
    if (origin.kind !== 'bake') continue;
    const at = attribute(context, origin);
    if (at === false) continue;
    const location = at ? { file: at.file, start: at.attribute.value.start, end: at.attribute.value.end } : { file: origin.file, start: origin.span.start, end: origin.span.end };
    const id = `${location.file}:${location.start}:${key(context)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ context, origin, location, fromRoot: resolvesFromRoot(project, context) });
  }
  return out;
}

/** How a Bake path finding names its target, and what it adds when the paths exist from the root. */
export function bakeTargetWording(build: BakeBuildAt): { target: string; fromRootNote: string } {
  const o = build.origin;
  if (!build.fromRoot) return { target: `Bake target '${o.target}'`, fromRootNote: '' };
  return {
    target: `Bake target '${o.target}' (${o.file}, read from '${displayPath(o.cwd)}' as Bake's default file there; no command line of the repository names it)`,
    fromRootNote: ` From the repository root (\`docker buildx bake -f ${o.file}\`) every path of the target exists: how the file is run decides.`,
  };
}
