// Bake files as build definitions: the lazy HCL parser, the position scanner, the evaluated
// model (inherits, variables, functions, matrix, override files) and how command lines name
// Bake files. Rule behaviour is in fixtures/rules/bake-*/.
import { describe, expect, it } from 'vitest';
import { hclParserLoaded } from '../src/bake/hcl-parse.js';
import { readBakeSet, type BakeModel } from '../src/bake/model.js';
import { scanBake } from '../src/bake/spans.js';
import { readInvocations, type PathTests } from '../src/project/invocations.js';
import { buildProject } from '../src/project/project.js';
import { SourceStore } from '../src/project/sources.js';
import { walkTree } from '../src/project/walk.js';
import { tree } from './helpers.js';

const load = (files: Record<string, string>) => {
  const root = tree(files);
  return buildProject(walkTree(root), new SourceStore(root));
};

function model(files: Record<string, string>, names = Object.keys(files), cwd = ''): BakeModel {
  return readBakeSet({ files: names, cwd, foundBy: { kind: 'default' } }, (p) => ({ text: files[p] ?? null }));
}

// First in this file: the parser module's state is per test file.
describe('the HCL parser is loaded lazily', () => {
  it('is not loaded for a repository without Bake files, nor for a JSON Bake file', () => {
    load({ 'compose.yaml': 'services:\n  app:\n    build: .\n', Dockerfile: 'FROM alpine\n' });
    expect(hclParserLoaded()).toBe(false);
    const p = load({ 'docker-bake.json': '{"target": {"app": {}}}', Dockerfile: 'FROM alpine\n' });
    expect(p.contexts.some((c) => c.origin.kind === 'bake')).toBe(true);
    expect(hclParserLoaded()).toBe(false);
  });
  it('is loaded when an HCL Bake file exists', () => {
    const p = load({ 'docker-bake.hcl': 'target "app" {}\n', Dockerfile: 'FROM alpine\n' });
    expect(hclParserLoaded()).toBe(true);
    expect(p.contexts.filter((c) => c.origin.kind === 'bake').map((c) => [c.dir, c.dockerfile])).toEqual([['', 'Dockerfile']]);
  });
});

describe('scanBake: where blocks and attributes are written', () => {
  const hcl = [
    '# comment with "quotes" and { braces }',
    'variable "V" { default = "x" }',
    'target "app" {',
    '  context    = "apps/web" // trailing',
    '  /* block',
    '     comment */',
    '  dockerfile = "${V}/Dockerfile"',
    '  labels = <<EOT',
    'context = "not an attribute"',
    'EOT',
    '  inherits = ["a", "b"]',
    '  args = {',
    '    A = "1"',
    '  }',
    '  escaped = "a\\"b"',
    '}',
    '',
  ].join('\n');
  it('finds a target\'s attributes, their literals, list items and line ends', () => {
    const spans = scanBake(hcl, 'hcl')!;
    const app = spans.blocks.find((b) => b.type === 'target' && b.label === 'app')!;
    expect(app.attributes.map((a) => a.name)).toEqual(['context', 'dockerfile', 'labels', 'inherits', 'args', 'escaped']);
    const context = app.attributes[0]!;
    expect(hcl.slice(context.value.start, context.value.end)).toBe('"apps/web"');
    expect(context.value.literal).toBe('apps/web');
    expect(context.indent).toBe('  ');
    expect(hcl.slice(context.lineEnd)).toMatch(/^ {2}\/\* block/);
    // A template or an escape is not a plain literal: never rewritten.
    expect(app.attributes[1]!.value.literal).toBeNull();
    expect(app.attributes[5]!.value.literal).toBeNull();
    expect(app.attributes[3]!.items!.map((i) => i.literal)).toEqual(['a', 'b']);
    expect(hcl.slice(app.attributes[4]!.value.start, app.attributes[4]!.value.end)).toBe('{\n    A = "1"\n  }');
  });
  it('reads JSON positions', () => {
    const json = '{\n  "target": {\n    "app": { "context": "web", "inherits": ["x"] }\n  }\n}\n';
    const app = scanBake(json, 'json')!.blocks[0]!;
    expect(app.label).toBe('app');
    expect(json.slice(app.attributes[0]!.value.start, app.attributes[0]!.value.end)).toBe('"web"');
    expect(app.attributes[1]!.items![0]!.literal).toBe('x');
  });
  it('gives up on text it cannot scan rather than guess', () => {
    expect(scanBake('target "a" {\n  context = "unterminated\n}\n', 'hcl')).toBeNull();
    expect(scanBake('{"target": ', 'json')).toBeNull();
  });
});

describe('readBakeSet: targets as Bake resolves them', () => {
  it('merges inherited targets (maps key by key), applies defaults and user functions', () => {
    const m = model({
      'docker-bake.hcl': [
        'variable "REGISTRY" { default = "docker.io/acme" }',
        'variable "VERSION" {}',
        'function "tag" {',
        '  params = [name]',
        '  result = ["${REGISTRY}/${name}:${notequal(VERSION, "") ? VERSION : "latest"}"]',
        '}',
        'target "_common" {',
        '  context = "src"',
        '  args = { A = "1", B = "2" }',
        '}',
        'target "app" {',
        '  inherits = ["_common"]',
        '  args = { B = "3" }',
        '  contexts = { shared = "./lib" }',
        '  tags = tag("app")',
        '  target = equal(VERSION, "") ? "dev" : "prod"',
        '}',
        '',
      ].join('\n'),
    });
    const app = m.targets.find((t) => t.name === 'app')!;
    expect(app).toMatchObject({ context: 'src', dockerfile: 'Dockerfile', args: { A: '1', B: '3' }, contexts: { shared: './lib' }, tags: ['docker.io/acme/app:latest'], target: 'dev', inheritedOnly: false });
    // VERSION has no default: what depends on it is not certain.
    expect([...app.uncertain].sort()).toEqual(['target']);
    expect(app.contextAt).toMatchObject({ own: false, block: '_common' });
    expect(m.targets.find((t) => t.name === '_common')!.inheritedOnly).toBe(true);
    expect(m.problems).toEqual([]);
  });
  it('merges files in order: an override file wins', () => {
    const m = model({ 'docker-bake.hcl': 'target "app" {\n  dockerfile = "a.Dockerfile"\n  target = "x"\n}\n', 'docker-bake.override.hcl': 'target "app" {\n  dockerfile = "b.Dockerfile"\n}\n' });
    expect(m.targets).toHaveLength(1);
    expect(m.targets[0]).toMatchObject({ dockerfile: 'b.Dockerfile', target: 'x' });
    expect(m.targets[0]!.dockerfileAt).toMatchObject({ file: 'docker-bake.override.hcl', own: true });
  });
  it('expands a static matrix and names the generated targets', () => {
    const m = model({ 'docker-bake.hcl': 'target "app" {\n  name = "app-${v}"\n  matrix = { v = ["a", "b"] }\n  dockerfile = "${v}.Dockerfile"\n}\ngroup "default" {\n  targets = ["app"]\n}\n' });
    expect(m.targets.map((t) => [t.name, t.dockerfile])).toEqual([
      ['app-a', 'a.Dockerfile'],
      ['app-b', 'b.Dockerfile'],
    ]);
    expect(m.problems).toEqual([]);
  });
  it('global attributes are values too; a variable cycle is cut', () => {
    const m = model({ 'docker-bake.hcl': 'DIR = "web"\nvariable "A" { default = B }\nvariable "B" { default = A }\ntarget "app" {\n  context = DIR\n  args = { X = A }\n}\n' });
    expect(m.targets[0]).toMatchObject({ context: 'web', args: {} });
    expect(m.problems.map((p) => p.kind)).toEqual(['unknown-variable']);
  });
  it('reads JSON Bake files, whose strings are templates too', () => {
    const m = model({ 'docker-bake.json': JSON.stringify({ variable: { D: { default: 'docker' } }, target: { app: { dockerfile: '${D}/app.Dockerfile', inherits: ['nope'] } } }) });
    expect(m.targets[0]).toMatchObject({ dockerfile: 'docker/app.Dockerfile' });
    expect(m.problems).toMatchObject([{ kind: 'unknown-target', name: 'nope', from: { kind: 'inherits', name: 'app' } }]);
  });
  it('a file that is not text, or not HCL, is one problem and no target; the file itself is invalid', () => {
    expect(model({ 'docker-bake.hcl': '\u0000\u0000\u0000' }).problems).toMatchObject([{ kind: 'unreadable', invalid: true }]);
    const broken = model({ 'docker-bake.hcl': 'target "a" {\n  context = \n' });
    expect(broken.problems).toMatchObject([{ kind: 'unreadable', invalid: true }]);
    expect(broken.targets).toEqual([]);
  });
});

describe('command lines that name Bake files', () => {
  const tests = (files: string[]): PathTests => {
    const dirs = new Set(['']);
    for (const f of files) for (let i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
    return { isFile: (p) => files.includes(p), isDir: (p) => dirs.has(p) };
  };
  it('docker buildx bake -f / docker bake --file, from the directory the command runs in', () => {
    const r = readInvocations(
      [{ path: 'Makefile', kind: 'makefile', text: 'images:\n\tdocker buildx bake -f ci/bake.hcl -f ci/bake.override.hcl --set "*.platform=linux/amd64" app\n\tcd ci && docker bake --file=bake.hcl\n\tdocker buildx bake -f compose.yaml\n\tdocker buildx bake -f missing.hcl\n' }],
      tests(['ci/bake.hcl', 'ci/bake.override.hcl', 'compose.yaml']),
    );
    expect(r.bakes.map((b) => [b.files, b.cwd, b.origin.line])).toEqual([
      [['ci/bake.hcl', 'ci/bake.override.hcl'], '', 2],
      [['ci/bake.hcl'], 'ci', 3],
    ]);
  });
  it('docker/bake-action with files: and workdir:', () => {
    const workflow = [
      'jobs:',
      '  build:',
      '    steps:',
      '      - uses: docker/bake-action@v6',
      '        with:',
      '          workdir: images',
      '          files: |',
      '            docker-bake.hcl',
      '            ./override.json',
      '      - uses: docker/bake-action@v6',
      '        with:',
      '          files: ${{ matrix.file }}',
      '',
    ].join('\n');
    const r = readInvocations([{ path: '.github/workflows/ci.yml', kind: 'github-workflow', text: workflow }], tests(['images/docker-bake.hcl', 'images/override.json']));
    expect(r.bakes.map((b) => [b.files, b.cwd, b.origin.line])).toEqual([[['images/docker-bake.hcl', 'images/override.json'], 'images', 7]]);
  });
  it('a bake-action file made in CI (an expression) is kept as external; the repository\'s files are read', () => {
    const workflow = 'jobs:\n  b:\n    steps:\n      - uses: docker/bake-action@v5\n        with:\n          files: ./docker-bake.hcl, cwd://${{ steps.meta.outputs.bake-file }}\n';
    const r = readInvocations([{ path: '.github/workflows/ci.yml', kind: 'github-workflow', text: workflow }], tests(['docker-bake.hcl']));
    expect(r.bakes.map((b) => [b.files, b.cwd, b.external])).toEqual([[['docker-bake.hcl'], '', ['cwd://${{ steps.meta.outputs.bake-file }}']]]);
  });
  it('a -f set is read from the command\'s directory: contexts resolve there', () => {
    const p = load({
      'Makefile': 'build:\n\tdocker buildx bake -f docker/bake.hcl\n',
      'docker/bake.hcl': 'target "app" {\n  context = "."\n  dockerfile = "docker/app.Dockerfile"\n}\n',
      'docker/app.Dockerfile': 'FROM alpine\nCOPY src/ /src/\n',
      'src/main.c': '',
    });
    expect(p.contexts.filter((c) => c.origin.kind === 'bake').map((c) => [c.dir, c.dockerfile, c.dockerfileExists])).toEqual([['', 'docker/app.Dockerfile', true]]);
  });
});

describe('Bake builds in the outputs', () => {
  it('scan --show-vars builds and the context report name the Bake target', async () => {
    const { foundBuilds } = await import('../src/report/json.js');
    const { contextReport } = await import('../src/report/context.js');
    const { openSession } = await import('../src/fix/engine.js');
    const files = {
      'docker-bake.json': JSON.stringify({ target: { web: { context: 'web', dockerfile: 'Dockerfile' } } }),
      'web/Dockerfile': 'FROM nginx\nCOPY index.html /usr/share/nginx/html/\n',
      'web/index.html': '<p>\n',
      'compose.yaml': 'services:\n  web:\n    build: web\n',
    };
    expect(foundBuilds(load(files))).toEqual([{ source: 'bake', dockerfile: 'web/Dockerfile', context: 'web', target: 'web', file: 'docker-bake.json' }]);
    const report = contextReport(openSession(tree(files)), {});
    expect(report.rows.find((r) => r.context === 'web')!.builds).toEqual([
      { source: 'compose', file: 'compose.yaml', service: 'web', dockerfile: 'web/Dockerfile' },
      { source: 'bake', file: 'docker-bake.json', target: 'web', dockerfile: 'web/Dockerfile' },
    ]);
  });
});

describe('hostile Bake files', () => {
  it('deep nesting, huge templates and binary content end as findings, never a crash', () => {
    const deep = `target "a" {\n  context = ${'('.repeat(20000)}"x"${')'.repeat(20000)}\n}\n`;
    const json = `{"target": {"a": {"args": ${'['.repeat(5000)}${']'.repeat(5000)}}}}`;
    const p = load({ 'docker-bake.hcl': deep, 'sub/docker-bake.json': json, 'bin/docker-bake.hcl': '\u0000\u0001\u0002', Dockerfile: 'FROM alpine\n' });
    expect(p.bake!.length).toBe(3);
    for (const m of p.bake!) expect(m.targets.length + m.problems.length).toBeGreaterThan(0);
    // The Go runtime does not survive a failure; the next file is read by a fresh one.
    const after = model({ 'docker-bake.hcl': 'target "ok" {\n  context = "."\n}\n' });
    expect(after.problems).toEqual([]);
    expect(after.targets.map((t) => t.name)).toEqual(['ok']);
  });
});

describe('scan --show-vars', () => {
  it('lists the Bake sets read, where they run from and their targets', async () => {
    const { spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const root = tree({ 'docker-bake.json': JSON.stringify({ variable: { V: {} }, target: { _t: { args: { A: '1' } }, app: { inherits: ['_t'], context: 'app', target: '${V}' } } }), 'app/Dockerfile': 'FROM alpine\n' });
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'dockmend.js'), 'scan', '--show-vars', root], { encoding: 'utf8' });
    expect(r.stderr).toContain('Bake files (files  [run from]  found by: targets as context + dockerfile):\n  docker-bake.json  [.]  default files\n    _t: template, not built alone\n    app: app + Dockerfile  (target: from a variable with no default)\n');
  });
});

describe('what Bake reads besides its own targets (review)', () => {
  const withCompose = {
    'compose.yaml': 'services:\n  app:\n    build: ./app\n',
    'app/Dockerfile': 'FROM alpine\nCOPY . /app\n',
    'docker-bake.hcl': 'group "default" {\n  targets = ["app", "extra"]\n}\ntarget "extra" {\n  inherits = ["app"]\n  tags = ["me/extra"]\n}\n',
  };
  it('the services of the compose file Bake reads are targets: groups and inherits may name them (bake.go defaultFilenames, ParseFiles)', () => {
    const p = load(withCompose);
    expect(p.bake!.flatMap((m) => m.problems)).toEqual([]);
    // `extra` builds with the service's context and Dockerfile, which the Bake model does not hold: not checked as ./Dockerfile.
    expect(p.contexts.filter((c) => c.origin.kind === 'bake')).toEqual([]);
  });
  it('near miss: a name that is neither a target nor a service stays unknown', () => {
    const p = load({ ...withCompose, 'docker-bake.hcl': 'group "default" {\n  targets = ["ap"]\n}\n' });
    expect(p.bake!.flatMap((m) => m.problems).map((x) => x.kind)).toEqual(['unknown-target']);
  });
  it('a null entry of an heir keeps the parent value (bake.go Target.Merge)', () => {
    const m = model({ 'docker-bake.hcl': 'target "base" {\n  args = { A = "x", B = "y" }\n}\ntarget "app" {\n  inherits = ["base"]\n  args = { A = null, B = "z" }\n}\n' });
    expect(m.targets.find((t) => t.name === 'app')!.args).toEqual({ A: 'x', B: 'z' });
  });
  it('BAKE_CMD_CONTEXT is "cwd://" for a local run (commands/bake.go)', () => {
    const m = model({ 'docker-bake.hcl': 'target "default" {\n  context = BAKE_CMD_CONTEXT\n}\n' });
    expect(m.problems).toEqual([]);
    expect(m.targets[0]!.context).toBe('cwd://');
  });
  it('an scp-like git address is a remote context, not a folder', () => {
    const p = load({ 'docker-bake.hcl': 'target "default" {\n  context = "deploy@git.example.com:org/repo.git"\n}\n' });
    expect(p.contexts.filter((c) => c.origin.kind === 'bake')).toEqual([]);
  });
});
