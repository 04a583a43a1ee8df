// The compose-schema rule: the generated validator is current, messages name the YAML path,
// the line and what is expected, and interpolated values are checked as Compose checks them.
import { existsSync, mkdtempSync, readFileSync, readdirSync as readdir, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_VALIDATOR_PATH, generateComposeValidator } from '../src/compose/schema-generate.js';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { ProjectVariables, interpolationEnv, setShellEnv } from '../src/compose/env.js';
import { parseComposeFile } from '../src/compose/model.js';
import { schemaProblems } from '../src/compose/schema.js';
import { detect, openSession } from '../src/fix/engine.js';
import { SourceStore } from '../src/project/sources.js';
import { walkTree } from '../src/project/walk.js';
import { tree } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');

describe('generated compose-spec validator', () => {
  it('is what src/compose/schema-generate.ts produces from the installed schema', () => {
    const path = join(ROOT, GENERATED_VALIDATOR_PATH);
    const fresh = generateComposeValidator();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, fresh);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(fresh);
  });
});

beforeAll(() => setShellEnv({}));
afterAll(() => setShellEnv(undefined));

function problems(files: Record<string, string>, path = 'compose.yaml'): string[] {
  const root = tree(files);
  const t = walkTree(root);
  const sources = new SourceStore(root);
  const vars = new ProjectVariables('', interpolationEnv(t, sources, '').env, t, sources);
  return schemaProblems(parseComposeFile(path, files[path]!), vars).map((p) => p.message);
}

describe('compose-schema messages', () => {
  it('name the YAML path and line and say what is expected', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      '    buidl: .',
      '    ports: 8080',
      '    depends_on:',
      '      db:',
      '        condition: service_ready',
      '    build:',
      '      contxt: .',
      'volumes:',
      '  my data: {}',
      '',
    ].join('\n');
    expect(problems({ 'compose.yaml': text })).toEqual([
      'services.web (line 4): unknown key "buidl" (did you mean "build"?).',
      'services.web.ports (line 5): expected a list, got the integer 8080.',
      'services.web.depends_on.db.condition (line 8): expected one of "service_started", "service_healthy", "service_completed_successfully", got the string "service_ready".',
      'services.web.build (line 10): unknown key "contxt" (did you mean "context"?).',
      `volumes (line 12): the name "my data" is invalid; names may only use letters, digits, '.', '_' and '-'.`,
    ]);
  });

  it('checks values after interpolation (defaults, merges), and skips values with unknown variables', () => {
    const text = [
      'x-base: &base',
      '  restart: always',
      'services:',
      '  web:',
      '    <<: *base',
      '    image: nginx',
      '    read_only: "${RO:-false}"',
      '    deploy:',
      '      replicas: ${REPLICAS:-2}',
      '    depends_on:',
      '      db:',
      '        condition: ${COND:-service_ready}',
      '      cache:',
      '        condition: ${CACHE_COND}',
      '',
    ].join('\n');
    expect(problems({ 'compose.yaml': text })).toEqual([
      'services.web.depends_on.db.condition (line 12): expected one of "service_started", "service_healthy", "service_completed_successfully", got the string "service_ready".',
    ]);
  });
});

describe('compose-schema next to a variable that has no value', () => {
  // The value lives in a .env the repository does not ship: ${IMAGE}, ${VERSION} and ${COND}
  // have no default and no value anywhere.
  const text = [
    'services:',
    '  web:',
    '    image: ${IMAGE}',
    '    buidl:',
    '      context: .',
    '      args:',
    '        V: ${VERSION}',
    '    ports: 8080',
    '    depends_on:',
    '      db:',
    '        condition: ${COND}',
    '  db:',
    '    image: postgres',
    '    restrat: always',
    'volumez: {}',
    '',
  ].join('\n');

  it('still reports unknown keys beside it, below it and at the top level, and wrong types beside it', () => {
    const root = tree({ 'compose.yaml': text });
    const findings = detect(openSession(root), { only: ['compose-schema'] }).findings;
    expect(findings.map((f) => [f.rule, f.line, text.slice(f.location.start, f.location.end)])).toEqual([
      ['compose-schema', 4, 'buidl'],
      ['compose-schema', 8, '8080'],
      ['compose-schema', 14, 'restrat'],
      ['compose-schema', 15, 'volumez'],
    ]);
  });

  it('does not judge a value that holds it, nor what contains that value', () => {
    // "${COND}" as written is no valid condition, and ${IMAGE} could be anything: neither is
    // reported, nor is depends_on as a whole (a oneOf whose branch choice the value could change).
    const messages = problems({ 'compose.yaml': text });
    expect(messages.some((m) => /depends_on|image/.test(m.split(' (line')[0]))).toBe(false);
    expect(messages).toHaveLength(4);
  });
});

describe('schema source: no false positive on the real-world corpus', () => {
  const corpus = join(ROOT, '..', 'shared', 'corpus');
  const names = existsSync(join(corpus, 'materialize.mjs')) ? readdir(corpus).filter((n) => existsSync(join(corpus, n, 'paths.tsv'))) : [];
  it.skipIf(names.length === 0)('every compose file of every corpus repository validates', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const name of names) {
      const dest = join(mkdtempSync(join(tmpdir(), 'dockmend-corpus-')), name);
      execFileSync(process.execPath, [join(corpus, 'materialize.mjs'), name, dest]);
      const t = walkTree(dest);
      const sources = new SourceStore(dest);
      for (const f of detect(openSession(dest), { only: ['compose-schema'] }).findings) failures.push(`${name}/${f.location.file}: ${f.message}`);
      // Files dockmend does not discover as compose files (docker-elk's extensions/*/*-compose.yml),
      // validated with their project's (the repository root's) variables.
      for (const e of t.below('')) {
        if (e.kind !== 'file' || !/compose[^/]*\.ya?ml$/.test(e.name) || statSync(join(dest, e.path)).size === 0) continue;
        const text = sources.read(e.path).text;
        if (text === null) continue;
        checked++;
        const vars = new ProjectVariables('', interpolationEnv(t, sources, '').env, t, sources);
        for (const p of schemaProblems(parseComposeFile(e.path, text), vars)) failures.push(`${name}/${e.path}: ${p.message}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });
});

