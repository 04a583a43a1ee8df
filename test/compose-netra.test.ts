// The incident's three compose files (fixtures/netra/docker/*.yml): what the compose rules say
// about them, and what they must never say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setShellEnv } from '../src/compose/env.js';
import { detect, openSession } from '../src/fix/engine.js';
import { copyFixture } from './helpers.js';

const RULES = [
  'compose-invalid-interpolation',
  'compose-undefined-variable',
  'compose-env-drift',
  'compose-env-file-missing',
  'compose-invalid-port',
  'compose-port-conflict',
  'compose-unknown-service',
  'compose-schema',
];

beforeAll(() => setShellEnv({}));
afterAll(() => setShellEnv(undefined));

describe('fixtures/netra docker/*.yml', () => {
  const findings = () =>
    detect(openSession(copyFixture('netra')), { only: RULES })
      .findings.filter((f) => f.location.file.startsWith('docker/'))
      .map((f) => `${f.rule} ${f.location.file}:${f.line} ${f.message}`);

  it('reports the undefined variables, the empty host port and the environment drift', () => {
    const list = findings();
    const short = list.map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(short).toEqual([
      'compose-undefined-variable docker/docker-compose.alpine-test.yml:21',
      'compose-env-drift docker/docker-compose.minimal-test.yml:6',
      'compose-env-drift docker/docker-compose.staging.alpine.yml:13',
      'compose-undefined-variable docker/docker-compose.staging.alpine.yml:15',
      'compose-invalid-port docker/docker-compose.staging.alpine.yml:22',
      'compose-undefined-variable docker/docker-compose.staging.alpine.yml:22',
    ]);
    expect(list[0]).toContain('OAUTH_CLIENT_ID is not set (shell, docker/.env), not listed in docker/.env.example');
    expect(list[1]).toContain("Service 'minimal-backend' lacks REDIS_URL, OAUTH_CLIENT_ID");
    expect(list[2]).toContain("Service 'backend' lacks REDIS_URL, OAUTH_CLIENT_ID");
    expect(list[4]).toContain('port "${AUTH_PORT}:8081" leaves the host port empty');
  });

  it('never flags the valid defaulted ports, the merged common env or the shared Dockerfile builds', () => {
    const text = findings().join('\n');
    expect(text).not.toMatch(/ALPINE_TEST_POSTGRES_PORT|ALPINE_TEST_BACKEND_PORT|ALPINE_TEST_AUTH_PORT|BACKEND_PORT/);
    expect(text).not.toMatch(/ENVIRONMENT|LOG_LEVEL/);
    expect(text).not.toMatch(/compose-schema|compose-unknown-service|compose-port-conflict|compose-invalid-interpolation/);
  });
});
