// bin/load-cli.js: the bundle runs from V8's code cache when the cache was made from it, and
// from source otherwise (another build's, corrupt or missing cache), with the same result.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
// `npm test` builds first; a bare `vitest run` without dist/ has nothing to load.
const built = existsSync(join(ROOT, 'dist', 'cli.cjs'));
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A copy of bin/load-cli.js and dist/cli.cjs(.cache) in a scratch directory, laid out as in the package. */
function install(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockmend-load-'));
  scratch.push(dir);
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  cpSync(join(ROOT, 'bin', 'load-cli.js'), join(dir, 'bin', 'load-cli.js'));
  cpSync(join(ROOT, 'bin', 'package.json'), join(dir, 'bin', 'package.json'));
  // The bundle, the chunks it loads on demand (the Compose-schema validator, yaml) and their caches.
  for (const file of ['cli.cjs', 'compose-spec.cjs', 'yaml.cjs', 'bake.cjs']) {
    cpSync(join(ROOT, 'dist', file), join(dir, 'dist', file));
    cpSync(join(ROOT, 'dist', `${file}.cache`), join(dir, 'dist', `${file}.cache`));
  }
  // As in the package: an ES module package whose bin/ is CommonJS (bin/package.json).
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

/** Load the bundle in a fresh process; what became of the cache and what --version printed. */
function load(dir: string): { cache: string; version: string } {
  const script = `import { loadCli } from ${JSON.stringify(join(dir, 'bin', 'load-cli.js'))};
const { exports, cache } = loadCli();
let out = '';
await exports.main(['--version'], { stdout: { write: (s) => (out += s) }, stderr: process.stderr, stdinIsTTY: false, cwd: process.cwd() });
console.log(JSON.stringify({ cache, version: out.trim() }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { cache: string; version: string };
}

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe.skipIf(!built)('bin/load-cli.js', () => {
  let dir = '';
  beforeAll(() => {
    dir = install();
  });

  it('the build wrote a code cache next to the bundle', () => {
    expect(existsSync(join(ROOT, 'dist', 'cli.cjs.cache'))).toBe(true);
  });

  it('runs the bundle from the code cache the build wrote', () => {
    expect(load(dir)).toEqual({ cache: 'used', version });
  });

  it('ignores a cache written for another build, and compiles from source', () => {
    const other = install();
    const bundle = readFileSync(join(other, 'dist', 'cli.cjs'), 'latin1');
    writeFileSync(join(other, 'dist', 'cli.cjs'), bundle.replace(/\/\/ dockmend build [0-9a-f-]+/, '// dockmend build 00000000-0000-0000-0000-000000000000'), 'latin1');
    expect(load(other)).toEqual({ cache: 'stale', version });
  });

  it('the bundle is ASCII, one function expression, and names its build on its first line (the loader relies on all three)', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'cli.cjs'));
    expect(bundle.findIndex((b) => b > 0x7f)).toBe(-1);
    const text = bundle.toString('latin1');
    expect(text).toMatch(/^\(function \(exports, require, module, __filename, __dirname, __dockmendImport, __dockmendChunk\) \{\/\/ dockmend build [0-9a-f-]{36}\n/);
    expect(text.trimEnd().endsWith('})')).toBe(true);
    // Each chunk is such a function of the same build.
    const build = /dockmend build ([0-9a-f-]{36})/.exec(text)![1];
    for (const chunk of ['yaml.cjs', 'compose-spec.cjs', 'bake.cjs', 'prompts.cjs']) expect(readFileSync(join(ROOT, 'dist', chunk), 'latin1').split('\n', 1)[0]).toContain(`{// dockmend build ${build}`);
  });

  it('compiles from source when V8 rejects the cache data', () => {
    const other = install();
    const file = readFileSync(join(other, 'dist', 'cli.cjs.cache'));
    writeFileSync(join(other, 'dist', 'cli.cjs.cache'), file.subarray(0, file.length >> 1));
    expect(load(other)).toEqual({ cache: 'rejected', version });
  });

  it('loads yaml and the Compose-schema validator only for a compose file, from their own code caches, or from source without them', () => {
    const repo = mkdtempSync(join(tmpdir(), 'dockmend-load-repo-'));
    scratch.push(repo);
    mkdirSync(join(repo, 'df'));
    writeFileSync(join(repo, 'df', 'Dockerfile'), 'FROM scratch\n');
    mkdirSync(join(repo, 'compose'));
    writeFileSync(join(repo, 'compose', 'compose.yaml'), 'services:\n  app:\n    image: nginx\n    unknown_key: 1\n');
    mkdirSync(join(repo, 'bake'));
    writeFileSync(join(repo, 'bake', 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(repo, 'bake', 'docker-bake.json'), '{ "group": { "default": { "targets": ["app", "wbe"] } }, "target": { "app": {}, "web": {} } }\n');
    const scan = (at: string, file: string) => {
      const script = `import { loadCli } from ${JSON.stringify(join(at, 'bin', 'load-cli.js'))};
const { exports, chunks } = loadCli();
let out = '';
await exports.main(['scan', '--format', 'json', ${JSON.stringify(file)}], { stdout: { write: (s) => (out += s) }, stderr: process.stderr, stdinIsTTY: false, cwd: ${JSON.stringify(repo)} });
const loaded = Object.fromEntries([...chunks].map(([name, chunk]) => [name, chunk.script.cachedDataRejected ? 'rejected' : 'loaded']));
console.log(JSON.stringify({ loaded, rules: JSON.parse(out).findings.map((f) => f.rule) }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { loaded: Record<string, string>; rules: string[] };
    };
    expect(scan(dir, 'df')).toEqual({ loaded: {}, rules: [] });
    expect(scan(dir, 'compose')).toEqual({ loaded: { 'yaml.cjs': 'loaded', 'compose-spec.cjs': 'loaded' }, rules: ['compose-schema'] });
    // A Bake file loads the Bake model (and no YAML: a JSON Bake file).
    expect(scan(dir, 'bake')).toEqual({ loaded: { 'bake.cjs': 'loaded' }, rules: ['bake-unknown-target'] });
    // Without its cache a chunk compiles from source, with the same result.
    const other = install();
    rmSync(join(other, 'dist', 'compose-spec.cjs.cache'));
    rmSync(join(other, 'dist', 'yaml.cjs.cache'));
    expect(scan(other, 'compose')).toEqual({ loaded: { 'yaml.cjs': 'loaded', 'compose-spec.cjs': 'loaded' }, rules: ['compose-schema'] });
  });

  it('loading the bundle loads no Node built-in that only some runs use (start-up cost)', () => {
    // v8, zlib and module are the Bake HCL parser's, child_process, crypto, os, net and
    // worker_threads other commands' (src/builtins.ts); stream comes with v8's heap utilities.
    const script = `import { loadCli } from ${JSON.stringify(join(dir, 'bin', 'load-cli.js'))};
const before = new Set(process.moduleLoadList);
loadCli();
console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const loaded = JSON.parse(r.stdout) as string[];
    expect(loaded.filter((m) => /^NativeModule (?:v8|zlib|module|stream|child_process|crypto|os|net|worker_threads)$/.test(m))).toEqual([]);
  });

  it('compiles from source when there is no cache', () => {
    const other = install();
    rmSync(join(other, 'dist', 'cli.cjs.cache'));
    expect(load(other)).toEqual({ cache: 'missing', version });
  });
});
