// Variable uses across the compose files of a project model: invalid templates and variables
// Compose would warn about ("The "X" variable is not set. Defaulting to a blank string."),
// minus those a template documents.
import type { Scalar } from 'yaml';
import type { Project } from '../project/project.js';
import { eolOf } from '../text.js';
import type { EnvStubPlan } from '../../transforms/env-stub.js';
import { composeAnalysis, scalarPlaces, servicesAt, type ComposeUnit } from './analysis.js';
import type { ProjectVariables } from './env.js';
import { interpolate, variableUses } from './interpolate.js';
import type { Span } from './model.js';
import { pathString, valueOffsets } from './services.js';

export interface InvalidTemplate {
  unit: ComposeUnit;
  node: Scalar;
  /** compose-go path of the value, e.g. `services.web.environment.URL`. */
  key: string;
  /** The template Compose prints (the innermost text that holds the bad `${`). */
  template: string;
  span: Span;
}

export interface UndefinedUse {
  name: string;
  unit: ComposeUnit;
  node: Scalar;
  key: string;
  services: string[];
  /** The `$VAR` / `${VAR}` expression in the file, or the whole scalar when it cannot be mapped. */
  span: Span;
}

export interface UndefinedGroup {
  vars: ProjectVariables;
  /** Variable name → its uses, in file order. */
  byName: Map<string, UndefinedUse[]>;
}

/** Variables Compose leaves blank today that only a template defines, per env file location. */
export interface TemplateOnlyGroup {
  vars: ProjectVariables;
  /** Variable name → its uses, in file order. */
  byName: Map<string, UndefinedUse[]>;
}

export interface VariableReport {
  invalid: InvalidTemplate[];
  /** Keyed by the project directory (stub file location). */
  undefined: Map<string, UndefinedGroup>;
  /** Keyed by the env files Compose reads (`<dir>/.env`, or the `--env-file`s). */
  templateOnly: Map<string, TemplateOnlyGroup>;
  /**
   * Variables with no value in the repository of files judged only in projects run with an
   * `--env-file` outside the repository (`vars.envLink.problem === 'external'`): that file may
   * set them. Keyed by the env file and the command line passing it.
   */
  external: Map<string, UndefinedGroup>;
}

const cache = new WeakMap<Project, VariableReport>();

export function variableReport(project: Project): VariableReport {
  let r = cache.get(project);
  if (!r) {
    r = buildReport(project);
    cache.set(project, r);
  }
  return r;
}

function nodeSpan(node: Scalar): Span {
  return { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
}

function buildReport(project: Project): VariableReport {
  const report: VariableReport = { invalid: [], undefined: new Map(), templateOnly: new Map(), external: new Map() };
  // Each file is judged once; in a project run with an `--env-file` outside the repository only
  // when no other project loads it (ComposeAnalysis.judgedUnits).
  for (const unit of composeAnalysis(project).judgedUnits) {
    for (const place of scalarPlaces(unit.file)) {
      const value = place.node.value as string;
      if (!value.includes('$')) continue;
      // The key and the value's offsets in the file are worked out only for a value reported.
      const key = () => pathString(place.paths[0]!);
      let offsets: ReturnType<typeof valueOffsets> | undefined;
      const map = () => (offsets === undefined ? (offsets = valueOffsets(unit.file.text, place.node)) : offsets);
      const uses = variableUses(value);
      if ('error' in uses) {
        const at = map()?.(uses.offset) ?? null;
        report.invalid.push({ unit, node: place.node, key: key(), template: uses.error, span: at !== null ? { start: at, end: at + 2 } : nodeSpan(place.node) });
        continue;
      }
      const r = interpolate(value, unit.vars.lookup);
      if (!r.ok) continue;
      for (const name of r.unset) {
        const link = unit.vars.envLink;
        // A linked env file dockmend cannot read may set anything: compose-dotenv-absent says so once.
        if (link && link.problem !== 'external') continue;
        const use = uses.find((u) => u.name === name && (u.form === '$VAR' || u.form === '${VAR}'));
        const at = map();
        const span = use && at ? { start: at(use.start), end: at(use.end) } : nodeSpan(place.node);
        if (link) {
          // An `--env-file` outside the repository may set it; a template listing it documents it.
          if (unit.vars.listed(name)) continue;
          const linkKey = [link.path, link.origin?.file ?? '', link.origin?.line ?? ''].join('\0');
          let outside = report.external.get(linkKey);
          if (!outside) {
            outside = { vars: unit.vars, byName: new Map() };
            report.external.set(linkKey, outside);
          }
          const list = outside.byName.get(name) ?? [];
          list.push({ name, unit, node: place.node, key: key(), services: servicesAt(place.paths), span });
          outside.byName.set(name, list);
          continue;
        }
        if (unit.vars.listed(name)) {
          const envKey = unit.vars.envFiles.join('\0');
          let templated = report.templateOnly.get(envKey);
          if (!templated) {
            templated = { vars: unit.vars, byName: new Map() };
            report.templateOnly.set(envKey, templated);
          }
          const list = templated.byName.get(name) ?? [];
          list.push({ name, unit, node: place.node, key: key(), services: servicesAt(place.paths), span });
          templated.byName.set(name, list);
          continue;
        }
        let group = report.undefined.get(unit.vars.dir);
        if (!group) {
          group = { vars: unit.vars, byName: new Map() };
          report.undefined.set(unit.vars.dir, group);
        }
        const list = group.byName.get(name) ?? [];
        list.push({ name, unit, node: place.node, key: key(), services: servicesAt(place.paths), span });
        group.byName.set(name, list);
      }
    }
  }
  return report;
}

/** "docker/compose.yml (services web, worker)" for each file, joined. */
export function describeUses(uses: readonly { unit: ComposeUnit; services: readonly string[] }[]): string {
  const byFile = new Map<string, Set<string>>();
  for (const u of uses) {
    const s = byFile.get(u.unit.file.path) ?? new Set<string>();
    for (const name of u.services) s.add(name);
    byFile.set(u.unit.file.path, s);
  }
  return [...byFile]
    .map(([file, services]) => (services.size === 0 ? file : `${file} (${services.size === 1 ? 'service' : 'services'} ${[...services].join(', ')})`))
    .join(', ');
}

/** A stub plan for the project directory's template: append to it, or create `.env.example`. */
export function stubPlan(project: Project, vars: ProjectVariables, stubs: { name: string; comment: string }[]): EnvStubPlan {
  const target = vars.stubFile();
  if (!target.exists) return { file: target.path, append: null, stubs };
  const text = project.sources.read(target.path).text ?? '';
  return { file: target.path, append: { at: text.length, eol: eolOf(text), endsWithNewline: text === '' || text.endsWith('\n') }, stubs };
}
