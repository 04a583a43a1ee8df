import type { Scalar } from 'yaml';
import { composeAnalysis, type ComposeUnit } from '../compose/analysis.js';
import { interpolate, unsetVariableWarning, variableUses } from '../compose/interpolate.js';
import { parseLongPort, parsePortSpec, splitTemplateColons, type PortParse } from '../compose/ports.js';
import { servicesOf, valueOffsets, type PortEntry } from '../compose/services.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { PortDefaultData } from '../../transforms/compose-port-default.js';

/**
 * A `ports` entry Compose rejects after interpolation (nat.ParsePortSpec's message), or one whose
 * host port an unset variable leaves empty — `"${AUTH_PORT}:8081"` becomes `":8081"` and the
 * container is published on a random host port. Valid forms are never reported: `"8000"`,
 * `"8000:8000"`, `"127.0.0.1:8000:8000"`, `"[::1]:8000:8000"`, ranges, `/udp` `/tcp` `/sctp`,
 * integers, the long syntax, and `"${PORT:-8000}:8000"`.
 */
export const composeInvalidPort: Detector<Record<string, never>, PortDefaultData> = {
  meta: {
    id: 'compose-invalid-port',
    summary: 'A published port is invalid after interpolation, or an unset variable leaves its host port empty.',
    severity: 'error',
    fix: 'unsafe',
    docs: 'docs/rules/compose-invalid-port.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<PortDefaultData>[] = [];
    // judgedUnits: a file run with an `--env-file` outside the repository is checked where it runs without it.
    for (const unit of composeAnalysis(project).judgedUnits) {
      for (const service of servicesOf(unit.file)) {
        for (const entry of service.ports) {
          const f = checkEntry(unit, service.name, entry);
          if (f) findings.push(f);
        }
      }
    }
    return dedupe(findings);
  },
};

function dedupe<T extends Finding>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const k = `${f.location.file}\0${f.location.start}\0${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

interface Evaluated {
  value: string;
  /** Variables Compose leaves blank that no template documents. */
  undefinedNames: string[];
  /** Example values from a template were used. */
  assumed: boolean;
}

/** The value Compose would see, or null when it cannot be known (invalid template, required, undocumented-but-listed). */
function evaluate(unit: ComposeUnit, raw: string): Evaluated | null {
  const r = interpolate(raw, unit.vars.lookup);
  if (!r.ok || r.requiredMissing.length > 0) return null;
  const undefinedNames = r.unset.filter((n) => !unit.vars.listed(n));
  // An env file dockmend does not follow may set them (compose-dotenv-absent).
  if (undefinedNames.length > 0 && unit.vars.envLink) return null;
  if (r.unset.length > 0 && undefinedNames.length === 0) {
    const a = interpolate(raw, unit.vars.assumed);
    if (!a.ok || a.unset.length > 0 || a.requiredMissing.length > 0) return null;
    return { value: a.value, undefinedNames: [], assumed: true };
  }
  return { value: r.value, undefinedNames, assumed: false };
}

function location(unit: ComposeUnit, node: PortEntry['node']) {
  return { file: unit.file.path, start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
}

function describeValue(raw: string, ev: Evaluated): string {
  if (ev.value === raw) return JSON.stringify(raw);
  return `${JSON.stringify(raw)} (${ev.assumed ? 'with the example values of the env template' : 'after interpolation'}: ${JSON.stringify(ev.value)})`;
}

function checkEntry(unit: ComposeUnit, service: string, entry: PortEntry): Finding<PortDefaultData> | null {
  const rule = 'compose-invalid-port';
  if (entry.kind === 'number' && entry.raw !== undefined) {
    const r = parsePortSpec(entry.raw);
    if (r.ok) return null;
    return { rule, severity: 'error', location: location(unit, entry.node), message: `Service '${service}': port ${entry.raw} is invalid: ${r.error}.` };
  }
  if (entry.kind === 'short' && entry.raw !== undefined && entry.scalar) {
    const raw = entry.raw;
    if ('error' in (variableUses(raw) as object)) return null;
    const ev = evaluate(unit, raw);
    if (!ev) return null;
    const parsed = parsePortSpec(ev.value);
    if (!parsed.ok) {
      return { rule, severity: 'error', location: location(unit, entry.node), message: `Service '${service}': port ${describeValue(raw, ev)} is invalid: ${parsed.error}.${unsetNote(ev)}` };
    }
    if (ev.undefinedNames.length > 0 && parsed.binding.hostStart === null) return emptyHost(unit, service, entry, entry.scalar, raw, ev, parsed);
    return null;
  }
  if (entry.kind === 'long' && entry.long) {
    const fields: Record<string, string | undefined> = {};
    let undefinedNames: string[] = [];
    for (const [k, v] of Object.entries(entry.long)) {
      if (!v) continue;
      const ev = evaluate(unit, v.value);
      if (!ev) return null;
      fields[k] = ev.value;
      undefinedNames = [...undefinedNames, ...ev.undefinedNames];
    }
    const parsed = parseLongPort(fields);
    if (!parsed.ok) {
      return { rule, severity: 'error', location: location(unit, entry.node), message: `Service '${service}': long-syntax port is invalid: ${parsed.error}.` };
    }
    const published = entry.long.published;
    if (published && published.value !== '' && parsed.binding.hostStart === null && undefinedNames.length > 0) {
      const ev = evaluate(unit, published.value)!;
      return emptyHost(unit, service, entry, published.scalar, published.value, ev, parsed, true);
    }
  }
  return null;
}

function unsetNote(ev: Evaluated): string {
  return ev.undefinedNames.length > 0 ? ` ${ev.undefinedNames.map(unsetVariableWarning).join(' ')}` : '';
}

/** The host part of the mapping is a lone `${VAR}` / `$VAR` that is not set. */
function emptyHost(unit: ComposeUnit, service: string, entry: PortEntry, scalar: Scalar, raw: string, ev: Evaluated, parsed: PortParse & { ok: true }, long = false): Finding<PortDefaultData> | null {
  const uses = variableUses(raw);
  if ('error' in uses) return null;
  const top = uses.filter((u) => u.depth === 0);
  let hostText: { start: number; end: number };
  if (long) hostText = { start: 0, end: raw.length };
  else {
    const segments = splitTemplateColons(raw, top);
    if (segments.length < 2) return null;
    hostText = segments[segments.length - 2]!;
    if (hostText.start === hostText.end) return null;
  }
  const inHost = top.filter((u) => u.start >= hostText.start && u.end <= hostText.end);
  if (!inHost.some((u) => ev.undefinedNames.includes(u.name))) return null;
  const container = parsed.binding.containerStart;
  const data: PortDefaultData = {};
  const only = inHost.length === 1 ? inHost[0]! : undefined;
  const map = valueOffsets(unit.file.text, scalar);
  if (only && raw.slice(hostText.start, hostText.end) === raw.slice(only.start, only.end) && (only.form === '$VAR' || only.form === '${VAR}') && map && parsed.binding.containerEnd === container) {
    data.edit = { file: unit.file.path, start: map(only.start), end: map(only.end), variable: only.name, port: container };
  }
  const names = ev.undefinedNames.filter((n) => inHost.some((u) => u.name === n));
  const what = long ? `published: ${JSON.stringify(raw)}` : `port ${JSON.stringify(raw)}`;
  return {
    rule: 'compose-invalid-port',
    severity: 'error',
    location: { file: unit.file.path, start: entry.node.range?.[0] ?? 0, end: entry.node.range?.[1] ?? 0 },
    message: `Service '${service}': ${what} leaves the host port empty because ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not set${long ? '' : ` (it becomes ${JSON.stringify(ev.value)})`}: Compose publishes container port ${container} on a random host port. ${names.map(unsetVariableWarning).join(' ')}`,
    data,
  };
}
