// EXPOSE port specs as BuildKit reads them: dockerfile2llb/convert_expose.go (parsePort,
// splitParts, splitProtoPort, parsePortRange), `[ip:]hostPort:containerPort[/proto]`.
import { isIP } from '../builtins.js';

export interface PortSpec {
  ip: string;
  hostPort: string;
  /** The container port (or range) with its `/proto` as written: what BuildKit exposes. */
  container: string;
  /** The protocol as written ('' when none). */
  proto: string;
  /** Whether BuildKit accepts the whole spec (the build does not fail on it). */
  valid: boolean;
}

/** splitParts: on `:`, the last part is the container port, the one before the host port, the rest the IP. */
export function parsePortSpec(raw: string): PortSpec {
  const parts = raw.split(':');
  const n = parts.length;
  const container = parts[n - 1]!;
  const hostPort = n >= 2 ? parts[n - 2]! : '';
  const ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const slash = container.indexOf('/');
  const port = slash < 0 ? container : container.slice(0, slash);
  const proto = slash < 0 ? '' : container.slice(slash + 1);
  return { ip, hostPort, container, proto, valid: isValid(ip, hostPort, port, proto) };
}

function isValid(ip: string, hostPort: string, port: string, proto: string): boolean {
  if (port === '' || !['', 'tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) return false;
  if (ip !== '') {
    const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
    if (isIP(bare) === 0) return false;
  }
  const range = portRange(port);
  if (!range) return false;
  if (hostPort !== '') {
    const host = portRange(hostPort);
    if (!host) return false;
    if (range[1] - range[0] !== host[1] - host[0] && range[1] !== range[0]) return false;
  }
  return true;
}

/** parsePortRange: `n` or `start-end`, each 0–65535 (strconv.ParseInt base 10). */
function portRange(s: string): [number, number] | null {
  if (s === '') return null;
  const dash = s.indexOf('-');
  const start = portNumber(dash < 0 ? s : s.slice(0, dash));
  if (start === null) return null;
  if (dash < 0 || s.slice(0, dash) === s.slice(dash + 1)) return [start, start];
  const end = portNumber(s.slice(dash + 1));
  if (end === null || end < start) return null;
  return [start, end];
}

function portNumber(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 0 && n <= 65535 ? n : null;
}

/** A port word BuildKit would expand first (ProcessWords): not judged statically. */
export function hasExpansion(word: string, escapeChar: string): boolean {
  return /[$'"]/.test(word) || word.includes(escapeChar);
}
