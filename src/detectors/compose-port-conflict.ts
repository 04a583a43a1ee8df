import { composeAnalysis, type ComposeUnit, type MergedService } from '../compose/analysis.js';
import { interpolate } from '../compose/interpolate.js';
import { isUnspecified, parseLongPort, parsePortSpec, type PortBinding } from '../compose/ports.js';
import type { PortEntry } from '../compose/services.js';
import { isExplicitSet } from '../compose/projects.js';
import type { ComposeProject, Project } from '../project/project.js';
import type { FoundStart } from '../project/invocations.js';
import type { Detector } from '../rules/types.js';
import type { Finding, Location } from '../types.js';

interface Published {
  service: string;
  binding: PortBinding;
  location: Location;
  raw: string;
  profiles: string[];
}

/** Why two services of a project are started together. */
type Together = { why: 'project' } | { why: 'component' } | { why: 'depends_on'; service: string } | { why: 'command'; start: FoundStart };

/**
 * Two services of one project publish the same host port on the same interface and protocol
 * (after interpolation, with defaults and the env template's example values, and after merging
 * override files): the second container fails with "Bind for 0.0.0.0:8000 failed: port is
 * already allocated".
 *
 * Only services that start together conflict. `docker compose up` with no service names starts
 * every service of the project; `docker compose up a b` starts a, b and what they depend on
 * (docker/compose pkg/compose/dependencies.go, InDependencyOrder over the selected services and
 * their dependencies). When every command line the repository runs or documents for a project
 * names its services, two services that no such command starts together, that are not linked
 * by dependencies, and that come from different files of the project (separate `include:`
 * entries: a catalogue of alternatives) are not reported.
 */
export const composePortConflict: Detector<Record<string, never>> = {
  meta: {
    id: 'compose-port-conflict',
    summary: 'Two services of one compose project publish the same host port.',
    severity: 'warning',
    fix: 'none',
    docs: 'docs/rules/compose-port-conflict.md',
    defaultOptions: {},
  },
  detect(project) {
    const analysis = composeAnalysis(project);
    const findings: Finding[] = [];
    // Two projects sharing files (a default project and a `-f` set on top of it) see the same
    // pair at the same places: reported once.
    const pairs = new Set<string>();
    for (const top of project.composeProjects) {
      const published: Published[] = [];
      const services = analysis.services(top);
      const together = startedTogether(project, top, services);
      for (const service of services.values()) {
        const seen = new Set<string>();
        for (const { info, unit } of service.infos) {
          for (const entry of info.ports) {
            const b = bindingOf(unit, entry);
            if (!b || b.hostStart === null) continue;
            // A host range for one container port is a pool Compose picks a free port from.
            if (b.hostStart !== b.hostEnd && b.containerStart === b.containerEnd) continue;
            const key = `${b.hostIp}|${b.hostStart}-${b.hostEnd}|${b.protocol}`;
            if (seen.has(key)) continue; // an override repeating the base's mapping
            seen.add(key);
            const raw = entry.kind === 'long' && entry.long
              ? `{${Object.entries(entry.long).map(([k, v]) => `${k}: ${v!.value}`).join(', ')}}`
              : unit.file.text.slice(entry.span.start, entry.span.end);
            published.push({ service: service.name, binding: b, location: { file: unit.file.path, ...entry.span }, raw, profiles: info.profiles });
          }
        }
      }
      const reported = new Set<Published>();
      for (let i = 0; i < published.length; i++) {
        for (let j = 0; j < i; j++) {
          const a = published[j]!;
          const b = published[i]!;
          if (a.service === b.service || reported.has(b) || !conflict(a, b)) continue;
          const why = together(a, b);
          if (why === null) continue;
          reported.add(b);
          const pair = [a.location, b.location].map((l) => `${l.file}:${l.start}`).sort().join('|');
          if (pairs.has(pair)) continue;
          pairs.add(pair);
          const port = Math.max(a.binding.hostStart!, b.binding.hostStart!);
          const ip = isUnspecified(b.binding.hostIp) ? (isUnspecified(a.binding.hostIp) ? '0.0.0.0' : a.binding.hostIp) : b.binding.hostIp;
          findings.push({
            rule: 'compose-port-conflict',
            severity: 'warning',
            location: b.location,
            message: `Host port ${port}/${b.binding.protocol} is published by both '${a.service}' (${a.location.file}: ${a.raw}) and '${b.service}' (${b.raw}); the second container fails with "Bind for ${ip}:${port} failed: port is already allocated"${whyText(why)}.`,
          });
        }
      }
    }
    return findings;
  },
};

function whyText(t: Together): string {
  if (t.why === 'depends_on') return ` ('${t.service}' starts the other through its dependencies)`;
  if (t.why === 'command') return ` (both started by \`${t.start.origin.command}\`, ${t.start.origin.file}:${t.start.origin.line})`;
  return '';
}

/** `-f` files of a command line, or the default file Compose finds, name this project. */
function targets(start: FoundStart, top: ComposeProject): boolean {
  if (start.explicit) return start.files.length === top.files.length && start.files.every((f, i) => f === top.files[i]);
  // No `-f`: Compose loads the default file and its override, never a `-f` set built on it.
  return !isExplicitSet(top) && top.files[0] === start.files[0];
}

/**
 * Decides whether two publishing services of `top` start together, and why; null when the
 * repository only ever starts this project by naming services and none of its commands (nor
 * dependencies, nor a shared file) brings these two up together.
 */
function startedTogether(project: Project, top: ComposeProject, services: Map<string, MergedService>): (a: Published, b: Published) => Together | null {
  // Commands naming a service this project lacks are about another project (Compose fails with
  // "no such service" here).
  const starts = (project.starts ?? []).filter((s) => targets(s, top) && (s.services === null || s.services.every((n) => services.has(n))));
  const namedOnly = starts.length > 0 && starts.every((s) => s.services !== null && s.services.length > 0);
  if (!namedOnly) return () => ({ why: 'project' });
  // Compose starts a service's dependencies with it: depends_on, links, `service:` network,
  // volumes_from, pid and ipc (compose-go types.ServiceConfig.GetDependencies).
  const direct = new Map<string, Set<string>>();
  for (const s of services.values()) {
    const deps = new Set<string>();
    for (const { info } of s.infos) for (const r of info.refs) if (r.kind !== 'extends') deps.add(r.name);
    direct.set(s.name, deps);
  }
  const closures = new Map<string, Set<string>>();
  const closure = (names: readonly string[]): Set<string> => {
    const out = new Set<string>();
    const todo = [...names];
    while (todo.length > 0) {
      const n = todo.pop()!;
      if (out.has(n)) continue;
      out.add(n);
      for (const d of direct.get(n) ?? []) todo.push(d);
    }
    return out;
  };
  const closureOf = (name: string): Set<string> => {
    let c = closures.get(name);
    if (!c) closures.set(name, (c = closure([name])));
    return c;
  };
  // The services whose ports a command publishes: those it names (unless `run` without
  // `--service-ports`) and, unless `--no-deps`, their dependencies.
  const startClosures = starts.map((s) => {
    const started = s.withDependencies ? closure(s.services!) : new Set(s.services!);
    const up = new Set(started);
    if (!s.ownPorts) for (const n of s.services!) up.delete(n);
    return { start: s, started, up };
  });
  // A service the commands start only as `run` without `--service-ports` never publishes its
  // ports; one no command starts at all is judged by the other reasons.
  const mayPublish = (name: string): boolean =>
    startClosures.some((s) => s.up.has(name)) || !startClosures.some((s) => s.started.has(name));
  const componentOf = (name: string): ComposeProject | undefined => services.get(name)?.infos[0]?.unit.project;
  return (a, b) => {
    if (!mayPublish(a.service) || !mayPublish(b.service)) return null;
    if (componentOf(a.service) === componentOf(b.service)) return { why: 'component' };
    if (closureOf(a.service).has(b.service)) return { why: 'depends_on', service: a.service };
    if (closureOf(b.service).has(a.service)) return { why: 'depends_on', service: b.service };
    const both = startClosures.find((s) => s.up.has(a.service) && s.up.has(b.service));
    return both ? { why: 'command', start: both.start } : null;
  };
}

function conflict(a: Published, b: Published): boolean {
  if (a.binding.protocol !== b.binding.protocol) return false;
  if (!(isUnspecified(a.binding.hostIp) || isUnspecified(b.binding.hostIp) || a.binding.hostIp === b.binding.hostIp)) return false;
  if (a.binding.hostEnd! < b.binding.hostStart! || b.binding.hostEnd! < a.binding.hostStart!) return false;
  // Services in disjoint profiles never run together.
  if (a.profiles.length > 0 && b.profiles.length > 0 && !a.profiles.some((p) => b.profiles.includes(p))) return false;
  return true;
}

/** The binding with Compose's values, defaults and the template's examples; null when unknown or invalid. */
function bindingOf(unit: ComposeUnit, entry: PortEntry): PortBinding | null {
  const value = (raw: string): string | null => {
    const r = interpolate(raw, unit.vars.assumed);
    return r.ok && r.unset.length === 0 && r.requiredMissing.length === 0 ? r.value : null;
  };
  if ((entry.kind === 'short' || entry.kind === 'number') && entry.raw !== undefined) {
    const v = entry.kind === 'number' ? entry.raw : value(entry.raw);
    if (v === null) return null;
    const p = parsePortSpec(v);
    return p.ok ? p.binding : null;
  }
  if (entry.kind === 'long' && entry.long) {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(entry.long)) {
      if (!v) continue;
      const x = value(v.value);
      if (x === null) return null;
      fields[k] = x;
    }
    const p = parseLongPort(fields);
    return p.ok ? p.binding : null;
  }
  return null;
}
