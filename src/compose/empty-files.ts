// Compose files with no content, and whether the way they are run makes Compose refuse them.
//
// compose-go loads each `-f` file's YAML documents and skips a document with no body
// (loader/loader.go loadYamlFile: `if doc.Body == nil { continue // empty file }`); only a
// project whose merged model is empty fails, with "empty compose file" (loader.go load). So an
// empty file merged with others (an override next to its base, one `-f` among several) is
// harmless, while one loaded alone — on its own, as a command line's only file, or through
// `include:` (loader/include.go loads each include as its own project) — is refused.
import { isScalar } from 'yaml';
import type { ComposeProject, Project } from '../project/project.js';
import type { ComposeFile } from './model.js';
import { isExplicitSet } from './projects.js';

export interface EmptyComposeFile {
  file: ComposeFile;
  /** Only comments (and blank lines): a template to fill in. */
  commentsOnly: boolean;
  /** How Compose loads it: alone by its own name, alone by a command line or `include:`, or merged with files that have content. */
  use: 'alone' | 'command line' | 'include' | 'merged';
}

const cache = new WeakMap<Project, EmptyComposeFile[]>();

/** A YAML comment line (`# ...`, after optional indentation). */
const COMMENT_LINE = /^[ \t]*#/m;

export function isEmptyComposeFile(file: ComposeFile): boolean {
  if (file.errors.length > 0 || file.root !== null || !file.doc) return false;
  const contents = file.doc.contents as unknown;
  return contents === null || (isScalar(contents) && (contents.value === null || contents.value === undefined));
}

export function emptyComposeFiles(project: Project): EmptyComposeFile[] {
  let list = cache.get(project);
  if (!list) {
    list = findEmpty(project);
    cache.set(project, list);
  }
  return list;
}

function findEmpty(project: Project): EmptyComposeFile[] {
  const empty = project.composeFiles.filter(isEmptyComposeFile);
  if (empty.length === 0) return [];
  const emptyPaths = new Set(empty.map((f) => f.path));
  const included = new Set<string>();
  const visited = new Set<ComposeProject>();
  const addIncludes = (p: ComposeProject) => {
    if (visited.has(p)) return;
    visited.add(p);
    for (const inc of p.includes ?? []) {
      for (const f of inc.files) included.add(f);
      addIncludes(inc);
    }
  };
  for (const p of project.composeProjects) addIncludes(p);
  return empty.map((file) => {
    const commentsOnly = COMMENT_LINE.test(file.text);
    if (included.has(file.path)) return { file, commentsOnly, use: 'include' as const };
    const projects = project.composeProjects.filter((p) => p.files.includes(file.path));
    if (projects.some((p) => p.files.some((f) => !emptyPaths.has(f)))) return { file, commentsOnly, use: 'merged' as const };
    return { file, commentsOnly, use: projects.some(isExplicitSet) ? ('command line' as const) : ('alone' as const) };
  });
}
