// Port specs as Compose parses them (docker/go-connections nat.ParsePortSpec), and the
// compose-invalid-port / compose-port-conflict rules on small projects.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setShellEnv } from '../src/compose/env.js';
import { parseLongPort, parsePortSpec } from '../src/compose/ports.js';
import { detect, openSession } from '../src/fix/engine.js';
import { tree } from './helpers.js';

beforeEach(() => setShellEnv({}));
afterEach(() => setShellEnv(undefined));

describe('parsePortSpec (nat.ParsePortSpec)', () => {
  const valid: [string, object][] = [
    ['8000', { hostIp: '', hostStart: null, containerStart: 8000, protocol: 'tcp' }],
    ['8000:8000', { hostStart: 8000, containerStart: 8000 }],
    ['127.0.0.1:8000:8000', { hostIp: '127.0.0.1', hostStart: 8000 }],
    ['[::1]:8000:8000', { hostIp: '::1', hostStart: 8000 }],
    ['::1:8000:8000', { hostIp: '::1' }],
    ['9090-9091:8080-8081', { hostStart: 9090, hostEnd: 9091, containerStart: 8080, containerEnd: 8081 }],
    ['9100-9110:80', { hostStart: 9100, hostEnd: 9110, containerStart: 80, containerEnd: 80 }],
    ['53:53/udp', { protocol: 'udp' }],
    ['5060:5060/TCP', { protocol: 'tcp' }],
    ['3868:3868/sctp', { protocol: 'sctp' }],
    [':8081', { hostStart: null, containerStart: 8081 }],
    ['0:0', { hostStart: 0, containerStart: 0 }],
    ['65535:65535', { hostStart: 65535 }],
    ['8080/', { protocol: 'tcp' }],
  ];
  for (const [spec, expected] of valid) {
    it(`accepts ${JSON.stringify(spec)}`, () => {
      const r = parsePortSpec(spec);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.binding).toMatchObject(expected);
    });
  }
  const invalid: [string, string][] = [
    ['', 'no port specified: <empty>'],
    ['8000:', 'no port specified: 8000:<empty>'],
    ['8000:abc', 'invalid containerPort: abc'],
    ['65536:80', 'invalid hostPort: 65536'],
    ['80:65536', 'invalid containerPort: 65536'],
    ['127.0.0.300:80:80', 'invalid IP address: 127.0.0.300'],
    ['localhost:80:80', 'invalid IP address: localhost'],
    ['80:80/quic', 'invalid proto: quic'],
    ['9090-9091:8080-8082', 'invalid ranges specified for container and host Ports: 8080-8082 and 9090-9091'],
    ['8081-8080:80', 'invalid hostPort: 8081-8080'],
    [' 80', 'invalid containerPort:  80'],
    ['-1:80', 'invalid hostPort: -1'],
  ];
  for (const [spec, error] of invalid) {
    it(`rejects ${JSON.stringify(spec)}: ${error}`, () => {
      expect(parsePortSpec(spec)).toEqual({ ok: false, error });
    });
  }
});

describe('parseLongPort', () => {
  it('accepts every long-syntax field', () => {
    expect(parseLongPort({ target: '80', published: '8080-8081', host_ip: '::1', protocol: 'UDP', mode: 'ingress' })).toMatchObject({ ok: true, binding: { hostStart: 8080, hostEnd: 8081, protocol: 'udp' } });
    expect(parseLongPort({ target: '80' })).toMatchObject({ ok: true, binding: { hostStart: null } });
  });
  it('rejects what Compose and the engine reject', () => {
    expect(parseLongPort({})).toMatchObject({ ok: false });
    expect(parseLongPort({ target: 'http' })).toMatchObject({ ok: false });
    expect(parseLongPort({ target: '80', published: 'x' })).toMatchObject({ ok: false });
    expect(parseLongPort({ target: '80', host_ip: 'localhost' })).toMatchObject({ ok: false });
    expect(parseLongPort({ target: '80', mode: 'swarm' })).toMatchObject({ ok: false });
  });
});

describe('compose-invalid-port on variables', () => {
  const run = (files: Record<string, string>) => detect(openSession(tree(files)), { only: ['compose-invalid-port'] }).findings.map((f) => f.message);

  it('never flags a defaulted host port, nor one documented in .env.example', () => {
    expect(run({ 'compose.yaml': 'services:\n  db:\n    image: postgres\n    ports:\n      - "${ALPINE_TEST_POSTGRES_PORT:-5435}:5432"\n      - "${PORT}:5432"\n', '.env.example': 'PORT=\n' })).toEqual([]);
  });

  it('uses the shell and .env values as Compose does', () => {
    setShellEnv({ FROM_SHELL: '70000' });
    expect(run({ 'compose.yaml': 'services:\n  a:\n    image: a\n    ports: ["${FROM_SHELL}:80", "${FROM_FILE}:80"]\n', '.env': 'FROM_FILE=8080\n' })).toEqual([
      'Service \'a\': port "${FROM_SHELL}:80" (after interpolation: "70000:80") is invalid: invalid hostPort: 70000.',
    ]);
  });

  it('judges a documented variable by its example value', () => {
    expect(run({ 'compose.yaml': 'services:\n  a:\n    image: a\n    ports: ["${P}:80"]\n', '.env.example': 'P=eighty\n' })).toEqual([
      'Service \'a\': port "${P}:80" (with the example values of the env template: "eighty:80") is invalid: invalid hostPort: eighty.',
    ]);
  });

  it('reports a host port an unset variable leaves empty', () => {
    const [message] = run({ 'docker/compose.yaml': 'services:\n  auth:\n    image: a\n    ports:\n      - "${AUTH_PORT}:8081"\n' });
    expect(message).toContain('leaves the host port empty because AUTH_PORT is not set (it becomes ":8081")');
  });
});
