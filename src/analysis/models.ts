// Parsed models of a project's files, parsed once per project and shared by every detector.
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model.js';
import { IgnoreMatcher, parseDockerignore, type IgnoreFile } from '../ignore/matcher.js';
import type { Project } from '../project/project.js';

interface Caches {
  dockerfiles: Map<string, DockerfileModel | null>;
  ignores: Map<string, { file: IgnoreFile; matcher: IgnoreMatcher } | null>;
}

const caches = new WeakMap<Project, Caches>();

function cachesOf(project: Project): Caches {
  let c = caches.get(project);
  if (!c) {
    c = { dockerfiles: new Map(), ignores: new Map() };
    caches.set(project, c);
  }
  return c;
}

/** The Dockerfile's model with these build args (compose `build.args`), or null when unreadable. */
export function dockerfileModel(project: Project, path: string, buildArgs: Record<string, string> = {}): DockerfileModel | null {
  const key = `${path}\0${JSON.stringify(buildArgs)}`;
  const c = cachesOf(project);
  if (!c.dockerfiles.has(key)) {
    const text = project.sources.read(path).text;
    c.dockerfiles.set(key, text === null ? null : parseDockerfile(text, { buildArgs }));
  }
  return c.dockerfiles.get(key)!;
}

/** The parsed ignore file and its matcher, or null when it cannot be read. */
export function ignoreOf(project: Project, path: string): { file: IgnoreFile; matcher: IgnoreMatcher } | null {
  const c = cachesOf(project);
  if (!c.ignores.has(path)) {
    const text = project.sources.read(path).text;
    if (text === null) c.ignores.set(path, null);
    else {
      const file = parseDockerignore(text);
      c.ignores.set(path, { file, matcher: new IgnoreMatcher(file.patterns) });
    }
  }
  return c.ignores.get(path)!;
}
