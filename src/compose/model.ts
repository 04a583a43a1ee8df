// A compose file as dockmend needs it: the parsed document for values, and node offsets so
// that fixes splice text instead of re-serialising (yaml's toString() is not byte-faithful).
import { isAlias, isMap, isPair, isScalar, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

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

/** Parse with `<<` merge keys resolved, as Compose does. Values are read node by node. */
export function parseComposeFile(path: string, text: string): ComposeFile {
  const file: ComposeFile = { path, text, doc: null, errors: [], root: null, services: [] };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    file.errors.push({ message: (err as Error).message, start: 0, end: 0 });
    return file;
  }
  file.doc = doc;
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      file.errors.push({ message: firstLine(e.message), start: e.pos[0], end: e.pos[1] });
    }
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
  // maxAliasCount caps alias expansion (billion-laughs documents).
  let js: unknown;
  try {
    js = args ? (args as Node).toJS(doc, { maxAliasCount: 100 }) : undefined;
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

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
