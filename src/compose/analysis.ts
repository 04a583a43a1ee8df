// The compose view every compose rule shares, computed once per project model: which files are
// loaded in which project, with which variables, and the services each project ends up with
// after its files are merged.
import type { Scalar } from 'yaml';
import type { ComposeProject, Project } from '../project/project.js';
import { ProjectVariables } from './env.js';
import { variableUses } from './interpolate.js';
import { parseComposeFile, type ComposeFile } from './model.js';
import { servicesOf, walkValues, type ServiceInfo } from './services.js';

export type UnitRole = 'file' | 'extension' | 'include' | 'extends';

/** One compose file as Compose loads it: in a project, interpolated with that project's variables. */
export interface ComposeUnit {
  file: ComposeFile;
  /** The project (or `include:` sub-project) the file is loaded in. */
  project: ComposeProject;
  /** The top-level project. */
  top: ComposeProject;
  vars: ProjectVariables;
  role: UnitRole;
}

export interface MergedService {
  name: string;
  /** The service's definitions in load order (base file first, overrides after). */
  infos: { info: ServiceInfo; unit: ComposeUnit }[];
}

export interface ComposeAnalysis {
  units: ComposeUnit[];
  /** The first unit of each file (a file reached twice is checked once). */
  firstUnits: ComposeUnit[];
  /**
   * One unit per file for the checks that depend on variables: the first that is not run with
   * an `--env-file` outside the repository (which may set anything), else the first. The same
   * file run without that env file (its default project, another command line) is judged there.
   */
  judgedUnits: ComposeUnit[];
  fileAt(path: string): ComposeFile | null;
  varsFor(project: ComposeProject): ProjectVariables;
  /** Services of a top-level project after merging its files and includes. */
  services(top: ComposeProject): Map<string, MergedService>;
}

const cache = new WeakMap<Project, ComposeAnalysis>();

export function composeAnalysis(project: Project): ComposeAnalysis {
  let a = cache.get(project);
  if (!a) {
    a = buildAnalysis(project);
    cache.set(project, a);
  }
  return a;
}

function buildAnalysis(project: Project): ComposeAnalysis {
  const byPath = new Map(project.composeFiles.map((f) => [f.path, f]));
  const fileAt = (path: string): ComposeFile | null => {
    let f = byPath.get(path);
    if (f) return f;
    if (!project.tree.isFile(path)) return null;
    const text = project.sources.read(path).text;
    if (text === null) return null;
    f = parseComposeFile(path, text);
    byPath.set(path, f);
    return f;
  };
  const varsCache = new Map<ComposeProject, ProjectVariables>();
  const varsFor = (p: ComposeProject): ProjectVariables => {
    let v = varsCache.get(p);
    if (!v) {
      v = new ProjectVariables(p.projectDir, p.env ?? new Map(), project.tree, project.sources, p.envFiles, p.externalEnvFile);
      varsCache.set(p, v);
    }
    return v;
  };
  const units: ComposeUnit[] = [];
  const added = new Map<ComposeProject, Set<ComposeProject>>();
  const addProject = (p: ComposeProject, top: ComposeProject, role: UnitRole) => {
    // A sub-project several files include is one object: one set of units per top project.
    const done = added.get(top) ?? new Set<ComposeProject>();
    added.set(top, done);
    if (done.has(p)) return;
    done.add(p);
    for (const path of p.files) {
      const file = fileAt(path);
      if (!file || !file.root || file.errors.length > 0) continue;
      units.push({ file, project: p, top, vars: varsFor(p), role: p.extensionFiles?.includes(path) ? 'extension' : role });
    }
    for (const inc of p.includes ?? []) addProject(inc, top, 'include');
  };
  for (const p of project.composeProjects) addProject(p, p, 'file');
  for (const p of project.composeProjects) {
    for (const path of p.extendsFiles ?? []) {
      const file = fileAt(path);
      if (!file || !file.root || file.errors.length > 0) continue;
      units.push({ file, project: p, top: p, vars: varsFor(p), role: 'extends' });
    }
  }
  const seen = new Set<string>();
  const firstUnits = units.filter((u) => {
    if (seen.has(u.file.path)) return false;
    seen.add(u.file.path);
    return true;
  });
  const external = (u: ComposeUnit) => u.vars.envLink?.problem === 'external';
  const judgedUnits = firstUnits.map((first) => (external(first) ? (units.find((u) => u.file.path === first.file.path && !external(u)) ?? first) : first));
  const servicesCache = new Map<ComposeProject, Map<string, MergedService>>();
  return {
    units,
    firstUnits,
    judgedUnits,
    fileAt,
    varsFor,
    services(top) {
      let m = servicesCache.get(top);
      if (!m) {
        m = new Map();
        for (const unit of units) {
          if (unit.top !== top || unit.role === 'extends') continue;
          for (const info of servicesOf(unit.file)) {
            const s = m.get(info.name) ?? { name: info.name, infos: [] };
            s.infos.push({ info, unit });
            m.set(info.name, s);
          }
        }
        servicesCache.set(top, m);
      }
      return m;
    },
  };
}

/** A string scalar of a file and every path it is reached at (anchors are reached several times). */
export interface ScalarPlaces {
  node: Scalar;
  paths: (readonly string[])[];
}

const scalarCache = new WeakMap<ComposeFile, ScalarPlaces[]>();

/** The file's string scalars in document order, each once, with the paths Compose interpolates it at. */
export function scalarPlaces(file: ComposeFile): ScalarPlaces[] {
  let list = scalarCache.get(file);
  if (!list) {
    const byNode = new Map<Scalar, ScalarPlaces>();
    walkValues(file, ({ node, path }) => {
      const p = byNode.get(node);
      if (p) p.paths.push(path);
      else byNode.set(node, { node, paths: [path] });
    });
    list = [...byNode.values()].sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
    scalarCache.set(file, list);
  }
  return list;
}

/** Service names a set of paths reaches (`services.<name>...`). */
export function servicesAt(paths: readonly (readonly string[])[]): string[] {
  return [...new Set(paths.filter((p) => p[0] === 'services' && p.length > 1).map((p) => p[1]!))];
}

// ---------------------------------------------------------------------------------------------
// `scan --show-vars`: the variables each project uses and the value dockmend assumes.

export interface AssumedVariable {
  /** The project's first compose file. */
  project: string;
  name: string;
  /** Where the value comes from: the shell, `.env`, an env template (example value), or nowhere. */
  source: 'shell' | '.env' | 'template' | 'unset';
  /** The value, masked (`***`) when the name looks like a secret. */
  value: string;
  file?: string;
  /** Files that use the variable. */
  usedBy: string[];
  /** `file:line` of the command line the project was found in, when it was (`docker compose -f ...`). */
  foundIn?: string;
}

const SECRET_NAME = /pass(word)?|secret|token|key|credential|private/i;

export function assumedVariables(project: Project): AssumedVariable[] {
  const analysis = composeAnalysis(project);
  const rows = new Map<string, AssumedVariable>();
  for (const unit of analysis.units) {
    for (const place of scalarPlaces(unit.file)) {
      const value = place.node.value as string;
      if (!value.includes('$')) continue;
      const uses = variableUsesOf(value);
      for (const name of uses) {
        const key = `${unit.top.files[0]}\0${unit.vars.dir}\0${name}`;
        let row = rows.get(key);
        if (!row) {
          const info = unit.vars.info(name);
          row = {
            project: unit.top.files[0]!,
            name,
            source: info.source,
            value: info.value !== '' && SECRET_NAME.test(name) ? '***' : info.value,
            usedBy: [],
            ...(info.file ? { file: info.file } : {}),
            ...(unit.top.origin?.kind === 'invocation' ? { foundIn: `${unit.top.origin.file}:${unit.top.origin.line}` } : {}),
          };
          rows.set(key, row);
        }
        if (!row.usedBy.includes(unit.file.path)) row.usedBy.push(unit.file.path);
      }
    }
  }
  return [...rows.values()].sort((a, b) => (a.project < b.project ? -1 : a.project > b.project ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function variableUsesOf(value: string): string[] {
  const uses = variableUses(value);
  return 'error' in uses ? [] : [...new Set(uses.map((u) => u.name))];
}
