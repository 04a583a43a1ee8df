// Which rules the fix engine runs again after a pass: a rule whose declared inputs
// (RuleMeta.reads) the pass did not change keeps its previous findings, which are then the
// very findings it would report again (the engine's output is identical either way:
// DOCKMEND_FULL_REDETECT=1 forces every rule to run, for debugging and for the equivalence
// test). Kept apart from the engine so that the mapping is read, and tested, on its own.
import type { Project } from '../project/project.js';
import type { ComposeProject } from '../compose/projects.js';
import { isBakeFileName, isComposeName, isDockerfileName, isEnvFileName, isIgnoreFileName, isYamlName } from '../project/discover.js';
import { isScriptName } from '../project/walk.js';
import type { RuleInput, RuleMeta } from '../rules/types.js';
import type { ResolvedFinding } from '../types.js';

/** The files one pass changed (root-relative paths). */
export interface PassChanges {
  edited: ReadonlySet<string>;
  created: ReadonlySet<string>;
  deleted: ReadonlySet<string>;
}

/** Every input changed (the safe answer when a change cannot be classified). */
export type ChangedInputs = ReadonlySet<RuleInput> | 'all';

/** Whether the environment asks for full re-detection after every pass (set and not '', '0' or 'false'). */
export function fullRedetectForced(): boolean {
  return !['', '0', 'false'].includes((process.env.DOCKMEND_FULL_REDETECT ?? '').toLowerCase());
}

/**
 * The inputs a pass changed: each changed path by the kinds of file it is (its name, as the
 * walk and the project model classify names, and the part it plays in the project models
 * before and after the pass), `tree` for a file created or deleted, and `builds` when the two
 * models' builds differ. A path of no known kind changes everything.
 */
export function changedInputs(changes: PassChanges, before: Project, after: Project): ChangedInputs {
  const inputs = new Set<RuleInput>();
  const paths = [...changes.edited, ...changes.created, ...changes.deleted];
  for (const path of paths) {
    const kinds = pathKinds(path, [before, after]);
    if (kinds.size === 0) return 'all';
    for (const k of kinds) inputs.add(k);
  }
  if (changes.created.size > 0 || changes.deleted.size > 0) inputs.add('tree');
  if (buildsKey(before) !== buildsKey(after)) inputs.add('builds');
  return inputs;
}

/** The kinds of file a path is: by its name, and by what the project models read it as. */
export function pathKinds(path: string, projects: readonly Project[]): Set<RuleInput> {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const kinds = new Set<RuleInput>();
  // The names the walk notes and the project model discovers files by (src/project/discover.ts);
  // any YAML file may be a compose file by its content.
  if (isDockerfileName(name)) kinds.add('dockerfiles');
  if (isComposeName(name) || isYamlName(name)) kinds.add('compose');
  if (isIgnoreFileName(name)) kinds.add('ignore');
  if (isEnvFileName(name)) kinds.add('env');
  if (isBakeFileName(name)) kinds.add('bake');
  if (isScriptName(name, dir) || name === '.gitignore') kinds.add('scripts');
  // A file named otherwise that a model reads as one of these (a compose `dockerfile:`, a `-f`
  // compose file, an `--env-file`, a Bake `-f` file).
  for (const p of projects) for (const k of rolesOf(p).get(path) ?? []) kinds.add(k);
  return kinds;
}

/** The paths a project model reads as Dockerfiles, compose, env, ignore and Bake files, by path. */
function rolesOf(project: Project): ReadonlyMap<string, ReadonlySet<RuleInput>> {
  let roles = rolesMemo.get(project);
  if (roles) return roles;
  const map = new Map<string, Set<RuleInput>>();
  const add = (path: string | null | undefined, kind: RuleInput) => {
    if (path === null || path === undefined) return;
    let set = map.get(path);
    if (!set) map.set(path, (set = new Set()));
    set.add(kind);
  };
  for (const path of project.dockerfiles) add(path, 'dockerfiles');
  for (const path of project.ignoreFiles) add(path, 'ignore');
  for (const path of project.envFiles) add(path, 'env');
  for (const f of project.composeFiles) add(f.path, 'compose');
  for (const c of project.contexts) {
    add(c.dockerfile, 'dockerfiles');
    add(c.ignoreFile, 'ignore');
  }
  for (const m of project.bake ?? []) for (const path of m.set.files) add(path, 'bake');
  const seen = new Set<ComposeProject>();
  const visit = (projects: readonly ComposeProject[]) => {
    for (const cp of projects) {
      if (seen.has(cp)) continue;
      seen.add(cp);
      for (const path of [...cp.files, ...(cp.extendsFiles ?? []), ...(cp.extensionFiles ?? []), ...Object.values(cp.links ?? {})]) add(path, 'compose');
      for (const path of cp.envFiles ?? []) add(path, 'env');
      if (cp.includes) visit(cp.includes);
    }
  };
  visit(project.composeProjects);
  rolesMemo.set(project, map);
  return map;
}

const rolesMemo = new WeakMap<Project, ReadonlyMap<string, ReadonlySet<RuleInput>>>();

/** The builds of a project model as a build runs them (RuleInput `builds`), as one comparable string. */
export function buildsKey(project: Project): string {
  let key = buildsMemo.get(project);
  if (key === undefined) {
    key = JSON.stringify(project.contexts.map((c) => [c.dockerfile, c.dir, c.args, c.target ?? null, c.additionalContexts, c.image ?? null, c.tags ?? null]));
    buildsMemo.set(project, key);
  }
  return key;
}

// A project model is compared with the next pass's, then with the one after: each key is made once.
const buildsMemo = new WeakMap<Project, string>();

/**
 * Whether a rule must run again after a pass: it declares no inputs, or the pass changed one,
 * or a file its previous findings are in (or that their fixes change) changed — a reused
 * finding's positions, suppressions and fix offsets must be those of an unchanged file.
 */
export function mustRerun(meta: Pick<RuleMeta, 'reads'>, changed: ChangedInputs, changes: PassChanges, previous: readonly ResolvedFinding[]): boolean {
  if (changed === 'all' || meta.reads === undefined) return true;
  if (meta.reads.some((input) => changed.has(input))) return true;
  const touched = (file: string) => changes.edited.has(file) || changes.created.has(file) || changes.deleted.has(file);
  return previous.some((f) => touched(f.location.file) || f.fixes.some((fix) => fix.changes.some((c) => touched(c.file))));
}
