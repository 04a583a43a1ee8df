// Validation against the Compose Specification JSON schema, the way compose-go validates: on
// the document after interpolation and type casting (loader/loader.go: Interpolate, then
// schema.Validate; casts from loader/interpolate.go interpolateTypeCastMapping). Values that
// depend on variables dockmend cannot know are not judged.
//
// The validator is generated ahead of time (src/compose/compose-spec.generated.ts, see
// schema-generate.ts) and instantiated on first use, so that a scan that does not run this
// rule pays only for pre-parsing its code.
import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { LineIndex } from '../text.js';
import { createValidator } from './compose-spec.generated.js';
import type { ProjectVariables } from './env.js';
import { interpolate } from './interpolate.js';
import { resolveNode, type ComposeFile } from './model.js';
import { nearestName } from './names.js';
import { effectivePairs } from './services.js';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** With ajv's `verbose`: the schema object holding the failed keyword. */
  parentSchema?: { properties?: Record<string, unknown> };
}

type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

let validator: Validate | undefined;

function validate(data: unknown): AjvError[] {
  validator ??= createValidator() as Validate;
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

// compose-go loader/interpolate.go (v2): values at these paths are cast after interpolation.
type Cast = 'int' | 'float' | 'bool';
const CASTS: [string, Cast][] = [
  ['services.*.configs.[].mode', 'int'],
  ['services.*.cpu_count', 'int'],
  ['services.*.cpu_percent', 'float'],
  ['services.*.cpu_period', 'int'],
  ['services.*.cpu_quota', 'int'],
  ['services.*.cpu_rt_period', 'int'],
  ['services.*.cpu_rt_runtime', 'int'],
  ['services.*.cpus', 'float'],
  ['services.*.cpu_shares', 'int'],
  ['services.*.init', 'bool'],
  ['services.*.deploy.replicas', 'int'],
  ['services.*.deploy.update_config.parallelism', 'int'],
  ['services.*.deploy.update_config.max_failure_ratio', 'float'],
  ['services.*.deploy.rollback_config.parallelism', 'int'],
  ['services.*.deploy.rollback_config.max_failure_ratio', 'float'],
  ['services.*.deploy.restart_policy.max_attempts', 'int'],
  ['services.*.deploy.placement.max_replicas_per_node', 'int'],
  ['services.*.healthcheck.retries', 'int'],
  ['services.*.healthcheck.disable', 'bool'],
  ['services.*.oom_kill_disable', 'bool'],
  ['services.*.oom_score_adj', 'int'],
  ['services.*.pids_limit', 'int'],
  ['services.*.ports.[].target', 'int'],
  ['services.*.privileged', 'bool'],
  ['services.*.read_only', 'bool'],
  ['services.*.scale', 'int'],
  ['services.*.secrets.[].mode', 'int'],
  ['services.*.stdin_open', 'bool'],
  ['services.*.tty', 'bool'],
  ['services.*.ulimits.*', 'int'],
  ['services.*.ulimits.*.hard', 'int'],
  ['services.*.ulimits.*.soft', 'int'],
  ['services.*.volumes.[].read_only', 'bool'],
  ['services.*.volumes.[].volume.nocopy', 'bool'],
  ['networks.*.external', 'bool'],
  ['networks.*.internal', 'bool'],
  ['networks.*.attachable', 'bool'],
  ['networks.*.enable_ipv6', 'bool'],
  ['volumes.*.external', 'bool'],
  ['secrets.*.external', 'bool'],
  ['configs.*.external', 'bool'],
];
const CAST_PATTERNS = CASTS.map(([p, c]) => [p.split('.'), c] as const);
/** The patterns by their last segment ('*': any key), so that most paths are ruled out at once. */
const CASTS_BY_LAST = new Map<string, (typeof CAST_PATTERNS)[number][]>();
for (const entry of CAST_PATTERNS) {
  const last = entry[0][entry[0].length - 1];
  CASTS_BY_LAST.set(last, [...(CASTS_BY_LAST.get(last) ?? []), entry]);
}

function castFor(path: readonly string[]): Cast | undefined {
  const last = path[path.length - 1];
  for (const candidates of [CASTS_BY_LAST.get(last), last === '[]' ? undefined : CASTS_BY_LAST.get('*')]) {
    for (const [pattern, cast] of candidates ?? []) {
      if (pattern.length !== path.length) continue;
      if (pattern.every((seg, i) => (seg === '*' ? path[i] !== '[]' : seg === path[i]))) return cast;
    }
  }
  return undefined;
}

function castValue(value: string, cast: Cast): unknown {
  switch (cast) {
    case 'int':
      return /^[+-]?[0-9]+$/.test(value) ? Number(value) : value;
    case 'float': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) ? n : value;
    }
    case 'bool': {
      const v = value.toLowerCase();
      if (['true', 'y', 'yes', 'on'].includes(v)) return true;
      if (['false', 'n', 'no', 'off'].includes(v)) return false;
      return value;
    }
  }
}

interface Place {
  /** The pair key (for mapping values) or the item node (for list items). */
  key: Node | null;
  value: Node | null;
}

interface Built {
  data: unknown;
  /** The nodes by JSON pointer, when asked for (only a file with problems needs them). */
  places: Map<string, Place>;
  /** JSON pointers whose value depends on a variable dockmend does not know. */
  unknown: string[];
  /** The document was too large or too deep to rebuild whole: it is not validated. */
  truncated: boolean;
}

function pointerSegment(s: string): string {
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

/** The document as compose-go validates it: merged, interpolated and cast. */
function buildData(file: ComposeFile, vars: ProjectVariables, recordPlaces: boolean): Built {
  const doc = file.doc!;
  const places = new Map<string, Place>();
  const unknown: string[] = [];
  let visits = 0;
  let truncated = false;
  // Where the walk is: keys ('[]' for a list item), as castFor matches them, and the same as
  // JSON pointer segments; pointers are built only when needed.
  const path: string[] = [];
  const segments: string[] = [];
  const pointer = () => (segments.length === 0 ? '' : `/${segments.join('/')}`);
  const walk = (raw: unknown, key: Node | null, depth: number): unknown => {
    if (++visits > 200_000 || depth > 64) {
      truncated = true;
      return null;
    }
    const node = isAlias(raw) ? resolveNode(doc, raw) : (raw as Node | null);
    if (recordPlaces) places.set(pointer(), { key, value: node });
    if (node === null || node === undefined) return null;
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const p of effectivePairs(doc, node)) {
        path.push(p.key);
        segments.push(pointerSegment(p.key));
        out[p.key] = walk(p.pair.value, p.pair.key as Node, depth + 1);
        path.pop();
        segments.pop();
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        path.push('[]');
        segments.push(String(i));
        const value = walk(item, item as Node, depth + 1);
        path.pop();
        segments.pop();
        return value;
      });
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v !== 'string') return typeof v === 'bigint' ? Number(v) : (v ?? null);
      let value: string = v;
      if (v.includes('$')) {
        const r = interpolate(v, vars.assumed);
        if (!r.ok || r.unset.length > 0 || r.requiredMissing.length > 0) {
          unknown.push(pointer());
          return v;
        }
        value = r.value;
      }
      const cast = castFor(path);
      return cast ? castValue(value, cast) : value;
    }
    return null;
  };
  const data = walk(file.root, null, 0);
  return { data, places, unknown, truncated };
}

export interface SchemaProblem {
  /** File offsets of the offending key or value. */
  start: number;
  end: number;
  message: string;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'nothing (an empty value)',
};

function describeData(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'boolean') return `${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
  return String(v);
}

function orList(words: string[]): string {
  const u = [...new Set(words)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
}

function dataAt(data: unknown, ptr: string): unknown {
  let cur = data;
  for (const seg of ptr.split('/').slice(1)) {
    const k = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** `services.web.ports[0]` for a JSON pointer. */
function yamlPath(ptr: string): string {
  let out = '';
  for (const seg of ptr.split('/').slice(1)) {
    const k = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^[0-9]+$/.test(k)) out += `[${k}]`;
    else out += out === '' ? k : `.${k}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Could the error go away once a variable dockmend does not know had a value? Only when the value
 * it is about holds such a variable (is one, or contains one): unknown values beside it or
 * elsewhere in the parent do not change it. An unknown key (`additionalProperties`) is about the
 * key alone (parent path plus property): its name decides, whatever its value, so `buidl:` is
 * reported even with `${VAR}` below it. Relating errors to any unknown path they share a prefix
 * with used to silence every top-level error (`""` is everyone's prefix) and every unknown key in
 * a mapping holding one unset variable.
 */
function dependsOnUnknown(e: AjvError, unknown: readonly string[]): boolean {
  if (e.keyword === 'additionalProperties') return false;
  const subject = e.instancePath;
  return unknown.some((u) => u === subject || u.startsWith(`${subject}/`));
}

/** Schema problems of one compose file, interpolated with the project's variables. */
export function schemaProblems(file: ComposeFile, vars: ProjectVariables): SchemaProblem[] {
  if (!file.doc || !file.root) return [];
  const built = buildData(file, vars, false);
  // A partial rebuild would report the missing part as invalid: say nothing rather than guess.
  if (built.truncated) return [];
  let errors = validate(built.data).filter((e) => !dependsOnUnknown(e, built.unknown));
  if (errors.length === 0) return [];
  const { places } = buildData(file, vars, true);
  // Drop the alternatives that did not apply: a `type` error where some branch got further.
  const deeper = (e: AjvError) => errors.some((o) => o !== e && o.keyword !== 'type' && !isCombinator(o) && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
  errors = errors.filter((e) => !(e.keyword === 'type' && deeper(e)));
  errors = errors.filter((e) => !(isCombinator(e) && errors.some((o) => !isCombinator(o) && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)))));

  const index = new LineIndex(file.text);
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const typeErrors = new Map<string, AjvError[]>();
  for (const e of errors) if (e.keyword === 'type') typeErrors.set(e.instancePath, [...(typeErrors.get(e.instancePath) ?? []), e]);

  for (const e of errors) {
    const place = places.get(e.instancePath);
    let target: Node | null = place?.value ?? null;
    let keyNode: Node | null = place?.key ?? null;
    let text: string;
    const here = yamlPath(e.instancePath);
    const actual = dataAt(built.data, e.instancePath);
    switch (e.keyword) {
      case 'additionalProperties': {
        const prop = String(e.params.additionalProperty);
        const sub = places.get(`${e.instancePath}/${pointerSegment(prop)}`);
        keyNode = sub?.key ?? keyNode;
        target = null;
        const allowed = Object.keys(e.parentSchema?.properties ?? {});
        if (allowed && allowed.length > 0) {
          const near = nearestName(prop, allowed);
          const list = allowed.length <= 12 ? `allowed keys are ${allowed.map((k) => JSON.stringify(k)).join(', ')}, or x-* extensions` : '';
          text = `${here}: unknown key ${JSON.stringify(prop)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}${list ? `; ${list}` : ''}`;
        } else if (/^(services|volumes|networks|secrets|configs|models)$/.test(here)) {
          text = `${here}: the name ${JSON.stringify(prop)} is invalid; names may only use letters, digits, '.', '_' and '-'`;
        } else text = `${here}: unknown key ${JSON.stringify(prop)}`;
        break;
      }
      case 'type': {
        const all = typeErrors.get(e.instancePath) ?? [e];
        if (all[0] !== e) continue;
        const expected = all.flatMap((t) => String(t.params.type).split(',')).map((t) => TYPE_WORDS[t] ?? t);
        text = `${here}: expected ${orList(expected)}, got ${describeData(actual)}`;
        break;
      }
      case 'required':
        text = `${here}: the required key ${JSON.stringify(String(e.params.missingProperty))} is missing`;
        break;
      case 'enum':
        text = `${here}: expected one of ${((e.params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}, got ${describeData(actual)}`;
        break;
      case 'const':
        text = `${here}: expected ${JSON.stringify(e.params.allowedValue)}, got ${describeData(actual)}`;
        break;
      case 'uniqueItems':
        text = `${here}: items ${Number(e.params.j) + 1} and ${Number(e.params.i) + 1} are the same; each entry may appear once`;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        text = `${here}: ${describeData(actual)} is out of range (${e.keyword === 'minimum' ? 'at least' : e.keyword === 'maximum' ? 'at most' : e.keyword === 'exclusiveMinimum' ? 'more than' : 'less than'} ${String(e.params.limit)})`;
        break;
      case 'pattern':
        text = `${here}: ${describeData(actual)} does not have the expected form (${String(e.params.pattern)})`;
        break;
      case 'minItems':
      case 'maxItems':
      case 'minProperties':
      case 'maxProperties':
        text = `${here}: ${e.keyword.startsWith('min') ? 'at least' : 'at most'} ${String(e.params.limit)} ${e.keyword.endsWith('Items') ? 'items' : 'keys'} expected`;
        break;
      case 'oneOf':
      case 'anyOf':
        text = `${here}: ${describeData(actual)} matches none of the allowed forms`;
        if (e.keyword === 'oneOf' && Array.isArray(e.params.passingSchemas)) text = `${here}: ambiguous value (it matches several allowed forms)`;
        break;
      default:
        text = `${here}: ${e.message ?? e.keyword}`;
    }
    const onKey = e.keyword === 'additionalProperties' || e.keyword === 'required';
    const node = onKey ? (keyNode ?? target) : (target ?? keyNode);
    const start = node?.range?.[0] ?? 0;
    const end = node?.range?.[1] ?? start;
    const line = index.position(start).line;
    const message = `${text.replace(/^([^:]+):/, `$1 (line ${line}):`)}.`;
    if (seen.has(message)) continue;
    seen.add(message);
    problems.push({ start, end, message });
  }
  return problems.sort((a, b) => a.start - b.start);
}

function isCombinator(e: AjvError): boolean {
  return e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if' || e.keyword === 'not';
}
