// Packaging: the `npm pack` tarball installs offline in an empty directory (one runtime
// dependency outside the bundle: the HCL parser for Bake files, loaded lazily) and runs; the pre-commit hooks run their entries; scan never
// loads the interactive UI. Uses the dist/ built by `npm run build` (npm test builds first).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { tree } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const quiet = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } };

const OPTIONAL = new Set(['bufferutil', 'utf-8-validate']);

let tarball = '';
let files: string[] = [];
let installed = '';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli.cjs'))) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  const dest = mkdtempSync(join(tmpdir(), 'dockmend-pack-'));
  // --ignore-scripts: pack the dist/ already built rather than rebuild it under other tests' feet.
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { ...quiet, cwd: ROOT });
  const [info] = JSON.parse(out.slice(out.indexOf('[')));
  tarball = join(dest, info.filename);
  files = info.files.map((f: { path: string }) => f.path);

  installed = mkdtempSync(join(tmpdir(), 'dockmend-install-'));
  writeFileSync(join(installed, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
  // --offline: nothing may be fetched; the tarball must be all there is.
  execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { ...quiet, cwd: installed });
}, 120_000);

describe('npm pack', () => {
  it('ships the bundle, the bin, the docs and the config schema, and nothing else', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/dockmend.js', 'bin/load-cli.js', 'bin/package.json', 'dist/cli.cjs', 'dist/cli.cjs.cache', 'dist/ui/ui.js', 'schema/dockmend.config.schema.json', 'docs/json-format.md', 'docs/ci.md', 'docs/config.md', 'README.md', 'package.json']));
    for (const f of files) expect(f, f).toMatch(/^(bin|dist|docs|schema)\/|^(README\.md|package\.json|LICENSE)$/);
  });

  it('declares one runtime dependency, the HCL parser (WebAssembly, loaded on demand); everything else is bundled', () => {
    // An exact version: src/bake/hcl-parse.ts loads the package's WebAssembly module itself.
    expect(pkg.dependencies ?? {}).toEqual({ '@cdktf/hcl2json': '0.21.0' });
    expect(pkg.files).toEqual(expect.arrayContaining(['bin', 'dist', 'schema']));
    const bundle = files.filter((f) => f.startsWith('dist/') && /\.c?js$/.test(f));
    expect(bundle).toEqual(expect.arrayContaining(['dist/cli.cjs', 'dist/ui/ui.js']));
    for (const f of bundle) {
      const text = readFileSync(join(installed, 'node_modules', 'dockmend', f), 'utf8');
      const imports = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?["']([^"'./][^"']*)["']/gm)].map((m) => m[1]);
      const requires = [...text.matchAll(/\brequire\(["']([^"'./][^"']*)["']\)/g)].map((m) => m[1]);
      for (const spec of [...imports, ...requires]) {
        // ws (under Ink) tries its optional native add-ons inside try/catch.
        if (OPTIONAL.has(spec)) continue;
        expect(builtinModules.includes(spec.replace(/^node:/, '')), `${f} loads ${spec}, which is not bundled`).toBe(true);
      }
    }
  });

  it('installs offline in an empty directory and runs: --version, a scan, a dry run', () => {
    expect(existsSync(join(installed, 'node_modules', 'dockmend', 'node_modules'))).toBe(false);
    const v = spawnSync(npx, ['--offline', 'dockmend', '--version'], { ...quiet, cwd: installed });
    expect(v.stderr).not.toMatch(/ERR/);
    expect(v.stdout.trim()).toBe(pkg.version);

    const bin = join(installed, 'node_modules', '.bin', 'dockmend');
    const project = tree({ 'compose.yaml': 'version: "3.8"\nservices: {}\n', 'ci/compose.yaml': 'services: {}\n' });
    const scan = spawnSync(bin, ['scan', '--format', 'json', '--rule', 'compose-version', '--fail-on', 'warning'], { ...quiet, cwd: project });
    expect(scan.status).toBe(1);
    expect(JSON.parse(scan.stdout).findings).toHaveLength(1);
    const dry = spawnSync(bin, ['fix', '--dry-run', '--rule', 'compose-version'], { ...quiet, cwd: project });
    expect(dry.status).toBe(1);
    expect(dry.stdout).toMatch(/^--- a\/ci\/compose\.yaml/);

    // A Bake HCL file: the installed package finds its parser.
    const bake = tree({ 'docker-bake.hcl': 'target "app" {\n  dockerfile = "app.Dockerfile"\n}\n', 'App.Dockerfile': 'FROM alpine\n' });
    const baked = spawnSync(bin, ['scan', '--format', 'json', '--rule', 'bake-dockerfile-missing', '--rule', 'bake-unresolved'], { ...quiet, cwd: bake });
    expect(JSON.parse(baked.stdout).findings.map((f: { rule: string; line: number }) => [f.rule, f.line])).toEqual([['bake-dockerfile-missing', 2]]);
  });

  it('scan does not load the interactive UI: Ink is only in dist/ui/, which cli.cjs reaches through the loader', () => {
    const dist = join(ROOT, 'dist');
    const cli = readFileSync(join(dist, 'cli.cjs'), 'utf8');
    expect(cli.includes('waitUntilExit'), 'dist/cli.cjs contains Ink').toBe(false);
    // No import() of its own: code restored from V8's cache cannot run one (bin/load-cli.js).
    expect(cli).not.toMatch(/\bimport\(/);
    expect(cli).toMatch(/__dockmendImport\(["']\.\/ui\/ui\.js["']\)/);
    const ui = readFileSync(join(dist, 'ui', 'ui.js'), 'utf8');
    expect(ui).toContain('waitUntilExit');
    // The UI gets the engine from the CLI bundle (src/ui/engine.ts), never a copy of its own.
    for (const engineOnly of ['createValidator', 'DockerfileParser', 'dockerignore-root-only-pattern']) expect(ui, `dist/ui/ui.js holds ${engineOnly}`).not.toContain(engineOnly);
  });

  it('yaml, the Compose-schema validator, prompts and the Bake model are chunks of their own, which cli.cjs loads through the loader on demand', () => {
    const dist = join(ROOT, 'dist');
    const cli = readFileSync(join(dist, 'cli.cjs'), 'utf8');
    for (const [chunk, inside] of [['yaml.cjs', 'Unexpected doc-end'], ['compose-spec.cjs', 'compose_spec.json'], ['prompts.cjs', 'autocompleteMultiselect'], ['bake.cjs', '--liftoff-only']] as const) {
      expect(cli).toContain(`__dockmendChunk("${chunk}")`);
      expect(cli, `dist/cli.cjs holds the code of ${chunk}`).not.toContain(inside);
      expect(readFileSync(join(dist, chunk), 'utf8')).toContain(inside);
    }
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; pass_filenames: boolean }[];
  const run = (hook: (typeof hooks)[number], cwd: string) => {
    const [command, ...args] = hook.entry.split(/\s+/);
    expect(command).toBe('dockmend');
    return spawnSync(join(installed, 'node_modules', '.bin', 'dockmend'), args, { ...quiet, cwd });
  };

  it('defines node hooks whose file pattern selects the files dockmend reads', () => {
    expect(hooks.map((h) => h.id)).toEqual(['dockmend', 'dockmend-fix']);
    for (const h of hooks) {
      expect(h.language).toBe('node');
      expect(h.pass_filenames).toBe(false);
      const re = new RegExp(h.files);
      for (const f of ['docker-bake.hcl', 'ci/docker-bake.override.json', 'compose.yaml', 'docker/docker-compose.ci.yml', 'Dockerfile', 'app/Dockerfile.dev', 'api.Dockerfile', 'Containerfile', '.dockerignore', 'app/Dockerfile.dockerignore', '.env', 'dockmend.config.json', '.dockmendrc.yaml']) {
        expect(re.test(f), `${h.id}: ${f}`).toBe(true);
      }
      for (const f of ['README.md', 'src/compose.ts', 'docs/Dockerfiles.md/x.txt']) expect(re.test(f), `${h.id}: ${f}`).toBe(false);
    }
  });

  it('the scan hook fails on errors and passes on a clean tree', () => {
    const hook = hooks.find((h) => h.id === 'dockmend')!;
    expect(run(hook, tree({ 'compose.yaml': 'services: {}\n' })).status).toBe(0);
    const broken = run(hook, tree({ 'compose.yaml': 'services: [\n' }));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/parse-error/);
  });

  it('the fix hook applies the safe fixes without asking', () => {
    const hook = hooks.find((h) => h.id === 'dockmend-fix')!;
    const project = tree({ 'compose.yaml': 'version: "3.8"\nservices: {}\n', 'ci/compose.yaml': 'services: {}\n' });
    const r = run(hook, project);
    expect(r.status).toBe(0);
    expect(readFileSync(join(project, 'ci/compose.yaml'), 'utf8')).toBe('version: "3.8"\nservices: {}\n');
  });
});
