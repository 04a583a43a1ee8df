// Parses kept for as long as a file's text is the same string: parsing is the costly part of a
// scan and the fix engine re-detects after every pass, so an unchanged file is parsed once per
// run, whatever the number of passes. A leaf module: the project model uses it while it is
// built, and it knows nothing of the project model.
import { parseComposeFile, type ComposeFile } from '../compose/model.js';
import { lexDockerfile, parseDockerfile, type DockerfileModel, type LexedDockerfile } from '../dockerfile/model.js';
import { timed } from '../timing.js';

export interface Parsed<T> {
  text: string;
  value: T;
}

/** Keyed by the SourceStore (one per session), then by path and build args. */
const dockerfiles = new WeakMap<object, Map<string, Parsed<DockerfileModel>>>();

export function cached<T>(store: WeakMap<object, Map<string, Parsed<T>>>, owner: object, key: string, text: string, parse: () => T): T {
  let map = store.get(owner);
  if (!map) store.set(owner, (map = new Map()));
  const hit = map.get(key);
  if (hit && hit.text === text) return hit.value;
  const value = parse();
  map.set(key, { text, value });
  return value;
}

const composeFiles = new WeakMap<object, Map<string, Parsed<ComposeFile>>>();

/** A compose file's parse (read-only: detectors never mutate it). */
export function parseComposeCached(owner: object, path: string, text: string): ComposeFile {
  return cached(composeFiles, owner, path, text, () => timed('parse compose files', () => parseComposeFile(path, text)));
}

const lexedDockerfiles = new WeakMap<object, Map<string, Parsed<LexedDockerfile | undefined>>>();

/** undefined when the text cannot be lexed: parseDockerfile then gives its empty model. */
function lexSafely(text: string): LexedDockerfile | undefined {
  try {
    return lexDockerfile(text);
  } catch {
    return undefined;
  }
}

/** The Dockerfile's instructions before expansion (undefined when the text cannot be lexed). */
export function lexDockerfileCached(owner: object, path: string, text: string): LexedDockerfile | undefined {
  return cached(lexedDockerfiles, owner, path, text, () => lexSafely(text));
}

/**
 * The model of a Dockerfile's text with these build args (compose `build.args`). The text is
 * lexed once whatever the number of build-arg sets: only the expansion is done again.
 */
export function parseDockerfileCached(owner: object, path: string, text: string, buildArgs: Record<string, string> = {}): DockerfileModel {
  return cached(dockerfiles, owner, `${path}\0${JSON.stringify(buildArgs)}`, text, () =>
    timed('parse Dockerfiles', () => {
      const lexed = cached(lexedDockerfiles, owner, path, text, () => lexSafely(text));
      return parseDockerfile(text, { buildArgs, lexed });
    }),
  );
}

