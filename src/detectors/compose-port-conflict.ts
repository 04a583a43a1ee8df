import { composeAnalysis, type ComposeUnit } from '../compose/analysis.js';
import { interpolate } from '../compose/interpolate.js';
import { isUnspecified, parseLongPort, parsePortSpec, type PortBinding } from '../compose/ports.js';
import type { PortEntry } from '../compose/services.js';
import type { Detector } from '../rules/types.js';
import type { Finding, Location } from '../types.js';

interface Published {
  service: string;
  binding: PortBinding;
  location: Location;
  raw: string;
  profiles: string[];
}

/**
 * Two services of one project publish the same host port on the same interface and protocol
 * (after interpolation, with defaults and the env template's example values, and after merging
 * override files): the second container fails with "Bind for 0.0.0.0:8000 failed: port is
 * already allocated".
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
    for (const top of project.composeProjects) {
      const published: Published[] = [];
      for (const service of analysis.services(top).values()) {
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
          reported.add(b);
          const port = Math.max(a.binding.hostStart!, b.binding.hostStart!);
          const ip = isUnspecified(b.binding.hostIp) ? (isUnspecified(a.binding.hostIp) ? '0.0.0.0' : a.binding.hostIp) : b.binding.hostIp;
          findings.push({
            rule: 'compose-port-conflict',
            severity: 'warning',
            location: b.location,
            message: `Host port ${port}/${b.binding.protocol} is published by both '${a.service}' (${a.location.file}: ${a.raw}) and '${b.service}' (${b.raw}); the second container fails with "Bind for ${ip}:${port} failed: port is already allocated".`,
          });
        }
      }
    }
    return findings;
  },
};

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
