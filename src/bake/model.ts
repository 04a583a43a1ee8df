// Bake files read as Bake reads them (docker/buildx bake/bake.go, bake/hclparser): the files of
// one invocation merged in order, variables with their defaults, global attributes, user
// functions, targets with `inherits`, groups and static matrices. Each target that is built
// becomes a BakeTarget: the values the build uses, where the context and Dockerfile paths are
// written (for findings and byte-exact fixes), and what could not be known.
import type { Span } from '../compose/model.js';
import { evaluate, isUnknown, toStringValue, UNKNOWN, type Scope, type UserFunction, type Value } from './expr.js';
import { parseHcl } from './hcl-parse.js';
import { scanBake, type AttributeAt, type BlockAt, type FileSpans } from './spans.js';

/** How a set of Bake files was found: the default files of a directory, or a command line's `-f` files. */
export type BakeFoundBy = { kind: 'default' } | { kind: 'invocation'; file: string; line: number; command: string };

export interface BakeSet {
  /** Root-relative files, in the order Bake reads (and merges) them. */
  files: string[];
  /** Files of the set outside the repository (a CI expression), which may define more targets. */
  external?: string[];
  /**
   * Services of the compose files Bake reads with the set (the directory's default compose file,
   * or `-f compose.yaml`): Bake merges a service's build into the target of the same name
   * (bake.go ParseFiles, then mergeConfig), and dockmend checks that build as a compose build.
   */
  composeServices?: string[];
  /** The working directory Bake runs in: contexts resolve against it (root-relative). */
  cwd: string;
  foundBy: BakeFoundBy;
}

/** Where an attribute of a target is written. */
export interface AttributeRef {
  file: string;
  format: 'hcl' | 'json';
  eol: string;
  /** The label of the block it is written in. */
  block: string;
  /** Written in the target's own block (not inherited): editing it changes this target only. */
  own: boolean;
  attribute: AttributeAt;
  /** The first attribute of that block, to insert a sibling after when the attribute is absent. */
  blockAttributes: readonly AttributeAt[];
}

export interface BakeTarget {
  name: string;
  /** The file and label of the target's (last) block. */
  file: string;
  labelSpan: Span;
  /** The context as written (default `.`), null when it cannot be computed. */
  context: string | null;
  contextAt?: AttributeRef;
  /** The Dockerfile as written, relative to the context (default `Dockerfile`); null when it cannot be computed. */
  dockerfile: string | null;
  dockerfileAt?: AttributeRef;
  dockerfileInline: boolean;
  /** The first own attribute of the target's block, for inserting a missing one after it. */
  ownBlock?: { file: string; format: 'hcl' | 'json'; eol: string; attributes: readonly AttributeAt[] };
  target?: string;
  args: Record<string, string>;
  /** Named contexts (`contexts = { name = "…" }`). */
  contexts: Record<string, string>;
  tags: string[];
  /** Attributes whose value depends on a variable the repository gives no value (no default). */
  uncertain: Set<string>;
  /** A template other targets inherit from, not built on its own (see the end of readBakeSet). */
  inheritedOnly: boolean;
  /** Inherits (maybe through other targets) a service of the compose files Bake reads, whose build this model does not hold. */
  inheritsService: boolean;
  /** The attributes the target has (its own and inherited ones). */
  written: string[];
  /** The tags read a Bake variable: the build's environment may name other tags of the same repositories. */
  tagsVary: boolean;
}

export type BakeProblem =
  /**
   * A file dockmend cannot read. `invalid`: the file itself is broken (not text, not valid HCL
   * or JSON, unreadable), so Bake fails on it too; otherwise only dockmend cannot read it (its
   * HCL parser did not load or answer, or the file is encrypted with git-crypt).
   */
  | { kind: 'unreadable'; file: string; message: string; invalid: boolean }
  | { kind: 'unknown-target'; file: string; span: Span; name: string; from: { kind: 'inherits' | 'group'; name: string } }
  | { kind: 'unknown-value'; file: string; span: Span; target: string; attribute: string }
  /** A variable's default dockmend cannot compute: reported once there, not at each value using it. */
  | { kind: 'unknown-variable'; file: string; span: Span; variable: string };

export interface BakeModel {
  set: BakeSet;
  targets: BakeTarget[];
  problems: BakeProblem[];
}

interface ReadFile {
  path: string;
  format: 'hcl' | 'json';
  body: Record<string, unknown>;
  spans: FileSpans | null;
}

/** One block body as hcl2json gives it, and where it is written. */
interface Body {
  raw: Record<string, unknown>;
  file: ReadFile;
  block: BlockAt | undefined;
}

const BLOCK_TYPES = new Set(['variable', 'target', 'group', 'function']);

/** Whether a Bake file is read as JSON (by its name, as Bake tries JSON for `.json`). */
function formatOf(path: string): 'hcl' | 'json' {
  return path.endsWith('.json') ? 'json' : 'hcl';
}

function readFile(path: string, text: string, problems: BakeProblem[]): ReadFile | null {
  const format = formatOf(path);
  // A file of NUL bytes (a placeholder, a binary) is not a Bake file dockmend can read.
  if (text.includes('\u0000')) {
    problems.push({ kind: 'unreadable', file: path, message: 'the file is not text', invalid: true });
    return null;
  }
  let body: Record<string, unknown>;
  if (format === 'json') {
    try {
      const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
      body = parsed as Record<string, unknown>;
    } catch (e) {
      problems.push({ kind: 'unreadable', file: path, message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}`, invalid: true });
      return null;
    }
  } else {
    const r = parseHcl(path, text);
    if (!r.ok) {
      problems.push({ kind: 'unreadable', file: path, message: r.message, invalid: r.syntax });
      return null;
    }
    body = r.body;
  }
  return { path, format, body, spans: scanBake(text, format) };
}

/** The bodies of the blocks of a type, by label, in file order (JSON: one body per label, or a list). */
function blocksOf(file: ReadFile, type: string): Map<string, Body[]> {
  const out = new Map<string, Body[]>();
  const section = file.body[type];
  if (section === null || typeof section !== 'object' || Array.isArray(section)) return out;
  const scanned = file.spans?.blocks.filter((b) => b.type === type) ?? [];
  for (const [label, value] of Object.entries(section as Record<string, unknown>)) {
    const bodies = (Array.isArray(value) ? value : [value]).filter((b): b is Record<string, unknown> => b !== null && typeof b === 'object' && !Array.isArray(b));
    const spans = scanned.filter((b) => b.label === label);
    out.set(
      label,
      bodies.map((raw, i) => ({ raw, file, block: spans.length === bodies.length ? spans[i] : undefined })),
    );
  }
  return out;
}

function attributeOf(body: Body, name: string): AttributeAt | undefined {
  return body.block?.attributes.find((a) => a.name === name);
}

/** Read and evaluate one set of Bake files. `read` returns a file's text, or null and why it is unreadable. */
export function readBakeSet(set: BakeSet, read: (path: string) => { text: string | null; problem?: string; binary?: 'git-crypt' }): BakeModel {
  const problems: BakeProblem[] = [];
  const files: ReadFile[] = [];
  for (const path of set.files) {
    const { text, problem, binary } = read(path);
    if (text === null) {
      problems.push({ kind: 'unreadable', file: path, message: problem ?? 'cannot read file', invalid: binary !== 'git-crypt' });
      continue;
    }
    const f = readFile(path, text, problems);
    if (f) files.push(f);
  }

  // Definitions merged across files, later files winning (hclparser MergeFiles).
  const variables = new Map<string, { raw: unknown; hasDefault: boolean; body: Body }>();
  const globals = new Map<string, unknown>();
  const functions = new Map<string, UserFunction>();
  const targetBodies = new Map<string, Body[]>();
  const groupBodies = new Map<string, Body[]>();
  for (const f of files) {
    for (const [name, bodies] of blocksOf(f, 'variable')) {
      for (const b of bodies) variables.set(name, { raw: b.raw.default, hasDefault: 'default' in b.raw, body: b });
    }
    for (const [name, bodies] of blocksOf(f, 'function')) {
      const b = bodies[bodies.length - 1]!.raw;
      const params = Array.isArray(b.params) ? b.params.map(paramName) : [];
      const variadic = typeof b.variadic_params === 'string' ? paramName(b.variadic_params) : undefined;
      if (params.every((p): p is string => p !== null) && 'result' in b) functions.set(name, { params, ...(variadic ? { variadic } : {}), result: b.result });
    }
    for (const [name, bodies] of blocksOf(f, 'target')) targetBodies.set(name, [...(targetBodies.get(name) ?? []), ...bodies]);
    for (const [name, bodies] of blocksOf(f, 'group')) groupBodies.set(name, [...(groupBodies.get(name) ?? []), ...bodies]);
    for (const [name, raw] of Object.entries(f.body)) if (!BLOCK_TYPES.has(name)) globals.set(name, raw);
  }

  // Values of variables and global attributes, with whether they depend on a variable the
  // repository does not set. Bake takes a variable from the environment when set, else its
  // default; a variable with no default is "" unless the environment sets it (hclparser.go
  // resolveValue: `LookupVar` is os.LookupEnv — no `.env` file is read for HCL variables).
  // dockmend reads the repository, not a shell: defaults are the documented values.
  // `varying`: the value reads a `variable`, which the environment of the build may override.
  // `reported`: the value is unknown and was reported where it is defined.
  const memo = new Map<string, { value: Value; uncertain: boolean; varying: boolean; reported?: boolean }>();
  const progress = new Set<string>();
  const valueOf = (name: string): { value: Value; uncertain: boolean; varying: boolean; reported?: boolean } | undefined => {
    const known = memo.get(name);
    if (known) return known;
    const isGlobal = globals.has(name);
    const v = variables.get(name);
    // Bake's built-in variable: the context of the command, `cwd://` for a local run
    // (buildx commands/bake.go passes {"BAKE_CMD_CONTEXT": cmdContext} to ReadTargets).
    if (!isGlobal && !v && name === 'BAKE_CMD_CONTEXT') return { value: 'cwd://', uncertain: false, varying: true };
    if (!isGlobal && !v) return undefined;
    if (progress.has(name)) return { value: UNKNOWN, uncertain: false, varying: false };
    progress.add(name);
    let result: { value: Value; uncertain: boolean; varying: boolean; reported?: boolean };
    if (isGlobal || v!.hasDefault) {
      const s = tracking(new Map());
      result = { value: evaluate(isGlobal ? globals.get(name) : v!.raw, s.scope), uncertain: s.uncertain(), varying: !isGlobal || s.varying() };
      if (!isGlobal && isUnknown(result.value)) {
        if (!s.upstream()) {
          const span = attributeOf(v!.body, 'default')?.value ?? v!.body.block?.labelSpan ?? { start: 0, end: 0 };
          problems.push({ kind: 'unknown-variable', file: v!.body.file.path, span, variable: name });
        }
        result.reported = true;
      }
    } else result = { value: '', uncertain: true, varying: true };
    progress.delete(name);
    memo.set(name, result);
    return result;
  };
  /** A scope over the set's names (and `extra` ones: matrix values), noting uncertain reads. */
  function tracking(extra: ReadonlyMap<string, Value>): { scope: Scope; uncertain(): boolean; varying(): boolean; upstream(): boolean } {
    let uncertain = false;
    let varying = false;
    let upstream = false;
    const scope: Scope = {
      lookup: (name) => {
        if (extra.has(name)) return extra.get(name);
        const r = valueOf(name);
        if (r?.uncertain) uncertain = true;
        if (r?.varying) varying = true;
        if (r?.reported) upstream = true;
        return r?.value;
      },
      functions,
    };
    return { scope, uncertain: () => uncertain, varying: () => varying, upstream: () => upstream };
  }

  // Matrix targets: one target per combination, named by `name` (bake/hclparser: a block with a
  // `matrix` is expanded, and its label becomes a group of the generated targets).
  interface Instance {
    name: string;
    bodies: Body[];
    combo: ReadonlyMap<string, Value>;
  }
  const instances = new Map<string, Instance>();
  const groups = new Map<string, { members: { name: string; span: Span | undefined; file: string }[]; file: string }>();
  const reportedUnknown = new Set<string>();
  const unknownValue = (body: Body, target: string, attribute: string) => {
    const at = attributeOf(body, attribute);
    const span = at?.value ?? body.block?.labelSpan ?? { start: 0, end: 0 };
    const key = `${body.file.path}:${span.start}:${attribute}`;
    if (reportedUnknown.has(key)) return;
    reportedUnknown.add(key);
    problems.push({ kind: 'unknown-value', file: body.file.path, span, target, attribute });
  };
  for (const [label, bodies] of targetBodies) {
    const withMatrix = bodies.filter((b) => 'matrix' in b.raw);
    if (withMatrix.length === 0) {
      instances.set(label, { name: label, bodies, combo: new Map() });
      continue;
    }
    const body = withMatrix[0]!;
    const matrix = evaluate(body.raw.matrix, tracking(new Map()).scope);
    if (bodies.length !== 1 || isUnknown(matrix) || matrix === null || typeof matrix !== 'object' || Array.isArray(matrix)) {
      unknownValue(body, label, 'matrix');
      continue;
    }
    let combos: Map<string, Value>[] = [new Map()];
    for (const [key, values] of Object.entries(matrix)) {
      if (!Array.isArray(values)) {
        combos = [];
        break;
      }
      combos = combos.flatMap((c) => values.map((v) => new Map([...c, [key, v]])));
    }
    const names: string[] = [];
    for (const combo of combos.slice(0, 256)) {
      const name = toStringValue(evaluate(body.raw.name ?? label, tracking(combo).scope));
      if (name === UNKNOWN) {
        unknownValue(body, label, 'name');
        continue;
      }
      names.push(name);
      instances.set(name, { name, bodies, combo });
    }
    if (names.length > 0) groups.set(label, { members: names.map((name) => ({ name, span: undefined, file: body.file.path })), file: body.file.path });
  }

  for (const [label, bodies] of groupBodies) {
    const members: { name: string; span: Span | undefined; file: string }[] = [...(groups.get(label)?.members ?? [])];
    for (const b of bodies) {
      const list = evaluate(b.raw.targets, tracking(new Map()).scope);
      const items = attributeOf(b, 'targets')?.items;
      if (!Array.isArray(list)) {
        if (b.raw.targets !== undefined) unknownValue(b, label, 'targets');
        continue;
      }
      list.forEach((t, i) => {
        if (typeof t === 'string' && !members.some((m) => m.name === t)) members.push({ name: t, span: items?.[i], file: b.file.path });
      });
    }
    groups.set(label, { members, file: bodies[bodies.length - 1]!.file.path });
  }

  // A target's attributes: its bodies merged in order, each evaluated with the matrix values.
  interface Attr {
    value: Value;
    uncertain: boolean;
    varying: boolean;
    /** Read a variable whose unknown value is reported where it is defined. */
    upstream: boolean;
    body: Body;
  }
  const MAP_ATTRIBUTES = new Set(['args', 'contexts', 'labels', 'annotations']);
  // bake.go Target.Merge: a null entry of the later map keeps the earlier value ("if v == nil { continue }").
  const mergeMaps = (earlier: Record<string, Value>, later: Record<string, Value>): Record<string, Value> => {
    const out = { ...earlier };
    for (const [k, v] of Object.entries(later)) if (v !== null || !(k in out)) out[k] = v;
    return out;
  };
  const ownAttrs = (inst: Instance): Map<string, Attr> => {
    const out = new Map<string, Attr>();
    for (const body of inst.bodies) {
      for (const [name, raw] of Object.entries(body.raw)) {
        if (name === 'matrix' || name === 'name') continue;
        const s = tracking(inst.combo);
        const value = evaluate(raw, s.scope);
        const prev = out.get(name);
        // Maps merge key by key (bake.go Target.Merge: args, contexts, labels); others replace.
        if (prev && MAP_ATTRIBUTES.has(name) && isMap(prev.value) && isMap(value)) out.set(name, { value: mergeMaps(prev.value, value), uncertain: prev.uncertain || s.uncertain(), varying: prev.varying || s.varying(), upstream: prev.upstream || s.upstream(), body });
        else out.set(name, { value, uncertain: s.uncertain(), varying: s.varying(), upstream: s.upstream(), body });
      }
    }
    return out;
  };

  // Bake reads the compose files of its directory too: their services are targets (bake.go
  // defaultFilenames, ParseFiles → ParseComposeFiles), named as sanitizeTargetName makes them.
  const serviceTargets = new Set((set.composeServices ?? []).map((n) => n.replace(/\./g, '_')));
  /** Targets that inherit (maybe through other targets) a compose service's build, which this model does not hold. */
  const inheritsService = new Set<string>();
  const inherited = new Set<string>();
  /** Targets some of whose heirs write their own `context` or `dockerfile`: not meant to be built as they are. */
  const overriddenByHeirs = new Set<string>();
  const resolved = new Map<string, Map<string, Attr> | null>();
  const resolve = (name: string, depth: number): Map<string, Attr> | null => {
    if (resolved.has(name)) return resolved.get(name)!;
    const inst = instances.get(name);
    if (!inst || depth > 32) return null;
    resolved.set(name, null); // a cycle stops here, as bake.go `visited` does
    const own = ownAttrs(inst);
    const merged = new Map<string, Attr>();
    const inherits = own.get('inherits');
    if (inherits) {
      const parents = Array.isArray(inherits.value) ? inherits.value : [];
      const items = attributeOf(inherits.body, 'inherits')?.items;
      if (!Array.isArray(inherits.value)) unknownValue(inherits.body, name, 'inherits');
      parents.forEach((p, i) => {
        if (typeof p !== 'string') return;
        inherited.add(p);
        if (PATH_ATTRIBUTES.some((a) => own.has(a))) overriddenByHeirs.add(p);
        const parent = instances.has(p) ? resolve(p, depth + 1) : null;
        if (inheritsService.has(p) || (!instances.has(p) && serviceTargets.has(p))) inheritsService.add(name);
        if (!instances.has(p) && serviceTargets.has(p)) return;
        if (!instances.has(p)) {
          problems.push({ kind: 'unknown-target', file: inherits.body.file.path, span: items?.[i] ?? attributeOf(inherits.body, 'inherits')?.value ?? inherits.body.block?.labelSpan ?? { start: 0, end: 0 }, name: p, from: { kind: 'inherits', name } });
          return;
        }
        if (!parent) return;
        for (const [k, a] of parent) {
          const prev = merged.get(k);
          if (prev && MAP_ATTRIBUTES.has(k) && isMap(prev.value) && isMap(a.value)) merged.set(k, { ...a, value: mergeMaps(prev.value, a.value), uncertain: prev.uncertain || a.uncertain, varying: prev.varying || a.varying, upstream: prev.upstream || a.upstream });
          else merged.set(k, a);
        }
      });
    }
    for (const [k, a] of own) {
      if (k === 'inherits') continue;
      const prev = merged.get(k);
      if (prev && MAP_ATTRIBUTES.has(k) && isMap(prev.value) && isMap(a.value)) merged.set(k, { ...a, value: mergeMaps(prev.value, a.value), uncertain: prev.uncertain || a.uncertain, varying: prev.varying || a.varying, upstream: prev.upstream || a.upstream });
      else merged.set(k, a);
    }
    resolved.set(name, merged);
    return merged;
  };
  for (const name of instances.keys()) resolve(name, 0);

  // A group naming no target (nor group): `docker buildx bake <group>` fails ("failed to find target").
  for (const [label, g] of groups) {
    for (const m of g.members) {
      if (instances.has(m.name) || groups.has(m.name) || serviceTargets.has(m.name) || m.span === undefined) continue;
      problems.push({ kind: 'unknown-target', file: m.file, span: m.span, name: m.name, from: { kind: 'group', name: label } });
    }
  }
  const grouped = new Set([...groups.values()].flatMap((g) => g.members.map((m) => m.name)));

  const targets: BakeTarget[] = [];
  for (const inst of instances.values()) {
    const attrs = resolved.get(inst.name);
    if (!attrs) continue;
    const last = inst.bodies[inst.bodies.length - 1]!;
    const uncertain = new Set<string>();
    const refOf = (name: string): AttributeRef | undefined => {
      const a = attrs.get(name);
      const at = a ? attributeOf(a.body, name) : undefined;
      if (!a || !at || !a.body.block) return undefined;
      return { file: a.body.file.path, format: a.body.file.format, eol: a.body.file.spans?.eol ?? '\n', block: a.body.block.label, own: inst.bodies.includes(a.body), attribute: at, blockAttributes: a.body.block.attributes };
    };
    const stringAttr = (name: string, fallback: string | undefined): string | null | undefined => {
      const a = attrs.get(name);
      if (!a) return fallback;
      if (a.uncertain) uncertain.add(name);
      const s = a.value === null ? fallback : toStringValue(a.value);
      if (s === UNKNOWN) {
        if (!a.upstream) unknownValue(a.body, inst.name, name);
        return null;
      }
      return s === '' && fallback !== undefined ? fallback : s;
    };
    const mapAttr = (name: string): Record<string, string> => {
      const a = attrs.get(name);
      const out: Record<string, string> = {};
      if (!a) return out;
      if (a.uncertain) uncertain.add(name);
      if (!isMap(a.value)) {
        if (!a.upstream) unknownValue(a.body, inst.name, name);
        return out;
      }
      for (const [k, v] of Object.entries(a.value)) {
        if (v === null) continue; // a null build arg is not passed (bake.go toBuildOpt)
        const s = toStringValue(v);
        if (s === UNKNOWN) {
          if (!a.upstream) unknownValue(a.body, inst.name, name);
        } else out[k] = s;
      }
      return out;
    };
    const context = stringAttr('context', '.');
    const dockerfile = stringAttr('dockerfile', 'Dockerfile');
    const target = stringAttr('target', undefined);
    const tagsAttr = attrs.get('tags');
    const tags = tagsAttr && Array.isArray(tagsAttr.value) ? tagsAttr.value.filter((t): t is string => typeof t === 'string') : [];
    // Tags only let other Dockerfiles' FROM be followed to this build: the ones known are kept,
    // and only tags of which none can be computed are reported.
    if (tagsAttr && !tagsAttr.upstream && (!Array.isArray(tagsAttr.value) || (tags.length === 0 && tagsAttr.value.length > 0))) unknownValue(tagsAttr.body, inst.name, 'tags');
    const contextAt = refOf('context');
    const dockerfileAt = refOf('dockerfile');
    targets.push({
      name: inst.name,
      file: last.file.path,
      labelSpan: last.block?.labelSpan ?? { start: 0, end: 0 },
      context: context ?? null,
      ...(contextAt ? { contextAt } : {}),
      dockerfile: dockerfile ?? null,
      ...(dockerfileAt ? { dockerfileAt } : {}),
      dockerfileInline: attrs.has('dockerfile-inline'),
      ...(last.block ? { ownBlock: { file: last.file.path, format: last.file.format, eol: last.file.spans?.eol ?? '\n', attributes: last.block.attributes } } : {}),
      ...(typeof target === 'string' && target !== '' ? { target } : {}),
      args: mapAttr('args'),
      contexts: mapAttr('contexts'),
      tags,
      uncertain,
      inheritedOnly: false,
      inheritsService: inheritsService.has(inst.name),
      tagsVary: tagsAttr?.varying ?? false,
      written: [...attrs.keys()],
    });
  }
  // A template: a target other targets inherit from, that no group names, and that is not a
  // build of its own — named `_…`, writing no context or Dockerfile itself, or one whose heirs
  // replace its context or Dockerfile. A target that heirs only specialise (`target`, `args`)
  // is built too (frappe_docker: `bench-test` inherits `bench`).
  // A target another one links as a named context (`target:x`) is built (bake.go loadLinks).
  const linked = new Set(targets.flatMap((t) => Object.values(t.contexts).filter((v) => v.startsWith('target:')).map((v) => v.slice('target:'.length))));
  for (const t of targets) {
    const inst = instances.get(t.name)!;
    const writesPath = inst.bodies.some((b) => PATH_ATTRIBUTES.some((a) => a in b.raw));
    t.inheritedOnly = inherited.has(t.name) && !grouped.has(t.name) && !linked.has(t.name) && (t.name.startsWith('_') || !writesPath || overriddenByHeirs.has(t.name));
  }
  return { set, targets, problems };
}

const PATH_ATTRIBUTES = ['context', 'dockerfile', 'dockerfile-inline'];

function isMap(v: Value): v is { [key: string]: Value } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A function parameter as hcl2json gives it: `${name}`. */
function paramName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(raw);
  return m ? m[1]! : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(raw) ? raw : null;
}
