// Port mappings as Compose parses them.
//
// Short syntax: compose-go types.ParsePortConfig hands the string to docker/go-connections
// nat.ParsePortSpec (nat/nat.go, nat/parse.go), ported here with its error messages:
//   [[ip:]host:]container[/proto] — split at ':' (an IPv6 host IP keeps its colons:
//   `[::1]:8000:8000`), host and container are a port or a `start-end` range (0–65535),
//   proto is tcp, udp or sctp, a host range may feed a single container port.
// Long syntax (compose-spec 05-services.md, ports): target, published (port, range or string),
// host_ip, protocol, mode (host | ingress), app_protocol, name; compose-go casts `target` to an
// integer after interpolation (loader/interpolate.go).
import { isIP } from '../builtins.js';

export interface PortBinding {
  hostIp: string;
  /** null: no host port (Compose picks a random one). */
  hostStart: number | null;
  hostEnd: number | null;
  containerStart: number;
  containerEnd: number;
  protocol: string;
}

export type PortParse = { ok: true; binding: PortBinding } | { ok: false; error: string };

/** nat.splitParts. */
export function splitPortParts(raw: string): { ip: string; host: string; container: string; parts: number } {
  const parts = raw.split(':');
  const n = parts.length;
  if (n === 1) return { ip: '', host: '', container: parts[0]!, parts: n };
  if (n === 2) return { ip: '', host: parts[0]!, container: parts[1]!, parts: n };
  if (n === 3) return { ip: parts[0]!, host: parts[1]!, container: parts[2]!, parts: n };
  return { ip: parts.slice(0, n - 2).join(':'), host: parts[n - 2]!, container: parts[n - 1]!, parts: n };
}

/** nat.SplitProtoPort. */
export function splitProtoPort(raw: string): { proto: string; port: string } {
  const slash = raw.indexOf('/');
  const port = slash < 0 ? raw : raw.slice(0, slash);
  const proto = slash < 0 ? '' : raw.slice(slash + 1);
  if (port === '') return { proto: '', port: '' };
  return { proto: proto === '' ? 'tcp' : proto, port };
}

/** strconv.ParseUint(s, 10, 16). */
function parseUint16(s: string): number | null {
  if (!/^[0-9]+$/.test(s)) return null;
  const n = Number(s);
  return n <= 65535 ? n : null;
}

/** nat.ParsePortRange. */
export function parsePortRange(ports: string): { start: number; end: number } | null {
  if (ports === '') return null;
  if (!ports.includes('-')) {
    const v = parseUint16(ports);
    return v === null ? null : { start: v, end: v };
  }
  const parts = ports.split('-');
  const start = parseUint16(parts[0]!);
  const end = parseUint16(parts[1]!);
  if (start === null || end === null || end < start) return null;
  return { start, end };
}

/** Go net.ParseIP (no zones, no leading zeros in IPv4). */
export function isGoIP(ip: string): boolean {
  return !ip.includes('%') && isIP(ip) !== 0;
}

/** nat.ParsePortSpec for one spec (Compose's short syntax). */
export function parsePortSpec(raw: string): PortParse {
  const split = splitPortParts(raw);
  let ip = split.ip;
  const { host } = split;
  const { proto: rawProto, port: container } = splitProtoPort(split.container);
  if (container === '') return { ok: false, error: `no port specified: ${raw}<empty>` };
  const proto = rawProto.toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(proto)) return { ok: false, error: `invalid proto: ${proto}` };
  if (ip !== '' && ip[0] === '[') {
    // net.SplitHostPort(ip + ":") strips the brackets of `[::1]`.
    const m = /^\[([^\]]*)\]$/.exec(ip);
    if (!m) return { ok: false, error: `invalid IP address ${ip}: address ${ip}:: missing ']' in address` };
    ip = m[1]!;
  }
  if (ip !== '' && !isGoIP(ip)) return { ok: false, error: `invalid IP address: ${ip}` };
  const c = parsePortRange(container);
  if (!c) return { ok: false, error: `invalid containerPort: ${container}` };
  let h: { start: number; end: number } | null = null;
  if (host !== '') {
    h = parsePortRange(host);
    if (!h) return { ok: false, error: `invalid hostPort: ${host}` };
    if (c.end - c.start !== h.end - h.start && c.end !== c.start) {
      return { ok: false, error: `invalid ranges specified for container and host Ports: ${container} and ${host}` };
    }
  }
  return { ok: true, binding: { hostIp: ip, hostStart: h?.start ?? null, hostEnd: h?.end ?? null, containerStart: c.start, containerEnd: c.end, protocol: proto } };
}

export interface LongPort {
  target?: string;
  published?: string;
  host_ip?: string;
  protocol?: string;
  mode?: string;
}

/** Long syntax: what Compose (and then the engine) rejects. */
export function parseLongPort(p: LongPort): PortParse {
  if (p.target === undefined || p.target === '') return { ok: false, error: '`target` (the container port) is missing' };
  if (!/^[0-9]+$/.test(p.target) || Number(p.target) > 65535) return { ok: false, error: `target ${JSON.stringify(p.target)} is not a port number (0-65535)` };
  let h: { start: number; end: number } | null = null;
  if (p.published !== undefined && p.published !== '') {
    h = parsePortRange(p.published);
    if (!h) return { ok: false, error: `published ${JSON.stringify(p.published)} is not a port or a port range (e.g. 8080 or 8080-8081)` };
  }
  const ip = p.host_ip ?? '';
  if (ip !== '' && !isGoIP(ip)) return { ok: false, error: `host_ip ${JSON.stringify(ip)} is not an IP address` };
  const protocol = (p.protocol ?? 'tcp').toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) return { ok: false, error: `protocol ${JSON.stringify(p.protocol)} is not tcp, udp or sctp` };
  if (p.mode !== undefined && p.mode !== 'host' && p.mode !== 'ingress') return { ok: false, error: `mode ${JSON.stringify(p.mode)} is not "host" or "ingress"` };
  const t = Number(p.target);
  return { ok: true, binding: { hostIp: ip, hostStart: h?.start ?? null, hostEnd: h?.end ?? null, containerStart: t, containerEnd: t, protocol } };
}

/** Split a template at the ':' that are outside `${...}` expressions (given their ranges). */
export function splitTemplateColons(template: string, exprs: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const segments: { start: number; end: number }[] = [];
  let from = 0;
  for (let i = 0; i < template.length; i++) {
    const inside = exprs.find((e) => i >= e.start && i < e.end);
    if (inside) {
      i = inside.end - 1;
      continue;
    }
    if (template[i] === ':') {
      segments.push({ start: from, end: i });
      from = i + 1;
    }
  }
  segments.push({ start: from, end: template.length });
  return segments;
}

/** Whether an IP binds every interface. */
export function isUnspecified(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '[::]';
}
