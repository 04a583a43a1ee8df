import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainExitCode, explainedFindingKeys, explainLog, parseLog, recognise, renderExplain, type ExplainedFailure, type ExplainResult } from '../src/explain/index.js';
import { openSession, type RunOptions } from '../src/fix/engine.js';
import { plain, ansi } from '../src/report/text.js';
import { registry, ruleIds } from '../src/rules/registry.js';
import type { RegistryEntry } from '../src/rules/types.js';
import { copyFixture, FIXTURES, tree } from './helpers.js';

const LOGS = join(FIXTURES, 'logs');
const readLog = (name: string) => readFileSync(join(LOGS, name), 'utf8');

/** The 1-based line of the log where `text` first appears (so that tests do not hard-code numbers). */
function lineOf(log: string, text: string, from = 1): number {
  const lines = log.split(/\r\n|\n|\r/);
  const i = lines.findIndex((l, k) => k + 1 >= from && l.includes(text));
  if (i < 0) throw new Error(`not in log: ${text}`);
  return i + 1;
}

function explainOn(root: string, logName: string, options: RunOptions = {}): ExplainResult {
  return explainLog(readLog(logName), openSession(root), options);
}

function edit(root: string, path: string, from: string, to: string): void {
  const p = join(root, path);
  const text = readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${path} does not contain ${from}`);
  writeFileSync(p, text.replace(from, to));
}

/** Only what the tests assert: ids, files and lines. */
function shape(f: ExplainedFailure) {
  return {
    cause: f.cause,
    rules: f.rules,
    dockerfile: f.dockerfile && `${f.dockerfile.file}:${f.dockerfile.line}`,
    finding: f.finding && `${f.finding.rule} ${f.finding.file}:${f.finding.line}`,
    repair: f.repair,
    fixFiles: f.fix?.files,
  };
}

/** A detector standing in for a rule another change is building: one finding on `needle`. */
function stubRule(id: string, file: string, needle: string, message: string): RegistryEntry {
  return {
    detector: {
      meta: { id, summary: 'test stub', severity: 'error', fix: 'none', docs: '', defaultOptions: {} },
      detect(project) {
        const text = project.sources.read(file).text ?? '';
        const start = text.indexOf(needle);
        if (start < 0) return [];
        return [{ rule: id, severity: 'error', location: { file, start, end: start + needle.length }, message }];
      },
    },
  };
}

const withStub = (stub: RegistryEntry): RunOptions => ({ entries: [...registry.filter((e) => e.detector.meta.id !== stub.detector.meta.id), stub] });

describe('parseLog: the upstream formats', () => {
  it('BuildKit plain progress: the vertex error, the summary and the excerpt are one failure of the step', () => {
    const log = readLog('buildkit-plain-staging-chown.log');
    const { events, segments } = parseLog(log);
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(e.recognised).toMatchObject({ cause: 'user-not-found', subject: 'netra' });
    expect(e.step).toMatchObject({ label: '[stage-1 3/5] COPY --from=builder --chown=netra:netra /root/.local /home/netra/.local', qualifier: 'stage-1', index: 3, total: 5 });
    expect(e.lines).toEqual([lineOf(log, '#10 ERROR:'), lineOf(log, 'ERROR: failed to solve:')]);
    expect(segments[1].excerpts.get(e.step!.label)).toEqual({
      file: 'backend.staging.alpine.Dockerfile',
      line: 12,
      text: 'COPY --from=builder --chown=netra:netra /root/.local /home/netra/.local',
    });
    expect(segments[1].dockerfiles).toEqual(['dockerfiles/backend.staging.alpine.Dockerfile']);
  });

  it('BuildKit tty progress: `=> ERROR [..]` names the step of the summary line; durations are not part of it', () => {
    const log = readLog('compose-tty-frontend-wildcard.log');
    const { events, segments } = parseLog(log);
    expect(events).toHaveLength(1);
    expect(events[0].recognised).toMatchObject({ cause: 'copy-source-not-found', subject: 'frontend' });
    expect(events[0].step).toMatchObject({ label: '[frontend deps 3/4] COPY frontend/package*.json ./', service: 'frontend', stage: 'deps', index: 3, total: 4 });
    expect(segments[1].buildDefinitions.get('frontend')).toBe('frontend.alpine.Dockerfile');
    expect(segments[1].services).toEqual(['frontend']);
  });

  it('the legacy builder: the failure belongs to the last `Step n/m`', () => {
    const { events } = parseLog(readLog('legacy-root-dockerignore.log'));
    expect(events).toHaveLength(1);
    expect(events[0].recognised).toMatchObject({ cause: 'copy-source-not-found', subject: 'shared' });
    expect(events[0].step).toMatchObject({ label: 'Step 10/15 : COPY --chown=netra:netra shared /app/shared', index: 10, total: 15, legacy: true });
  });

  it('Compose v2: WARN lines, `target <service>:` and `[<service> internal]`', () => {
    const { events } = parseLog(readLog('compose-plain-staging-up.log'));
    expect(events.map((e) => [e.recognised?.cause, e.recognised?.subject, e.service])).toEqual([
      ['variable-not-set', 'DATABASE_URL', undefined],
      ['variable-not-set', 'AUTH_PORT', undefined],
      ['dockerfile-not-found', 'backend.staging.alpine.Dockerfile', 'backend'],
    ]);
  });

  it('ANSI colours, CRLF and CI timestamps do not change what is read', () => {
    const log = readLog('buildkit-plain-staging-chown.log');
    const noisy = log
      .split('\n')
      .map((l, i) => `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.1234567Z ${l.startsWith('#10 ERROR') ? `\u001b[31m${l}\u001b[0m` : l}`)
      .join('\r\n');
    const a = parseLog(log).events.map((e) => [e.recognised, e.step?.label, e.lines]);
    const b = parseLog(noisy).events.map((e) => [e.recognised, e.step?.label, e.lines]);
    expect(b).toEqual(a);
  });

  it('recognises the upstream wording of every supported message', () => {
    const cases: Array<[string, string, string]> = [
      ['failed to compute cache key: failed to calculate checksum of ref 6f4a::xq7: "/netra_backend": not found', 'copy-source-not-found', 'netra_backend'],
      ['failed to calculate checksum of ref moby::cyg61taxcu8c9skxxzv7qtf6i: "/.docker": not found', 'copy-source-not-found', '.docker'],
      ['failed to compute cache key: "/yarn.lock" not found: not found', 'copy-source-not-found', 'yarn.lock'],
      ['COPY failed: file not found in build context or excluded by .dockerignore: stat shared: file does not exist', 'copy-source-not-found', 'shared'],
      ['unable to find user netra: no matching entries in passwd file', 'user-not-found', 'netra'],
      ['unable to find group netra: no matching entries in group file', 'group-not-found', 'netra'],
      ['failed to read dockerfile: open backend.alpine.Dockerfile: no such file or directory', 'dockerfile-not-found', 'backend.alpine.Dockerfile'],
      ['unable to prepare context: path "/home/dev/netra/docker/frontend" not found', 'context-not-found', '/home/dev/netra/docker/frontend'],
      ['The "OAUTH_CLIENT_ID" variable is not set. Defaulting to a blank string.', 'variable-not-set', 'OAUTH_CLIENT_ID'],
      ['The \\"POSTGRES_DB\\" variable is not set. Defaulting to a blank string.', 'variable-not-set', 'POSTGRES_DB'],
      ['The DOCKER_SOCK variable is not set. Defaulting to a blank string.', 'variable-not-set', 'DOCKER_SOCK'],
      ['required variable DATABASE_URL is missing a value: set it', 'variable-required', 'DATABASE_URL'],
      ['/srv/netra/docker-compose.yml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion', 'version-obsolete', '/srv/netra/docker-compose.yml'],
      ['invalid interpolation format for services.backend.ports.[].', 'invalid-interpolation', 'services.backend.ports.[]'],
      ['invalid hostPort: 80a', 'invalid-port', '80a'],
      ['Bind for 0.0.0.0:8000 failed: port is already allocated', 'port-allocated', '8000'],
    ];
    for (const [text, cause, subject] of cases) expect(recognise(text), text).toMatchObject({ cause, subject });
    expect(recognise('process "/bin/sh -c npm ci" did not complete successfully: exit code: 1')).toBeNull();
  });
});

describe('explainLog on the example repository', () => {
  it('the staging backend: `unable to find user netra` → chown-user-undefined at the failing COPY', () => {
    const root = copyFixture('netra');
    const r = explainOn(root, 'buildkit-plain-staging-chown.log');
    expect(r.unrecognised).toEqual([]);
    expect(r.failures.map(shape)).toEqual([
      {
        cause: 'user-not-found',
        rules: ['chown-user-undefined'],
        dockerfile: 'dockerfiles/backend.staging.alpine.Dockerfile:12',
        finding: 'chown-user-undefined dockerfiles/backend.staging.alpine.Dockerfile:12',
        repair: undefined,
        fixFiles: ['dockerfiles/backend.staging.alpine.Dockerfile'],
      },
    ]);
    const [f] = r.failures;
    expect(f.step).toMatchObject({ label: '[stage-1 3/5] COPY --from=builder --chown=netra:netra /root/.local /home/netra/.local', stage: 'stage-1' });
    expect(f.step).not.toHaveProperty('qualifier');
    // The same COPY is line 16 of backend.alpine.Dockerfile: the numbers and names of the log decide.
    expect(f.alternatives).toEqual([]);
    expect(f.fix?.applicability).toBe('unsafe');
    expect(f.fix?.diff).toMatch(/^--- a\/dockerfiles\/backend\.staging\.alpine\.Dockerfile\n\+\+\+ b\/dockerfiles\/backend\.staging\.alpine\.Dockerfile\n@@ /);
    expect(explainExitCode(r)).toBe(1);
    expect(explainedFindingKeys(r)).toEqual([f.finding!.key]);
  });

  it('the frontend: the `"/frontend": not found` checksum error → the COPY of frontend/package*.json', () => {
    const root = copyFixture('netra');
    const r = explainOn(root, 'compose-tty-frontend-wildcard.log');
    expect(r.failures.map(shape)).toEqual([
      {
        cause: 'copy-source-not-found',
        rules: ['copy-source-missing', 'copy-source-generated', 'copy-source-ignored', 'copy-wildcard-empty'],
        dockerfile: 'dockerfiles/frontend.alpine.Dockerfile:3',
        finding: 'copy-wildcard-empty dockerfiles/frontend.alpine.Dockerfile:3',
        repair: 'source-missing',
        fixFiles: ['dockerfiles/frontend.alpine.Dockerfile'],
      },
    ]);
    const [f] = r.failures;
    expect(f.service).toBe('frontend');
    expect(f.finding?.context).toBe('frontend');
    expect(f.fix?.diff).toContain('\n-COPY frontend/package*.json ./\n+COPY package*.json ./\n');
  });

  it('the alpine-test compose: `failed to read dockerfile: open dockerfiles/backend.alpine.Dockerfile` → compose-dockerfile-missing', () => {
    const root = copyFixture('netra');
    const r = explainOn(root, 'compose-alpine-test-dockerfile.log');
    expect(r.failures.map(shape)).toEqual([
      {
        cause: 'dockerfile-not-found',
        rules: ['compose-dockerfile-missing'],
        dockerfile: undefined,
        finding: 'compose-dockerfile-missing docker/docker-compose.alpine-test.yml:15',
        repair: 'context',
        fixFiles: ['docker/docker-compose.alpine-test.yml'],
      },
    ]);
    expect(r.failures[0]).toMatchObject({ service: 'alpine-test-backend', composeFile: 'docker/docker-compose.alpine-test.yml' });
    // alpine-test-auth's Dockerfile is missing too, but the log names backend.alpine.Dockerfile.
    expect(r.failures[0].alternatives).toEqual([]);
  });

  it('a log with two failures: the `version` warning and a port already allocated', () => {
    const root = copyFixture('netra');
    const log = readLog('compose-up-root-two-failures.log');
    const r = explainLog(log, openSession(root));
    expect(r.unrecognised).toEqual([]);
    expect(r.failures.map((f) => [f.cause, f.logLines])).toEqual([
      ['version-obsolete', [lineOf(log, 'the attribute `version` is obsolete')]],
      ['port-allocated', [lineOf(log, 'port is already allocated')]],
    ]);
    const [version, port] = r.failures;
    expect(shape(version)).toMatchObject({ rules: ['compose-version'], finding: 'compose-version docker-compose.yml:2', fixFiles: ['docker-compose.yml'] });
    expect(version.fix?.diff).toContain("\n-version: '3.8'\n");
    expect(port).toMatchObject({ rules: ['compose-port-conflict'], service: 'backend' });
    if (!ruleIds.includes('compose-port-conflict')) {
      expect(port.finding).toBeNull();
      expect(port.note).toMatch(/^No dockmend finding explains it/);
    } else if (port.finding) expect(port.finding.rule).toBe('compose-port-conflict');
    expect(explainExitCode(r)).toBe(1);
  });

  it('the staging stack: unset variables and the missing staging Dockerfile', () => {
    const root = copyFixture('netra');
    const r = explainOn(root, 'compose-plain-staging-up.log');
    expect(r.failures.map((f) => [f.cause, f.rules])).toEqual([
      ['variable-not-set', ['compose-undefined-variable']],
      ['variable-not-set', ['compose-undefined-variable']],
      ['dockerfile-not-found', ['compose-dockerfile-missing']],
    ]);
    const [dbUrl, authPort, dockerfile] = r.failures;
    if (ruleIds.includes('compose-undefined-variable')) {
      expect(shape(dbUrl).finding).toBe('compose-undefined-variable docker/docker-compose.staging.alpine.yml:15');
      expect(shape(authPort).finding).toBe('compose-undefined-variable docker/docker-compose.staging.alpine.yml:22');
      expect([dbUrl.service, authPort.service]).toEqual(['backend', 'auth']);
    } else {
      expect([dbUrl.finding, authPort.finding]).toEqual([null, null]);
    }
    expect(shape(dockerfile)).toMatchObject({ finding: 'compose-dockerfile-missing docker/docker-compose.staging.alpine.yml:10', repair: 'context', fixFiles: ['docker/docker-compose.staging.alpine.yml'] });
    expect(dockerfile.service).toBe('backend');
  });

  it('the legacy builder and a .dockerignore that excludes the source → copy-source-ignored', () => {
    const root = copyFixture('netra');
    writeFileSync(join(root, '.dockerignore'), '__pycache__\n*.pyc\n.git\n.env\nshared\n');
    const r = explainOn(root, 'legacy-root-dockerignore.log');
    expect(r.failures.map(shape)).toEqual([
      {
        cause: 'copy-source-not-found',
        rules: ['copy-source-missing', 'copy-source-generated', 'copy-source-ignored', 'copy-wildcard-empty'],
        // `COPY --chown=netra:netra shared /app/shared` is also auth.alpine.Dockerfile:7 and the
        // staging Dockerfile's line 13: `Step 10/15` and `-f` pick this one.
        dockerfile: 'dockerfiles/backend.alpine.Dockerfile:17',
        finding: 'copy-source-ignored dockerfiles/backend.alpine.Dockerfile:17',
        repair: 'source-ignored',
        fixFiles: ['.dockerignore'],
      },
    ]);
    expect(r.failures[0].step).toMatchObject({ legacy: true, index: 10, total: 15 });
    expect(r.failures[0].fix?.diff).toContain('\n+!shared\n');
  });

  it('a compose context left behind (`context: .` after the move into docker/) → the context fix', () => {
    const root = copyFixture('netra');
    edit(root, 'docker/docker-compose.alpine-test.yml', 'dockerfile: dockerfiles/backend.alpine.Dockerfile', 'dockerfile: ../dockerfiles/backend.alpine.Dockerfile');
    const r = explainOn(root, 'compose-plain-alpine-test-context.log');
    expect(r.failures.map(shape)).toEqual([
      {
        cause: 'copy-source-not-found',
        rules: ['copy-source-missing', 'copy-source-generated', 'copy-source-ignored', 'copy-wildcard-empty'],
        dockerfile: 'dockerfiles/backend.alpine.Dockerfile:6',
        finding: 'copy-source-missing dockerfiles/backend.alpine.Dockerfile:6',
        repair: 'context',
        fixFiles: ['docker/docker-compose.alpine-test.yml'],
      },
    ]);
    expect(r.failures[0]).toMatchObject({ service: 'alpine-test-backend' });
    expect(r.failures[0].finding?.context).toBe('docker');
    expect(r.failures[0].fix?.diff).toContain('\n-      context: .\n');
  });

  it('a mistyped COPY path → copy-source-missing with the path fix', () => {
    const root = copyFixture('netra');
    edit(root, 'dockerfiles/auth.alpine.Dockerfile', 'COPY auth_service/requirements.txt ./', 'COPY auth_service/requirement.txt ./');
    const r = explainOn(root, 'buildkit-tty-auth-typo.log');
    expect(r.failures.map(shape)).toEqual([
      {
        cause: 'copy-source-not-found',
        rules: ['copy-source-missing', 'copy-source-generated', 'copy-source-ignored', 'copy-wildcard-empty'],
        dockerfile: 'dockerfiles/auth.alpine.Dockerfile:5',
        finding: 'copy-source-missing dockerfiles/auth.alpine.Dockerfile:5',
        repair: 'source-missing',
        fixFiles: ['dockerfiles/auth.alpine.Dockerfile'],
      },
    ]);
  });

  it('a failure dockmend does not know is said plainly, with its step', () => {
    const root = copyFixture('netra');
    const log = readLog('buildkit-plain-frontend-npm.log');
    const r = explainLog(log, openSession(root));
    expect(r.failures).toEqual([]);
    expect(r.unrecognised).toEqual([
      { step: '[frontend deps 4/4] RUN npm ci', line: lineOf(log, '#8 ERROR:'), text: 'process "/bin/sh -c npm ci" did not complete successfully: exit code: 1' },
    ]);
    expect(explainExitCode(r)).toBe(1);
    expect(renderExplain(r, 'text', plain)).toContain('[frontend deps 4/4] RUN npm ci');
  });

  it('a log from a different repository: recognised, mapped to nothing, no finding guessed', () => {
    const root = copyFixture('netra');
    const r = explainOn(root, 'other-repo-go.log');
    expect(r.failures).toHaveLength(1);
    const [f] = r.failures;
    expect(f).toMatchObject({ cause: 'copy-source-not-found', finding: null, alternatives: [], fix: null });
    expect(f.dockerfile).toBeUndefined();
    expect(f.note).toMatch(/^No dockmend finding explains it/);
    expect(explainExitCode(r)).toBe(1);
    expect(renderExplain(r, 'text', plain)).toContain('No dockmend finding explains it');
  });

  it('a rule that does not run: the failure is recognised, its finding is not guessed', () => {
    const root = copyFixture('netra');
    const r = explainOn(root, 'buildkit-plain-staging-chown.log', { skip: ['chown-user-undefined'] });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ cause: 'user-not-found', rules: ['chown-user-undefined'], finding: null, alternatives: [], fix: null });
    expect(r.failures[0].dockerfile).toMatchObject({ file: 'dockerfiles/backend.staging.alpine.Dockerfile', line: 12 });
    expect(r.failures[0].note).toMatch(/^No dockmend finding explains it.*chown-user-undefined/);
  });

  it('only the summary line pasted: the user alone points at the findings, all listed', () => {
    const root = copyFixture('netra');
    const r = explainLog('ERROR: failed to solve: unable to find user netra: no matching entries in passwd file\n', openSession(root));
    expect(r.failures).toHaveLength(1);
    const [f] = r.failures;
    expect(f.step).toBeUndefined();
    expect(shape(f).finding).toBe('chown-user-undefined dockerfiles/backend.staging.alpine.Dockerfile:12');
    expect(f.alternatives.map((a) => `${a.file}:${a.line}`)).toEqual(['dockerfiles/backend.staging.alpine.Dockerfile:13', 'dockerfiles/backend.staging.alpine.Dockerfile:14']);
  });

  it('a log without a failure exits 0', () => {
    const root = tree({ Dockerfile: 'FROM alpine:3.20\nCOPY app /app\n', 'app/x': '' });
    const log = [
      '#1 [internal] load build definition from Dockerfile',
      '#1 transferring dockerfile: 72B done',
      '#1 DONE 0.0s',
      '#6 [2/2] COPY app /app',
      '#6 DONE 0.0s',
      '#7 exporting to image',
      '#7 DONE 0.1s',
    ].join('\n');
    const r = explainLog(log, openSession(root));
    expect(r).toEqual({ failures: [], unrecognised: [] });
    expect(explainExitCode(r)).toBe(0);
    expect(renderExplain(r, 'text', plain)).toBe('No build failure found in the log.\n');
  });
});

describe('Compose messages for the compose rules (mapped by id)', () => {
  it('recognises interpolation, required-variable and host-port errors with their services', () => {
    const root = copyFixture('netra');
    const log = readLog('compose-config-errors.log');
    const r = explainLog(log, openSession(root), { skip: ['compose-invalid-interpolation', 'compose-invalid-port', 'compose-undefined-variable'] });
    expect(r.failures.map((f) => [f.cause, f.rules, f.service, f.logLines, f.finding])).toEqual([
      ['invalid-interpolation', ['compose-invalid-interpolation'], 'backend', [2, 3, 4], null],
      ['variable-required', ['compose-undefined-variable'], 'backend', [6], null],
      ['invalid-port', ['compose-invalid-port'], 'auth', [8], null],
    ]);
    for (const f of r.failures) expect(f.note).toMatch(/^No dockmend finding explains it/);
  });

  it('maps an interpolation error to the finding holding the template', () => {
    const root = copyFixture('netra');
    edit(root, 'docker/docker-compose.staging.alpine.yml', '"${BACKEND_PORT:-8000}:8000"', '"${BACKEND_PORT:-8000:8000"');
    const file = 'docker/docker-compose.staging.alpine.yml';
    const r = explainLog(readLog('compose-config-errors.log'), openSession(root), withStub(stubRule('compose-invalid-interpolation', file, '${BACKEND_PORT:-8000:8000', 'stub')));
    expect(shape(r.failures[0])).toMatchObject({ cause: 'invalid-interpolation', finding: `compose-invalid-interpolation ${file}:12` });
  });

  it('maps a port already allocated to the finding about that port, in the service the endpoint names', () => {
    const root = copyFixture('netra');
    const stub = stubRule('compose-port-conflict', 'docker-compose.yml', '"${BACKEND_PORT:-8000}:8000"', "Service 'backend': host port 8000 is also published by another stack");
    const r = explainOn(root, 'compose-up-root-two-failures.log', withStub(stub));
    expect(shape(r.failures[1])).toMatchObject({ cause: 'port-allocated', finding: 'compose-port-conflict docker-compose.yml:10' });
    expect(r.failures[1].service).toBe('backend');
  });

  it('maps an invalid host port only to a finding naming that value', () => {
    const root = copyFixture('netra');
    const file = 'docker/docker-compose.staging.alpine.yml';
    const unrelated = stubRule('compose-invalid-port', file, '"${AUTH_PORT}:8081"', "Service 'auth': the host port is empty when AUTH_PORT is not set");
    const r1 = explainLog(readLog('compose-config-errors.log'), openSession(root), withStub(unrelated));
    expect(r1.failures[2]).toMatchObject({ cause: 'invalid-port', finding: null });
    const naming = stubRule('compose-invalid-port', file, '"${AUTH_PORT}:8081"', "Service 'auth': port \"${AUTH_PORT}:8081\" (after interpolation: \"80a:8081\") is invalid: invalid hostPort: 80a");
    const r2 = explainLog(readLog('compose-config-errors.log'), openSession(root), withStub(naming));
    expect(shape(r2.failures[2]).finding).toBe(`compose-invalid-port ${file}:22`);
  });
});

describe('renderExplain', () => {
  it('json is the result itself; text names the step, the place, the finding and the diff', () => {
    const root = copyFixture('netra');
    const r = explainOn(root, 'buildkit-plain-staging-chown.log');
    expect(JSON.parse(renderExplain(r, 'json', plain))).toEqual(JSON.parse(JSON.stringify(r)));
    const text = renderExplain(r, 'text', plain);
    expect(text).toContain('[stage-1 3/5] COPY --from=builder --chown=netra:netra /root/.local /home/netra/.local');
    expect(text).toContain('dockerfiles/backend.staging.alpine.Dockerfile:12');
    expect(text).toContain('chown-user-undefined');
    expect(text).toContain('+++ b/dockerfiles/backend.staging.alpine.Dockerfile');
    expect(text).not.toContain('\u001b[');
    expect(renderExplain(r, 'text', ansi)).toContain('\u001b[');
  });

  it('escapes control characters that came from the log', () => {
    const root = copyFixture('netra');
    const r = explainLog('ERROR: failed to solve: something \u0007odd happened\n', openSession(root));
    expect(r.unrecognised).toHaveLength(1);
    expect(renderExplain(r, 'text', plain)).toContain('something \\x07odd happened');
  });
});

describe('parseLog: what is not a failure of the build', () => {
  it('ignores the output of containers attached by `docker compose up` and the output of RUN steps', () => {
    const log = [
      '$ docker compose up',
      'backend-1   | ERROR: The "X" variable is not set. Defaulting to a blank string.',
      'netra_redis_1  | Error: port is already allocated',
      '#8 [backend builder 5/5] RUN pip install --user --no-cache-dir -r requirements.txt',
      '#8 1.204 ERROR: Could not find a version that satisfies the requirement fastapi==0.0.0',
      '#8 DONE 3.2s',
    ].join('\n');
    expect(parseLog(log).events).toEqual([]);
  });
});

describe('the step names of the brief', () => {
  it('`#12 [backend 4/9] COPY …`: one word before n/m may be the compose service', () => {
    const root = copyFixture('netra');
    writeFileSync(join(root, '.dockerignore'), '__pycache__\n*.pyc\n.git\nnetra_backend\n');
    const log = [
      '#12 [backend 4/9] COPY --chown=netra:netra netra_backend /app/netra_backend',
      '#12 ERROR: failed to calculate checksum of ref 1d9e2c7a-3b4f-4a6e-8c2d-5f7a9b1c3e5d::w8x6v4t2r0p8n6m4k2j0h8g6f: "/netra_backend": not found',
      '------',
      ' > [backend 4/9] COPY --chown=netra:netra netra_backend /app/netra_backend:',
      '------',
      'failed to solve: failed to compute cache key: failed to calculate checksum of ref 1d9e2c7a-3b4f-4a6e-8c2d-5f7a9b1c3e5d::w8x6v4t2r0p8n6m4k2j0h8g6f: "/netra_backend": not found',
      'service "backend" failed to build',
    ].join('\n');
    const r = explainLog(log, openSession(root));
    expect(r.failures.map(shape)).toEqual([
      {
        cause: 'copy-source-not-found',
        rules: ['copy-source-missing', 'copy-source-generated', 'copy-source-ignored', 'copy-wildcard-empty'],
        // The same COPY is line 14 of the staging Dockerfile; service backend of docker-compose.yml builds this one.
        dockerfile: 'dockerfiles/backend.alpine.Dockerfile:18',
        finding: 'copy-source-ignored dockerfiles/backend.alpine.Dockerfile:18',
        repair: 'source-ignored',
        fixFiles: ['.dockerignore'],
      },
    ]);
    expect(r.failures[0].service).toBe('backend');
    expect(r.failures[0].step).toMatchObject({ service: 'backend', index: 4, total: 9 });
    expect(r.failures[0].logLines).toEqual([2, 6]);
  });

  it('docker-compose v1 and `service "x" failed to build` name the service', () => {
    const v1 = parseLog("ERROR: Service 'backend' failed to build : COPY failed: file not found in build context or excluded by .dockerignore: stat shared: file does not exist\n");
    expect(v1.events.map((e) => [e.recognised?.cause, e.service])).toEqual([['copy-source-not-found', 'backend']]);
    const v2 = parseLog('failed to solve: failed to read dockerfile: open backend.alpine.Dockerfile: no such file or directory\nservice "alpine-test-backend" failed to build\n');
    expect(v2.events.map((e) => [e.recognised?.cause, e.service])).toEqual([['dockerfile-not-found', 'alpine-test-backend']]);
  });
});
