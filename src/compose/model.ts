// A compose file as dockmend needs it: the parsed document for values, and node offsets so
// that fixes splice text instead of re-serialising (yaml's toString() is not byte-faithful).
import { isAlias, isCollection, isMap, isPair, isScalar, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export interface Span {
  start: number;
  end: number;
}

export interface ScalarAt extends Span {
  value: string;
  /** The scalar's source text, quotes included (`"3.8"`, `'3'`, `3.8`). */
  source: string;
}

export interface ComposeBuild {
  /** `build: ./dir` short form. */
  shortForm: boolean;
  context?: ScalarAt;
  dockerfile?: ScalarAt;
  /** `build.target`: the stage the build stops at. */
  target?: ScalarAt;
  dockerfileInline: boolean;
  args: Record<string, string>;
  /** Names of `build.additional_contexts` (usable as `COPY --from=<name>`). */
  additionalContexts: string[];
  /** Where the `build` key's value sits; the fallback position for findings. */
  span: Span;
}

export interface ComposeService {
  name: string;
  key: Span;
  build?: ComposeBuild;
  /** `image:`, the tag a build is given (or the image pulled). */
  image?: ScalarAt;
}

export interface ComposeFile {
  path: string;
  text: string;
  doc: Document.Parsed | null;
  /** Parse errors with offsets; a file with errors has no services. */
  errors: { message: string; start: number; end: number }[];
  /** Top-level mapping, when the document is one. */
  root: YAMLMap | null;
  /** The top-level `version` entry. */
  version?: { key: Span; value: ScalarAt | null };
  services: ComposeService[];
}

/**
 * Alias expansion allowed when a document is read as data (yaml's `maxAliasCount`: uses of an
 * anchor times the aliases inside it). Real compose files stay far below it; a "billion laughs"
 * document exceeds it within a few thousand steps, so the check is cheap either way.
 */
export const MAX_ALIAS_COUNT = 10_000;

export interface YamlProblem {
  message: string;
  start: number;
  end: number;
}

/**
 * Parse YAML as Compose reads it (`<<` merge keys) and list what makes it unusable: syntax
 * errors, duplicate keys (as yaml's `uniqueKeys`, but in linear time: yaml's own check is
 * quadratic in the size of a mapping, minutes for a large file), and alias expansion past
 * MAX_ALIAS_COUNT (billion laughs). Never throws.
 */
export function parseYaml(text: string): { doc: Document.Parsed | null; errors: YamlProblem[] } {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    return { doc: null, errors: [{ message: firstLine(errorMessage(err)), start: 0, end: 0 }] };
  }
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => ({ message: firstLine(e.message), start: e.pos[0], end: e.pos[1] }));
    // Running out of stack is reported once per level unwound: the first says it all.
    const deep = errors.find((e) => e.message === TOO_DEEP);
    return { doc, errors: deep ? [deep] : errors };
  }
  const problems = structureProblems(doc.contents);
  if (problems.length > 0) return { doc, errors: problems };
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof ReferenceError && /alias count/i.test(err.message)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): a "billion laughs" document; not read`
      : firstLine(errorMessage(err));
    return { doc, errors: [{ message, start: 0, end: 0 }] };
  }
  return { doc, errors: [] };
}

/**
 * Keys repeated in one mapping, each reported where it repeats ("Map keys must be unique", as
 * yaml says), and aliases to no earlier anchor. One walk in document order.
 */
function structureProblems(contents: unknown): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const anchors = new Set<string>();
  const stack: unknown[] = [contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        const start = node.range?.[0] ?? 0;
        problems.push({ message: `Unresolved alias (the anchor must be set before the alias): ${node.source}`, start, end: start + 1 });
      }
      continue;
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.add(anchor);
    if (!isCollection(node)) continue;
    const keys = isMap(node) ? new Set<unknown>() : null;
    const children: unknown[] = [];
    for (const item of node.items) {
      if (isPair(item)) {
        // As yaml's own check: scalar keys by value; `<<` merge keys (symbols) may repeat.
        if (keys && isScalar(item.key) && typeof item.key.value !== 'symbol' && !Number.isNaN(item.key.value)) {
          if (keys.has(item.key.value)) {
            const start = item.key.range?.[0] ?? 0;
            problems.push({ message: 'Map keys must be unique', start, end: start + 1 });
          } else keys.add(item.key.value);
        }
        children.push(item.key, item.value);
      } else children.push(item);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return problems.sort((a, b) => a.start - b.start);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Parse with `<<` merge keys resolved, as Compose does. Values are read node by node. */
export function parseComposeFile(path: string, text: string): ComposeFile {
  const file: ComposeFile = { path, text, doc: null, errors: [], root: null, services: [] };
  const { doc, errors } = parseYaml(text);
  file.doc = doc;
  if (!doc || errors.length > 0) {
    file.errors.push(...errors);
    return file;
  }
  if (!isMap(doc.contents)) return file;
  const root = doc.contents;
  file.root = root;

  const versionPair = findPair(doc, root, 'version');
  if (versionPair && isScalar(versionPair.key) && versionPair.key.range) {
    file.version = { key: spanOf(versionPair.key.range), value: scalarAt(text, versionPair.value) };
  }

  const services = findPair(doc, root, 'services')?.value;
  if (isMap(services)) {
    for (const item of services.items) {
      if (!isScalar(item.key) || !item.key.range || typeof item.key.value === 'symbol') continue;
      const name = String(item.key.value);
      const service: ComposeService = { name, key: spanOf(item.key.range) };
      const serviceMap = resolveNode(doc, item.value);
      if (isMap(serviceMap)) {
        const image = scalarAt(text, findPair(doc, serviceMap, 'image')?.value);
        if (image) service.image = image;
        const buildPair = findPair(doc, serviceMap, 'build');
        if (buildPair) service.build = readBuild(doc, text, buildPair, service.key);
      }
      file.services.push(service);
    }
  }
  return file;
}

function readBuild(doc: Document.Parsed, text: string, pair: Pair, fallback: Span): ComposeBuild {
  const value = resolveNode(doc, pair.value);
  const span = value && (value as Node).range ? spanOf((value as Node).range!) : fallback;
  if (isScalar(value)) {
    return { shortForm: true, context: scalarAt(text, value) ?? undefined, dockerfileInline: false, args: {}, additionalContexts: [], span };
  }
  const build: ComposeBuild = { shortForm: false, dockerfileInline: false, args: {}, additionalContexts: [], span };
  if (!isMap(value)) return build;
  build.context = scalarAt(text, findPair(doc, value, 'context')?.value) ?? undefined;
  build.dockerfile = scalarAt(text, findPair(doc, value, 'dockerfile')?.value) ?? undefined;
  build.target = scalarAt(text, findPair(doc, value, 'target')?.value) ?? undefined;
  build.dockerfileInline = findPair(doc, value, 'dockerfile_inline') !== undefined;
  const extra = resolveNode(doc, findPair(doc, value, 'additional_contexts')?.value);
  if (isMap(extra)) {
    for (const item of extra.items) if (isScalar(item.key)) build.additionalContexts.push(String(item.key.value));
  } else if (extra && 'items' in (extra as object)) {
    // List form: `- name=path`.
    for (const item of (extra as { items: unknown[] }).items) {
      if (isScalar(item)) build.additionalContexts.push(String(item.value).split('=')[0]);
    }
  }
  const args = resolveNode(doc, findPair(doc, value, 'args')?.value);
  // maxAliasCount caps alias expansion (billion-laughs documents; parseYaml already refused them).
  let js: unknown;
  try {
    js = args ? (args as Node).toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }) : undefined;
  } catch {
    js = undefined;
  }
  if (Array.isArray(js)) {
    // List form: `- KEY=value`; a bare `- KEY` takes its value from the environment.
    for (const entry of js) {
      const s = String(entry);
      const eq = s.indexOf('=');
      if (eq > 0) build.args[s.slice(0, eq)] = s.slice(eq + 1);
    }
  } else if (js && typeof js === 'object') {
    for (const [k, v] of Object.entries(js)) if (v !== null && v !== undefined) build.args[k] = String(v);
  }
  return build;
}

/** A key's pair in a mapping, following `<<` merge keys as Compose does (own keys win). */
export function findPair(doc: Document.Parsed, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const merges: unknown[] = [];
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    if (item.key.value === key) return item as Pair;
    // With `merge: true`, yaml parses the `<<` key as a Symbol; without it, as the string.
    if (item.key.value === '<<' || typeof item.key.value === 'symbol') merges.push(item.value);
  }
  if (depth > 8) return undefined;
  for (const m of merges) {
    const target = resolveNode(doc, m);
    const sources = isMap(target) ? [target] : target && 'items' in (target as object) ? (target as { items: unknown[] }).items.map((n) => resolveNode(doc, n)) : [];
    for (const source of sources) {
      if (!isMap(source)) continue;
      const found = findPair(doc, source, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function resolveNode(doc: Document.Parsed, node: unknown): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return (node as Node | null) ?? null;
}

function scalarAt(text: string, node: unknown): ScalarAt | null {
  if (!isScalar(node) || !node.range) return null;
  if (node.value === null || node.value === undefined) return null;
  const [start, end] = node.range;
  return { value: String(node.value), start, end, source: text.slice(start, end) };
}

function spanOf(range: readonly [number, number, number]): Span {
  return { start: range[0], end: range[1] };
}

const TOO_DEEP = 'nested too deeply to read (Maximum call stack size exceeded)';

function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return /Maximum call stack size exceeded/.test(line) ? TOO_DEEP : line;
}
