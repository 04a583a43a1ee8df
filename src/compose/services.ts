// What the compose rules read from each service, with the YAML nodes and offsets their fixes
// splice at. Values are read through aliases and `<<` merge keys as Compose reads them (yaml.v3
// resolves merges before compose-go sees the document); each entry says whether it is the
// service's own text or comes from a merged/aliased block, because editing shared text would
// change every service that uses it.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { resolveNode, type ComposeFile, type Span } from './model.js';

/** A pair of a mapping as Compose sees it: own keys first, then keys merged in by `<<`. */
export interface EffectivePair {
  key: string;
  pair: Pair;
  /** False when the pair comes from a `<<` merge source. */
  own: boolean;
}

const MERGE_DEPTH = 8;

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol');
}

/**
 * Merged pairs by mapping. A parsed document is never changed (a fix edits the text, and the
 * new text is parsed anew), and every rule asks for the same mappings' pairs again.
 */
const merged = new WeakMap<YAMLMap, readonly EffectivePair[]>();

/** The mapping's pairs after `<<` merges (own keys win; earlier merge sources win over later ones). */
export function effectivePairs(doc: Document.Parsed, map: YAMLMap, depth = 0): readonly EffectivePair[] {
  if (depth > 0) return mergePairs(doc, map, depth);
  let pairs = merged.get(map);
  if (!pairs) merged.set(map, (pairs = mergePairs(doc, map, 0)));
  return pairs;
}

function mergePairs(doc: Document.Parsed, map: YAMLMap, depth: number): EffectivePair[] {
  const out: EffectivePair[] = [];
  const seen = new Set<string>();
  const merges: unknown[] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergeKey(item.key)) {
      merges.push(item.value);
      continue;
    }
    if (!isScalar(item.key) || item.key.value === null || item.key.value === undefined) continue;
    const key = String(item.key.value);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, pair: item as Pair, own: true });
  }
  if (depth >= MERGE_DEPTH) return out;
  for (const m of merges) {
    const target = resolveNode(doc, m);
    const sources = isMap(target) ? [target] : isSeq(target) ? target.items.map((n) => resolveNode(doc, n)) : [];
    for (const source of sources) {
      if (!isMap(source)) continue;
      for (const p of effectivePairs(doc, source, depth + 1)) {
        if (seen.has(p.key)) continue;
        seen.add(p.key);
        out.push({ key: p.key, pair: p.pair, own: false });
      }
    }
  }
  return out;
}

export function pairOf(doc: Document.Parsed, map: YAMLMap, key: string): EffectivePair | undefined {
  return effectivePairs(doc, map).find((p) => p.key === key);
}

/** A scalar's string value (numbers and booleans as YAML wrote them), or null. */
export function scalarString(node: unknown): string | null {
  if (!isScalar(node) || node.value === null || node.value === undefined) return null;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'boolean' || typeof node.value === 'bigint') {
    return node.source !== undefined ? String(node.source) : String(node.value);
  }
  return null;
}

export function spanOfNode(node: Node | null | undefined): Span | null {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : null;
}

/**
 * Maps offsets in a scalar's value to offsets in the file, when the scalar's source spells the
 * value literally (plain, or quoted without escapes, on one line). Null otherwise: a fix that
 * must edit inside the value is then not offered.
 */
export function valueOffsets(text: string, node: Scalar): ((i: number) => number) | null {
  if (!node.range || typeof node.value !== 'string') return null;
  const [start, end] = node.range;
  const source = text.slice(start, end);
  const value = node.value;
  if (source.includes('\n')) return null;
  if (node.type === 'PLAIN' && source === value) return (i) => start + i;
  if ((node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') && source.slice(1, -1) === value) return (i) => start + 1 + i;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Walking every value the way Compose interpolates it.

export interface ValueVisit {
  node: Scalar;
  /** compose-go tree.Path segments: keys, `[]` for list items. */
  path: readonly string[];
  /** The pair key scalar the value belongs to, when it is a mapping value. */
}

/** compose-go `tree.Path.String()`: segments joined with dots. */
export function pathString(path: readonly string[]): string {
  return path.join('.');
}

const VISIT_LIMIT = 200_000;

/**
 * Every string-valued scalar reachable from the document root through mappings (after `<<`
 * merges), sequences and aliases, with its path — compose-go interpolates the decoded document,
 * so a value shared through an anchor is interpolated once per place it appears.
 */
export function walkValues(file: ComposeFile, visit: (v: ValueVisit) => void): void {
  const doc = file.doc;
  if (!doc || !file.root) return;
  let visits = 0;
  const walk = (raw: unknown, path: string[], depth: number): void => {
    if (++visits > VISIT_LIMIT || depth > 64) return;
    const node = isAlias(raw) ? resolveNode(doc, raw) : (raw as Node | null);
    if (!node) return;
    if (isScalar(node)) {
      if (typeof node.value === 'string') visit({ node, path });
      return;
    }
    if (isMap(node)) {
      for (const p of effectivePairs(doc, node)) walk(p.pair.value, [...path, p.key], depth + 1);
      return;
    }
    if (isSeq(node)) for (const item of node.items) walk(item, [...path, '[]'], depth + 1);
  };
  walk(file.root, [], 0);
}

// ---------------------------------------------------------------------------------------------
// The service model.

export interface EnvEntry {
  key: string;
  /** null: `- KEY` or `KEY:` (value taken from the environment). */
  value: string | null;
  /** The list item, or the pair's value node (null for `KEY:`). */
  node: Node | null;
  span: Span;
  own: boolean;
}

export type BlockStyle = 'block-map' | 'block-seq' | 'flow-map' | 'flow-seq' | 'empty' | 'other';

export interface EnvironmentInfo {
  /** `environment` as written for this service (after aliases). */
  node: YAMLMap | YAMLSeq | Scalar | null;
  /** The `environment` key is the service's own and its value is not an alias: safe to edit. */
  editable: boolean;
  keySpan: Span;
  style: BlockStyle;
  entries: EnvEntry[];
}

export interface PortEntry {
  /** The list item. */
  node: Node;
  span: Span;
  /** The item is the service's own text (not from an alias / merge). */
  own: boolean;
  kind: 'short' | 'number' | 'long' | 'other';
  /** Short syntax string or number as written. */
  raw?: string;
  scalar?: Scalar;
  long?: Partial<Record<'target' | 'published' | 'host_ip' | 'protocol' | 'mode' | 'app_protocol' | 'name', { value: string; scalar: Scalar }>>;
  /** Long syntax keys that are not part of the spec (the schema rule reports them). */
  index: number;
}

export type RefKind = 'depends_on' | 'links' | 'extends' | 'network_mode' | 'volumes_from' | 'pid' | 'ipc';

export interface ServiceRef {
  kind: RefKind;
  /** The referenced service name. */
  name: string;
  scalar: Scalar;
  /** File offsets of the name inside the scalar, when they can be mapped. */
  nameSpan: Span | null;
  /** `depends_on: {x: {required: false}}`: a missing service is only a warning for Compose. */
  required: boolean;
  own: boolean;
}

export interface EnvFileEntry {
  path: string;
  required: boolean;
  /** The path scalar. */
  scalar: Scalar;
  form: 'string' | 'list-string' | 'long';
  /** The list item (list forms) — a string item or the long-syntax mapping. */
  item: Node | null;
  /** `required:` value node of the long syntax. */
  requiredScalar?: Scalar;
  own: boolean;
  /** The `env_file` value node (string or sequence). */
  container: Node;
}

export interface ServiceInfo {
  name: string;
  file: string;
  key: Span;
  /** The service mapping (after an alias), or null when the service is not a mapping. */
  map: YAMLMap | null;
  /** The service's value is an alias (`web: *base`): its mapping is shared text. */
  aliased: boolean;
  environment?: EnvironmentInfo;
  envFiles: EnvFileEntry[];
  ports: PortEntry[];
  refs: ServiceRef[];
  build?: { context?: string; dockerfile?: string; inline: boolean };
  image?: string;
  profiles: string[];
  extends?: { service: string; file?: string; scalar: Scalar; fileScalar?: Scalar };
}

const cache = new WeakMap<ComposeFile, ServiceInfo[]>();

/** The services of a parsed compose file, memoized per file object. */
export function servicesOf(file: ComposeFile): ServiceInfo[] {
  let list = cache.get(file);
  if (!list) {
    list = readServices(file);
    cache.set(file, list);
  }
  return list;
}

function styleOf(node: Node | null): BlockStyle {
  if (node === null) return 'empty';
  if (isMap(node)) return node.flow ? 'flow-map' : 'block-map';
  if (isSeq(node)) return node.flow ? 'flow-seq' : 'block-seq';
  if (isScalar(node) && (node.value === null || node.value === '')) return 'empty';
  return 'other';
}

function readServices(file: ComposeFile): ServiceInfo[] {
  const doc = file.doc;
  const out: ServiceInfo[] = [];
  if (!doc || !file.root) return out;
  const servicesNode = resolveNode(doc, pairOf(doc, file.root, 'services')?.pair.value);
  if (!isMap(servicesNode)) return out;
  for (const item of servicesNode.items) {
    if (!isPair(item) || !isScalar(item.key) || !item.key.range || isMergeKey(item.key)) continue;
    const name = String(item.key.value);
    const key = { start: item.key.range[0], end: item.key.range[1] };
    const aliased = isAlias(item.value);
    const resolved = resolveNode(doc, item.value);
    const info: ServiceInfo = { name, file: file.path, key, map: isMap(resolved) ? resolved : null, aliased, envFiles: [], ports: [], refs: [], profiles: [] };
    out.push(info);
    if (!info.map) continue;
    const pairs = effectivePairs(doc, info.map);
    const get = (k: string) => pairs.find((p) => p.key === k);
    const ownOf = (p: EffectivePair) => p.own && !aliased;

    const env = get('environment');
    if (env) info.environment = readEnvironment(doc, file.text, env, ownOf(env));
    const envFile = get('env_file');
    if (envFile) info.envFiles = readEnvFiles(doc, envFile, ownOf(envFile));
    const ports = get('ports');
    if (ports) info.ports = readPorts(doc, ports, ownOf(ports));
    info.refs = readRefs(doc, file.text, pairs, ownOf);

    const build = resolveNode(doc, get('build')?.pair.value);
    if (isScalar(build)) info.build = { context: scalarString(build) ?? undefined, inline: false };
    else if (isMap(build)) {
      const bp = effectivePairs(doc, build);
      const s = (k: string) => scalarString(resolveNode(doc, bp.find((p) => p.key === k)?.pair.value)) ?? undefined;
      info.build = { context: s('context'), dockerfile: s('dockerfile'), inline: bp.some((p) => p.key === 'dockerfile_inline') };
    }
    info.image = scalarString(resolveNode(doc, get('image')?.pair.value)) ?? undefined;
    const profiles = resolveNode(doc, get('profiles')?.pair.value);
    if (isSeq(profiles)) info.profiles = profiles.items.map((n) => scalarString(resolveNode(doc, n))).filter((s): s is string => s !== null);
    const ext = resolveNode(doc, get('extends')?.pair.value);
    if (isScalar(ext) && scalarString(ext)) info.extends = { service: scalarString(ext)!, scalar: ext };
    else if (isMap(ext)) {
      const ep = effectivePairs(doc, ext);
      const svc = resolveNode(doc, ep.find((p) => p.key === 'service')?.pair.value);
      const f = resolveNode(doc, ep.find((p) => p.key === 'file')?.pair.value);
      if (isScalar(svc) && scalarString(svc)) {
        info.extends = { service: scalarString(svc)!, scalar: svc };
        if (isScalar(f) && scalarString(f)) {
          info.extends.file = scalarString(f)!;
          info.extends.fileScalar = f;
        }
      }
    }
  }
  return out;
}

function readEnvironment(doc: Document.Parsed, text: string, p: EffectivePair, own: boolean): EnvironmentInfo {
  const keyRange = (p.pair.key as Node).range!;
  const aliased = isAlias(p.pair.value);
  const node = resolveNode(doc, p.pair.value) as YAMLMap | YAMLSeq | Scalar | null;
  const info: EnvironmentInfo = {
    node,
    editable: own && !aliased,
    keySpan: { start: keyRange[0], end: keyRange[1] },
    style: styleOf(node),
    entries: [],
  };
  if (isMap(node)) {
    for (const e of effectivePairs(doc, node)) {
      const v = resolveNode(doc, e.pair.value);
      const span = spanOfNode(e.pair.key as Node) ?? info.keySpan;
      info.entries.push({ key: e.key, value: scalarString(v), node: v, span, own: e.own && info.editable });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const v = resolveNode(doc, item);
      const s = scalarString(v);
      if (s === null) continue;
      const eq = s.indexOf('=');
      const key = eq < 0 ? s : s.slice(0, eq);
      info.entries.push({ key, value: eq < 0 ? null : s.slice(eq + 1), node: v, span: spanOfNode(v) ?? info.keySpan, own: info.editable && !isAlias(item) });
    }
  }
  void text;
  return info;
}

function readEnvFiles(doc: Document.Parsed, p: EffectivePair, own: boolean): EnvFileEntry[] {
  const container = resolveNode(doc, p.pair.value);
  const out: EnvFileEntry[] = [];
  if (!container) return out;
  const editable = own && !isAlias(p.pair.value);
  if (isScalar(container)) {
    const s = scalarString(container);
    if (s !== null) out.push({ path: s, required: true, scalar: container, form: 'string', item: null, own: editable, container });
    return out;
  }
  if (!isSeq(container)) return out;
  for (const raw of container.items) {
    const item = resolveNode(doc, raw);
    const itemOwn = editable && !isAlias(raw);
    if (isScalar(item)) {
      const s = scalarString(item);
      if (s !== null) out.push({ path: s, required: true, scalar: item, form: 'list-string', item, own: itemOwn, container });
    } else if (isMap(item)) {
      const ip = effectivePairs(doc, item);
      const pathNode = resolveNode(doc, ip.find((x) => x.key === 'path')?.pair.value);
      const reqNode = resolveNode(doc, ip.find((x) => x.key === 'required')?.pair.value);
      if (!isScalar(pathNode) || scalarString(pathNode) === null) continue;
      const reqValue = isScalar(reqNode) ? reqNode.value : undefined;
      const required = !(reqValue === false || (typeof reqValue === 'string' && reqValue.toLowerCase() === 'false'));
      const entry: EnvFileEntry = { path: scalarString(pathNode)!, required, scalar: pathNode, form: 'long', item, own: itemOwn, container };
      if (isScalar(reqNode)) entry.requiredScalar = reqNode;
      out.push(entry);
    }
  }
  return out;
}

const LONG_PORT_KEYS = ['target', 'published', 'host_ip', 'protocol', 'mode', 'app_protocol', 'name'] as const;

function readPorts(doc: Document.Parsed, p: EffectivePair, own: boolean): PortEntry[] {
  const seq = resolveNode(doc, p.pair.value);
  const out: PortEntry[] = [];
  if (!isSeq(seq)) return out;
  const editable = own && !isAlias(p.pair.value);
  seq.items.forEach((raw, index) => {
    const node = resolveNode(doc, raw);
    if (!node) return;
    const span = spanOfNode(node) ?? { start: 0, end: 0 };
    const itemOwn = editable && !isAlias(raw);
    if (isScalar(node)) {
      if (typeof node.value === 'number') out.push({ node, span, own: itemOwn, kind: 'number', raw: scalarString(node)!, scalar: node, index });
      else if (typeof node.value === 'string') out.push({ node, span, own: itemOwn, kind: 'short', raw: node.value, scalar: node, index });
      else out.push({ node, span, own: itemOwn, kind: 'other', index });
      return;
    }
    if (isMap(node)) {
      const long: NonNullable<PortEntry['long']> = {};
      for (const e of effectivePairs(doc, node)) {
        if (!(LONG_PORT_KEYS as readonly string[]).includes(e.key)) continue;
        const v = resolveNode(doc, e.pair.value);
        const s = scalarString(v);
        if (s !== null && isScalar(v)) long[e.key as (typeof LONG_PORT_KEYS)[number]] = { value: s, scalar: v };
      }
      out.push({ node, span, own: itemOwn, kind: 'long', long, index });
      return;
    }
    out.push({ node, span, own: itemOwn, kind: 'other', index });
  });
  return out;
}

function refFromScalar(text: string, kind: RefKind, node: unknown, own: boolean, pick: (value: string) => { name: string; at: number } | null, required = true): ServiceRef | null {
  if (!isScalar(node)) return null;
  const value = scalarString(node);
  if (value === null) return null;
  const picked = pick(value);
  if (!picked || picked.name === '') return null;
  const map = valueOffsets(text, node);
  const nameSpan = map ? { start: map(picked.at), end: map(picked.at + picked.name.length) } : null;
  return { kind, name: picked.name, scalar: node, nameSpan, required, own };
}

function readRefs(doc: Document.Parsed, text: string, pairs: readonly EffectivePair[], ownOf: (p: EffectivePair) => boolean): ServiceRef[] {
  const refs: ServiceRef[] = [];
  const push = (r: ServiceRef | null) => {
    if (r) refs.push(r);
  };
  const whole = (v: string) => ({ name: v, at: 0 });
  for (const p of pairs) {
    const own = ownOf(p) && !isAlias(p.pair.value);
    const value = resolveNode(doc, p.pair.value);
    switch (p.key) {
      case 'depends_on':
        if (isSeq(value)) for (const item of value.items) push(refFromScalar(text, 'depends_on', resolveNode(doc, item), own && !isAlias(item), whole));
        else if (isMap(value)) {
          for (const e of effectivePairs(doc, value)) {
            const spec = resolveNode(doc, e.pair.value);
            let required = true;
            if (isMap(spec)) {
              const r = resolveNode(doc, pairOf(doc, spec, 'required')?.pair.value);
              if (isScalar(r) && (r.value === false || String(r.value).toLowerCase() === 'false')) required = false;
            }
            push(refFromScalar(text, 'depends_on', e.pair.key, own && e.own, whole, required));
          }
        }
        break;
      case 'links':
        // `svc` or `svc:alias` (compose-go: strings.Cut(link, ":")).
        if (isSeq(value)) for (const item of value.items) push(refFromScalar(text, 'links', resolveNode(doc, item), own && !isAlias(item), (v) => ({ name: v.split(':')[0]!, at: 0 })));
        break;
      case 'volumes_from':
        // `svc`, `svc:ro`, `svc:rw`; `container:name[:mode]` names a container, not a service.
        if (isSeq(value))
          for (const item of value.items)
            push(
              refFromScalar(text, 'volumes_from', resolveNode(doc, item), own && !isAlias(item), (v) => (v.startsWith('container:') ? null : { name: v.split(':')[0]!, at: 0 })),
            );
        break;
      case 'network_mode':
      case 'pid':
      case 'ipc':
        push(refFromScalar(text, p.key, value, own, (v) => (v.startsWith('service:') ? { name: v.slice('service:'.length), at: 'service:'.length } : null)));
        break;
      case 'extends': {
        if (isScalar(value)) push(refFromScalar(text, 'extends', value, own, whole));
        else if (isMap(value)) {
          const hasFile = effectivePairs(doc, value).some((e) => e.key === 'file');
          // With `file:`, the service is looked up in that file (checked by the project model).
          if (!hasFile) push(refFromScalar(text, 'extends', resolveNode(doc, pairOf(doc, value, 'service')?.pair.value), own, whole));
        }
        break;
      }
    }
  }
  return refs;
}

// ---------------------------------------------------------------------------------------------
// Top-level `include:`.

export interface IncludeEntry {
  /** Paths as written (a list for `path: [a, b]`, merged as one sub-project). */
  paths: string[];
  projectDirectory?: string;
  envFiles: string[];
  node: Node;
}

export function includesOf(file: ComposeFile): IncludeEntry[] {
  const doc = file.doc;
  if (!doc || !file.root) return [];
  const value = resolveNode(doc, pairOf(doc, file.root, 'include')?.pair.value);
  if (!isSeq(value)) return [];
  const out: IncludeEntry[] = [];
  for (const raw of value.items) {
    const item = resolveNode(doc, raw);
    if (!item) continue;
    if (isScalar(item)) {
      const s = scalarString(item);
      if (s) out.push({ paths: [s], envFiles: [], node: item });
    } else if (isMap(item)) {
      const ip = effectivePairs(doc, item);
      const get = (k: string) => resolveNode(doc, ip.find((x) => x.key === k)?.pair.value);
      const list = (n: Node | null): string[] =>
        isScalar(n) ? [scalarString(n)].filter((s): s is string => !!s) : isSeq(n) ? n.items.map((x) => scalarString(resolveNode(doc, x))).filter((s): s is string => !!s) : [];
      const paths = list(get('path'));
      if (paths.length === 0) continue;
      const dir = scalarString(get('project_directory'));
      out.push({ paths, envFiles: list(get('env_file')), node: item, ...(dir ? { projectDirectory: dir } : {}) });
    }
  }
  return out;
}
