import { isMap, isSeq, type Node, type Scalar } from 'yaml';
import { composeAnalysis } from '../compose/analysis.js';
import { relocatedFiles, relocationKey } from '../compose/project-directory.js';
import { relatedGroups, resolvePath, envFileKeys } from '../compose/drift.js';
import { isVariableName } from '../compose/interpolate.js';
import { servicesOf, type EnvFileEntry } from '../compose/services.js';
import { columnOf, indentOfLine, insertLinesAfter, lastItemEnd, mapKeyIndent, renderLines } from '../compose/yaml-text.js';
import { ENV_TEMPLATE_NAMES, joinPath } from '../compose/env.js';
import { isTemplateComposeName } from '../project/discover.js';
import { isGitIgnored } from '../project/gitignore.js';
import { basenameOf, dirnameOf } from '../project/paths.js';
import type { Project } from '../project/project.js';
import type { Detector } from '../rules/types.js';
import { eolOf } from '../text.js';
import type { Finding, Severity } from '../types.js';
import type { EnvFileData } from '../../transforms/compose-env-file.js';

/**
 * An `env_file` that does not exist (resolved against the project directory, after
 * interpolation) and is not marked `required: false`: `docker compose` stops with
 * `env file <path> not found: stat <path>: no such file or directory`.
 *
 * Severity follows what the repository says about the file: an `error` when nothing explains
 * its absence; a `warning` when git ignores it and a template sits next to it (`.env` with
 * `.env.example`: the documented first step is to create it from the template); `info` in a
 * compose file named as a template (`docker-compose.override.example.yml`), which the user
 * copies and edits first.
 */
export const composeEnvFileMissing: Detector<Record<string, never>, EnvFileData> = {
  meta: {
    id: 'compose-env-file-missing',
    summary: 'A service names an env_file that does not exist and is not marked `required: false`.',
    severity: 'error',
    fix: 'unsafe',
    docs: 'docs/rules/compose-env-file-missing.md',
    defaultOptions: {},
  },
  detect(project) {
    const analysis = composeAnalysis(project);
    const findings: Finding<EnvFileData>[] = [];
    const seen = new Set<string>();
    const relocated = relocatedFiles(project);
    for (const unit of analysis.firstUnits) {
      if (unit.role === 'extends') continue;
      // A file meant to run from an ancestor: compose-project-directory reports it once.
      if (relocated.has(relocationKey(unit.project.projectDir, unit.file.path))) continue;
      for (const service of servicesOf(unit.file)) {
        for (const entry of service.envFiles) {
          if (!entry.required) continue;
          const path = resolvePath(unit, entry.path);
          if (path === null || project.tree.isFile(path)) continue;
          const key = `${unit.file.path}\0${entry.scalar.range?.[0]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const data: EnvFileData = { path: entry.path };
          // A directory where the file should be: Compose cannot read it, and no file can be
          // created there (nor does `required: false` help: it only skips a path that does not exist).
          const directory = project.tree.isDir(path);
          const template = directory ? null : envTemplateFor(project, path);
          const templated = template !== null && isGitIgnored(project.tree, project.sources, path);
          const inTemplateFile = isTemplateComposeName(unit.file.path);
          // Never create the project's `.env`: it feeds interpolation too (a template's example
          // values would change what the whole project resolves to). Fixes write new files into
          // existing directories only.
          const interpolationEnv = path === joinPath(unit.project.projectDir, '.env');
          const creatable = !interpolationEnv && !project.tree.exists(path) && project.tree.isDir(dirnameOf(path));
          if (templated && creatable) {
            const text = project.sources.read(template).text;
            if (text !== null) data.fromTemplate = { file: path, template, text };
          }
          if (!templated && creatable) {
            const keys = keysUsedElsewhere(project, unit.top, service.name, path);
            data.create = { file: path, header: `Environment of service '${service.name}' (${unit.file.path}). Created by dockmend: set the values.`, keys };
          }
          // In a shared (anchored) block the edit applies to every service using it, which all
          // miss the same file. Not for a templated file: the repository documents creating it
          // (making it optional would hide that step), nor for a directory (`required: false`
          // skips only a path that does not exist).
          const optional = directory || templated ? null : optionalEdit(unit.file.text, entry);
          if (optional) data.optional = { file: unit.file.path, ...optional };
          const shown = path === entry.path ? `'${entry.path}'` : `'${entry.path}' (${path})`;
          const severity: Severity = inTemplateFile ? 'info' : templated ? 'warning' : 'error';
          const why = inTemplateFile
            ? ` ${unit.file.path} is named as a template: the user copies and edits it, and provides its env files, before running it.`
            : templated
              ? ` It is git-ignored and ${template} is its template: create ${path} from ${template} before running Compose${interpolationEnv ? ` (it is also the project's interpolation .env, so dockmend does not create it)` : ''}.`
              : '';
          const what = directory
            ? `is a directory, not a file; Compose cannot read it as an env file.`
            : `does not exist; Compose stops with "env file ${path} not found: stat ${path}: no such file or directory".`;
          findings.push({
            rule: 'compose-env-file-missing',
            severity,
            location: { file: unit.file.path, start: entry.scalar.range?.[0] ?? 0, end: entry.scalar.range?.[1] ?? 0 },
            message: `Service '${service.name}': env_file ${shown} ${what}${why}`,
            data,
          });
        }
      }
    }
    return findings;
  },
};

/**
 * The template a missing env file is made from, next to it: for `.env`, the env templates
 * dockmend reads (ENV_TEMPLATE_NAMES, in their order); for another name, the same name with a
 * template suffix (`app.env` → `app.env.example`, the suffixes of ENV_TEMPLATE_NAMES).
 */
export function envTemplateFor(project: Pick<Project, 'tree'>, path: string): string | null {
  const dir = dirnameOf(path);
  const name = basenameOf(path);
  const candidates =
    name === '.env'
      ? ENV_TEMPLATE_NAMES.map((t) => joinPath(dir, t))
      : ENV_TEMPLATE_NAMES.filter((t) => t.startsWith('.env.')).map((t) => `${path}${t.slice('.env'.length)}`);
  return candidates.find((c) => project.tree.isFile(c)) ?? null;
}

/** Keys the same service has in its other variants: their `environment` and readable env files. */
function keysUsedElsewhere(project: Parameters<typeof relatedGroups>[0], top: unknown, name: string, missing: string): string[] {
  const keys: string[] = [];
  const add = (k: string) => {
    if (isVariableName(k) && !keys.includes(k)) keys.push(k);
  };
  for (const group of relatedGroups(project)) {
    if (!group.some((v) => v.top === top && v.name === name)) continue;
    for (const v of group) {
      if (v.top === top && v.name === name) continue;
      for (const { info, unit } of v.merged.infos) {
        for (const e of info.environment?.entries ?? []) add(e.key);
        for (const f of info.envFiles) {
          if (resolvePath(unit, f.path) === missing) continue;
          for (const k of envFileKeys(project, unit, f.path) ?? []) add(k);
        }
      }
    }
  }
  return keys;
}

/** The text that turns the reference into `{path: ..., required: false}`, in the list's style. */
function optionalEdit(text: string, entry: EnvFileEntry): { start: number; end: number; text: string } | null {
  const eol = eolOf(text);
  const scalar = entry.scalar as Scalar;
  const [s, e] = scalar.range ?? [0, 0];
  const source = text.slice(s, e);
  if (entry.form === 'long') {
    const map = entry.item;
    if (!isMap(map)) return null;
    if (entry.requiredScalar?.range) {
      const [rs, re] = entry.requiredScalar.range;
      return { start: rs, end: re, text: 'false' };
    }
    if (map.flow) {
      const end = lastItemEnd(map);
      return end === null ? null : { start: end, end, text: ', required: false' };
    }
    const indent = mapKeyIndent(text, map);
    const end = lastItemEnd(map);
    if (indent === null || end === null) return null;
    const ins = insertLinesAfter(text, end);
    return { start: ins.at, end: ins.at, text: renderLines(ins, [`${indent}required: false`], text) };
  }
  if (entry.form === 'list-string') {
    const container = entry.container;
    if (isSeq(container) && container.flow) return { start: s, end: e, text: `{path: ${source}, required: false}` };
    // `- path: x.env` / `required: false` aligned under `path`.
    return { start: s, end: e, text: `path: ${source}${eol}${' '.repeat(columnOf(text, s))}required: false` };
  }
  // `env_file: x.env` → a one-item list under the key.
  const keyIndent = indentOfLine(text, s);
  const colon = text.lastIndexOf(':', s);
  if (colon < 0 || text.slice(colon + 1, s).trim() !== '' || (entry.container as Node) !== scalar) return null;
  const item = `${keyIndent}  - `;
  return { start: colon + 1, end: e, text: `${eol}${item}path: ${source}${eol}${' '.repeat(item.length)}required: false` };
}
