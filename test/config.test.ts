// Configuration: discovery, formats, validation (and its agreement with the shipped JSON
// Schema), ignorePaths, and the projects/contexts plumbing into RunOptions.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import { findConfig, globToRegExp, ignoreFilterFor, loadConfig, validateConfig } from '../src/config.js';
import type { RunOptions } from '../src/fix/engine.js';
import { ruleIds } from '../src/rules/registry.js';
import { cli, tree } from './helpers.js';

const seen: RunOptions[] = [];
vi.mock('../src/fix/engine.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/fix/engine.js')>();
  return {
    ...real,
    detect: (session: Parameters<typeof real.detect>[0], options: RunOptions) => {
      seen.push(options);
      return real.detect(session, options);
    },
  };
});

const ROOT = join(import.meta.dirname, '..');
const SCHEMA_PATH = join(ROOT, 'schema', 'dockmend.config.schema.json');
const composeWithVersion = { 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: nginx\n', 'docker/compose.ci.yaml': 'services: {}\n' };

describe('config discovery', () => {
  it('reads each file kind; dockmend.config.json wins over .dockmendrc.* over package.json', () => {
    const off = { rules: { 'compose-version': 'off' } };
    const root = tree({
      'dockmend.config.json': JSON.stringify(off),
      '.dockmendrc.json': JSON.stringify({ rules: { 'compose-version': 'info' } }),
      '.dockmendrc.yaml': 'rules:\n  compose-version: error\n',
      'package.json': JSON.stringify({ name: 'x', dockmend: { rules: { 'compose-version': 'warning' } } }),
    });
    expect(loadConfig(root).rules['compose-version'].severity).toBe('off');
    for (const [file, severity] of [
      ['dockmend.config.json', 'info'],
      ['.dockmendrc.json', 'error'],
      ['.dockmendrc.yaml', 'warning'],
    ] as const) {
      rmSync(join(root, file));
      expect(loadConfig(root).rules['compose-version'].severity, `without ${file}`).toBe(severity);
    }
  });

  it('.dockmendrc.yml and package.json "dockmend" are read; a package.json without the key is skipped', () => {
    const yml = tree({ '.dockmendrc.yml': '# comment\nignorePaths: [vendor/**]\n' });
    expect(loadConfig(yml).ignorePaths).toEqual(['vendor/**']);
    const pkg = tree({ 'sub/package.json': '{"name":"a"}', 'package.json': JSON.stringify({ dockmend: { ignorePaths: ['x'] } }), '.git/HEAD': '' });
    expect(loadConfig(join(pkg, 'sub'))).toMatchObject({ path: join(pkg, 'package.json'), ignorePaths: ['x'] });
  });

  it('searches from the root up to the repository root, not beyond', () => {
    const outer = tree({ 'dockmend.config.json': '{ "rules": { "compose-version": "off" } }', 'repo/.git/HEAD': '', 'repo/a/b/compose.yaml': 'services: {}\n' });
    expect(findConfig(join(outer, 'repo', 'a', 'b'))).toBeNull();
    writeFileSync(join(outer, 'repo', '.dockmendrc.json'), '{}');
    expect(findConfig(join(outer, 'repo', 'a', 'b'))?.path).toBe(join(outer, 'repo', '.dockmendrc.json'));
    // Without a repository, the search goes on to the filesystem root.
    const noRepo = tree({ 'dockmend.config.json': '{}', 'a/b/c.txt': '' });
    expect(findConfig(join(noRepo, 'a', 'b'))?.path).toBe(join(noRepo, 'dockmend.config.json'));
  });

  it('a config above the root applies to the scan (found from the target root upward)', async () => {
    const root = tree({ ...composeWithVersion, 'dockmend.config.json': '{ "rules": { "compose-version": ["error", { "policy": "add" }] } }', '.git/HEAD': '' });
    for (const [args, cwd] of [
      [['docker'], root],
      [[], join(root, 'docker')],
    ] as const) {
      const r = await cli(['scan', '--format', 'json', '--rule', 'compose-version', ...args], cwd);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).findings.map((f: { file: string; severity: string }) => [f.file, f.severity])).toEqual([['compose.ci.yaml', 'error']]);
    }
  });

  it('--config overrides discovery (JSON, YAML or package.json)', async () => {
    const root = tree({ ...composeWithVersion, 'dockmend.config.json': '{ "rules": { "compose-version": "off" } }', 'ci/strict.yaml': 'rules:\n  compose-version: error\n' });
    expect((await cli(['scan', '--rule', 'compose-version'], root)).code).toBe(0);
    const r = await cli(['scan', '--rule', 'compose-version', '--config', 'ci/strict.yaml'], root);
    expect(r.code).toBe(1);
    expect((await cli(['scan', '--config', 'nope.json'], root)).stderr).toMatch(/cannot read config .*nope\.json: no such file/);
  });
});

describe('config validation', () => {
  it.each([
    ['dockmend.config.json', '{ "rules": { "compose-version": "loud" } }', /dockmend\.config\.json: "rules\.compose-version": expected "off", "info", "warning", "error" or \[severity, options\]/],
    ['dockmend.config.json', '{ "rules": { "nope": "off" } }', /"rules\.nope": unknown rule \(known: /],
    ['dockmend.config.json', '{ "rules": { "compose-version": ["warning", 3] } }', /"rules\.compose-version\[1\]": options must be an object/],
    ['dockmend.config.json', '{ "rule": {} }', /"rule": unknown key \(expected one of rules, ignorePaths, projects, contexts\)/],
    ['dockmend.config.json', '{ "ignorePaths": "vendor" }', /"ignorePaths": expected an array of strings/],
    ['dockmend.config.json', '{ "ignorePaths": ["!keep"] }', /"ignorePaths\[0\]": negated patterns/],
    ['dockmend.config.json', '{ "ignorePaths": ["a[b"] }', /"ignorePaths\[0\]": unclosed "\["/],
    ['dockmend.config.json', '{ "projects": [{ "file": ["a.yml"] }] }', /"projects\[0\]\.file": unknown key/],
    ['dockmend.config.json', '{ "projects": [{ "files": [] }] }', /"projects\[0\]\.files": expected at least one compose file/],
    ['dockmend.config.json', '{ "projects": [{ "files": ["a.yml"], "envFile": 1 }] }', /"projects\[0\]\.envFile": expected a non-empty path string/],
    ['dockmend.config.json', '{ "contexts": [{ "dockerfile": "Dockerfile" }] }', /"contexts\[0\]\.context": required/],
    ['dockmend.config.json', '[]', /dockmend\.config\.json: expected an object at the top level/],
    ['dockmend.config.json', '{ "rules": ', /dockmend\.config\.json: invalid JSON/],
    ['.dockmendrc.yaml', 'rules: [\n', /\.dockmendrc\.yaml: invalid YAML/],
    ['.dockmendrc.yaml', 'rules:\n  compose-version: loud\n', /\.dockmendrc\.yaml: "rules\.compose-version": expected/],
    ['package.json', '{ "dockmend": { "rules": 1 } }', /package\.json: "dockmend\.rules": expected an object/],
    ['package.json', '{ "dockmend": [] }', /package\.json: "dockmend": expected an object/],
  ])('%s %s → exit 2', async (file, text, message) => {
    const r = await cli(['scan'], tree({ [file]: text }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('ignorePaths', () => {
  it('globs: * and ? stay in a segment, ** spans segments, classes and braces, directories cover what is below', () => {
    const m = (glob: string, path: string) => {
      const f = ignoreFilterFor({ rules: {}, ignorePaths: [glob], projects: [], contexts: [] }, '/r');
      return f!.matches(path);
    };
    expect(m('vendor', 'vendor/a/compose.yaml')).toBe(true);
    expect(m('vendor/', 'vendor/compose.yaml')).toBe(true);
    expect(m('vendor/**', 'vendor/a/b')).toBe(true);
    expect(m('vendor', 'src/vendor/x')).toBe(false);
    expect(m('**/vendor', 'src/vendor/x')).toBe(true);
    expect(m('*.yml', 'a.yml')).toBe(true);
    expect(m('*.yml', 'd/a.yml')).toBe(false);
    expect(m('**/*.yml', 'd/e/a.yml')).toBe(true);
    expect(m('d?/x', 'd1/x')).toBe(true);
    expect(m('d?/x', 'd12/x')).toBe(false);
    expect(m('[ab]/x', 'b/x')).toBe(true);
    expect(m('[!ab]/x', 'b/x')).toBe(false);
    expect(m('{a,b}/x', 'a/x')).toBe(true);
    expect(m('./a.(yml)', 'a.(yml)')).toBe(true);
    expect(globToRegExp('a/**/b').test('a/b')).toBe(true);
    expect(globToRegExp('a/**/b').test('a/x/y/b')).toBe(true);
  });

  it('globs are relative to the config file, also when the scan root is below it', () => {
    const f = ignoreFilterFor({ dir: '/repo', rules: {}, ignorePaths: ['svc/vendor'], projects: [], contexts: [] }, '/repo/svc');
    expect(f!.matches('vendor/compose.yaml')).toBe(true);
    expect(f!.matches('compose.yaml')).toBe(false);
  });

  it('drops findings in matching files, in scan and in fix', async () => {
    const root = tree({ ...composeWithVersion, 'dockmend.config.json': '{ "ignorePaths": ["docker/**"] }' });
    const r = await cli(['scan', '--format', 'json', '--rule', 'compose-version'], root);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    const d = await cli(['fix', '--dry-run', '--rule', 'compose-version'], root);
    expect(d.code).toBe(0);
    expect(d.stdout).toBe('');
  });
});

describe('projects and contexts', () => {
  it('are validated and passed to the engine, rebased onto the scan root', async () => {
    const root = tree({
      ...composeWithVersion,
      '.git/HEAD': '',
      'dockmend.config.json': JSON.stringify({
        projects: [{ files: ['docker/compose.ci.yaml', 'docker/compose.override.yaml'], projectDirectory: '.', envFile: '.env.ci' }],
        contexts: [{ dockerfile: 'docker/Dockerfile.ci', context: '.' }],
        ignorePaths: ['tmp'],
      }),
    });
    seen.length = 0;
    await cli(['scan'], root);
    expect(seen[0].projects).toEqual([{ files: ['docker/compose.ci.yaml', 'docker/compose.override.yaml'], projectDirectory: '.', envFile: '.env.ci' }]);
    expect(seen[0].contexts).toEqual([{ dockerfile: 'docker/Dockerfile.ci', context: '.' }]);
    expect(seen[0].ignorePaths?.patterns).toEqual(['tmp']);
    seen.length = 0;
    await cli(['scan', 'docker'], root);
    expect(seen[0].projects).toEqual([{ files: ['compose.ci.yaml', 'compose.override.yaml'], projectDirectory: '..', envFile: '../.env.ci' }]);
    expect(seen[0].contexts).toEqual([{ dockerfile: 'Dockerfile.ci', context: '..' }]);
  });
});

describe('the shipped JSON Schema', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));

  it('lists every rule id (UPDATE_SCHEMA=1 rewrites the list after a rule is added)', () => {
    const enumPath = schema.properties.rules.propertyNames;
    if (process.env.UPDATE_SCHEMA === '1' && JSON.stringify(enumPath.enum) !== JSON.stringify(ruleIds)) {
      enumPath.enum = [...ruleIds];
      writeFileSync(SCHEMA_PATH, `${JSON.stringify(schema, null, 2)}\n`);
    }
    expect(enumPath.enum, 'schema/dockmend.config.schema.json: run UPDATE_SCHEMA=1 npx vitest run test/config.test.ts').toEqual([...ruleIds]);
  });

  it('ships in the package', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schema');
  });

  const examples: [string, unknown, boolean][] = [
    ['empty', {}, true],
    ['$schema', { $schema: './node_modules/dockmend/schema/dockmend.config.schema.json' }, true],
    ['severities', { rules: { 'compose-version': 'off', 'parse-error': 'error', 'dockerignore-missing': 'info' } }, true],
    ['tuple', { rules: { 'compose-version': ['warning', { policy: 'remove' }] } }, true],
    ['one-element tuple', { rules: { 'compose-version': ['warning'] } }, true],
    ['everything', { ignorePaths: ['vendor/**', '**/testdata'], projects: [{ files: ['a.yml', 'b.yml'], projectDirectory: '.', envFile: '.env.ci' }, { files: ['c.yml'] }], contexts: [{ dockerfile: 'Dockerfile', context: '.' }] }, true],
    ['bad severity', { rules: { 'compose-version': 'loud' } }, false],
    ['unknown rule', { rules: { 'no-such-rule': 'off' } }, false],
    ['options not an object', { rules: { 'compose-version': ['warning', 'x'] } }, false],
    ['too long tuple', { rules: { 'compose-version': ['warning', {}, {}] } }, false],
    ['empty tuple', { rules: { 'compose-version': [] } }, false],
    ['unknown top-level key', { rule: {} }, false],
    ['ignorePaths not an array', { ignorePaths: 'vendor' }, false],
    ['empty glob', { ignorePaths: [''] }, false],
    ['negated glob', { ignorePaths: ['!x'] }, false],
    ['project without files', { projects: [{ projectDirectory: '.' }] }, false],
    ['project with no file', { projects: [{ files: [] }] }, false],
    ['project unknown key', { projects: [{ files: ['a'], env: 'x' }] }, false],
    ['context without dockerfile', { contexts: [{ context: '.' }] }, false],
    ['context unknown key', { contexts: [{ dockerfile: 'D', context: '.', target: 'x' }] }, false],
    ['not an object', [], false],
  ];

  it.each(examples)('agrees with the built-in validation: %s', (_name, example, valid) => {
    const ajv = new Ajv({ allErrors: true, strictTuples: false });
    const validate = ajv.compile(schema);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(valid);
    let ok = true;
    try {
      validateConfig(example, { file: 'x', prefix: '' });
    } catch {
      ok = false;
    }
    expect(ok).toBe(valid);
  });

  it('the configs in docs/config.md and README.md validate', () => {
    const ajv = new Ajv({ allErrors: true, strictTuples: false });
    const validate = ajv.compile(schema);
    for (const doc of ['docs/config.md', 'README.md']) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
      const configs = blocks.map((b) => ('dockmend' in b ? b.dockmend : b)).filter((b) => !('name' in b));
      expect(configs.length, doc).toBeGreaterThan(0);
      for (const c of configs) {
        expect(validate(c), `${doc}: ${JSON.stringify(validate.errors)}`).toBe(true);
        validateConfig(c, { file: doc, prefix: '' });
      }
    }
  });

  it('a config file written to disk with $schema loads', () => {
    const root = tree({});
    mkdirSync(join(root, 'x'));
    writeFileSync(join(root, 'x', 'dockmend.config.json'), JSON.stringify({ $schema: '../schema.json', rules: { 'compose-version': 'error' } }));
    expect(loadConfig(join(root, 'x')).rules['compose-version'].severity).toBe('error');
  });
});
