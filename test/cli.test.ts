import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import prompts from 'prompts';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { cli, copyFixture, snapshot, tree } from './helpers.js';

const interactiveCalls: { root: string; hasInclude: boolean }[] = [];
vi.mock('../src/ui/index.js', () => ({
  // The CLI hands over a way to open the session (the UI walks behind a spinner) and the options as a function of it.
  runInteractiveFix: async (args: { open: () => Promise<{ root: string }>; options: (session: unknown) => { include?: unknown } }) => {
    const session = await args.open();
    interactiveCalls.push({ root: session.root, hasInclude: typeof args.options(session).include === 'function' });
    return 0;
  },
}));

/** Run the CLI with a TTY on stdin and stdout; `answers` are injected into the prompts. */
async function onTerminal(args: string[], cwd: string, answers: unknown[] = []) {
  prompts.inject(answers);
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s), isTTY: true }, stderr: { write: (s: string) => (stderr += s), isTTY: true }, stdinIsTTY: true, cwd });
  return { code, stdout, stderr };
}

const BIN = join(import.meta.dirname, '..', 'bin', 'dockmend.js');

const composeWithVersion = { 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: nginx\n', 'docker/compose.ci.yaml': 'services: {}\n' };

describe('dockmend CLI', () => {
  it('exits 0 and says so on a clean tree', async () => {
    const r = await cli(['scan'], tree({ 'compose.yaml': 'services: {}\n' }));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No problems found.\n');
  });

  it('scan exits 0 on warnings by default, 1 with --fail-on warning; the JSON output follows the contract', async () => {
    const root = tree(composeWithVersion);
    const r = await cli(['scan', '--format', 'json'], root);
    expect(r.code).toBe(0);
    expect((await cli(['scan', '--format', 'json', '--fail-on', 'warning'], root)).code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ version: 1, root, summary: { findings: 1, fixable: 1, suppressed: 0 } });
    expect(json.findings).toEqual([
      {
        rule: 'compose-version',
        severity: 'warning',
        file: 'docker/compose.ci.yaml',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 9,
        message: expect.any(String),
        fix: { applicability: 'safe', title: 'Add version: "3.8"', alternatives: 1 },
      },
    ]);
  });

  it('fix --dry-run prints a git-style diff, exits 1, writes nothing', async () => {
    const root = tree(composeWithVersion);
    const before = snapshot(root);
    const r = await cli(['fix', '--dry-run'], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('--- a/docker/compose.ci.yaml\n+++ b/docker/compose.ci.yaml\n@@ -1,1 +1,2 @@\n+version: "3.8"\n services: {}\n');
    expect(r.stderr).toMatch(/1 fix pending in 1 file/);
    expect(snapshot(root)).toEqual(before);
  });

  it('fix without --write and without a TTY behaves as --dry-run and says so', async () => {
    const root = tree(composeWithVersion);
    const r = await cli(['fix'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--dry-run/);
    expect(r.stdout).toMatch(/^--- a\/docker\/compose.ci.yaml/);
  });

  it('fix --write applies, then a second run has nothing to do', async () => {
    const root = tree(composeWithVersion);
    const r = await cli(['fix', '--write'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('fixed docker/compose.ci.yaml\n');
    expect(readFileSync(join(root, 'docker/compose.ci.yaml'), 'utf8')).toBe('version: "3.8"\nservices: {}\n');
    const again = await cli(['fix', '--dry-run'], root);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('a broken file is a parse-error finding and the others are still scanned', async () => {
    const root = tree({ ...composeWithVersion, 'bad/compose.yaml': 'services:\n  a: [\n', 'bin/Dockerfile': Buffer.from([0x46, 0x52, 0xff, 0xfe, 0x0a]) });
    const r = await cli(['scan', '--format', 'json'], root);
    expect(r.code).toBe(1);
    const rules = JSON.parse(r.stdout).findings.map((f: { rule: string; file: string }) => `${f.rule} ${f.file}`);
    expect(rules).toEqual(['parse-error bad/compose.yaml', 'parse-error bin/Dockerfile', 'compose-version docker/compose.ci.yaml']);
  });

  it('limits findings to the paths given', async () => {
    const root = tree({ ...composeWithVersion, 'other/compose.yaml': 'services: {}\n' });
    const r = await cli(['scan', '--format', 'json', 'docker'], root);
    const json = JSON.parse(r.stdout);
    expect(json.root).toBe(join(root, 'docker'));
    expect(json.findings).toEqual([]);
    const both = JSON.parse((await cli(['scan', '--format', 'json', join(root, 'docker'), join(root, 'other')], root)).stdout);
    expect(both.root).toBe(root);
    expect(both.findings.map((f: { file: string }) => f.file)).toEqual(['docker/compose.ci.yaml', 'other/compose.yaml']);
  });

  it('--rule and --ignore-rule select rules; config can turn a rule off', async () => {
    const root = tree(composeWithVersion);
    const w = ['--fail-on', 'warning'];
    expect((await cli(['scan', ...w, '--ignore-rule', 'compose-version'], root)).code).toBe(0);
    expect((await cli(['scan', ...w, '--rule', 'dockerignore-missing'], root)).code).toBe(0);
    expect((await cli(['scan', ...w, '--rule', 'compose-version'], root)).code).toBe(1);
    const configured = tree({ ...composeWithVersion, 'dockmend.config.json': '{ "rules": { "compose-version": "off" } }' });
    expect((await cli(['scan', ...w], configured)).code).toBe(0);
    const removing = tree({ ...composeWithVersion, 'dockmend.config.json': '{ "rules": { "compose-version": ["error", { "policy": "remove" }] } }' });
    const json = JSON.parse((await cli(['scan', '--format', 'json'], removing)).stdout);
    expect(json.findings.map((f: { file: string; severity: string }) => [f.file, f.severity])).toEqual([['compose.yaml', 'error']]);
  });

  it('--fail-on sets the threshold; --quiet hides info findings', async () => {
    const root = tree({ ...composeWithVersion, 'bad/compose.yaml': 'a: [\n' });
    const scan = async (...args: string[]) => (await cli(['scan', '--rule', 'compose-version', '--rule', 'parse-error', ...args], root)).code;
    expect(await scan()).toBe(1);
    expect(await scan('--fail-on', 'never')).toBe(0);
    expect(await scan('--ignore-rule', 'parse-error')).toBe(0);
    expect(await scan('--ignore-rule', 'parse-error', '--fail-on', 'warning')).toBe(1);
    const info = tree({ ...composeWithVersion, 'dockmend.config.json': '{ "rules": { "compose-version": "info" } }' });
    const r = await cli(['scan', '--rule', 'compose-version', '--fail-on', 'info'], info);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/info +Compose file has no top-level/);
    const quiet = await cli(['scan', '--rule', 'compose-version', '--fail-on', 'info', '--quiet'], info);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe('No problems found.\n');
  });

  it('fix --dry-run exits 1 on pending fixes by default; --fail-on judges the findings the fixes address', async () => {
    const root = tree(composeWithVersion);
    expect((await cli(['fix', '--dry-run'], root)).code).toBe(1);
    expect((await cli(['fix', '--dry-run', '--fail-on', 'never'], root)).code).toBe(0);
    expect((await cli(['fix', '--dry-run', '--fail-on', 'error'], root)).code).toBe(0);
    expect((await cli(['fix', '--dry-run', '--fail-on', 'warning'], root)).code).toBe(1);
  });

  it('fix --write on a terminal asks first; --yes does not', async () => {
    const root = tree(composeWithVersion);
    const before = snapshot(root);
    const no = await onTerminal(['fix', '--write'], root, [false]);
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/1 fix to apply:\n {2}modify docker\/compose\.ci\.yaml\n/);
    expect(no.stderr).toMatch(/nothing written/);
    expect(snapshot(root)).toEqual(before);
    const yes = await onTerminal(['fix', '--write'], root, [true]);
    expect(yes.code).toBe(0);
    expect(yes.stdout).toBe('fixed docker/compose.ci.yaml\n');
    const other = tree(composeWithVersion);
    const y = await onTerminal(['fix', '--write', '--yes'], other, []);
    expect(y.code).toBe(0);
    expect(readFileSync(join(other, 'docker/compose.ci.yaml'), 'utf8')).toMatch(/^version/);
  });

  it('fix on a terminal opens the interactive session (-i asks for it; without a terminal -i is exit 2)', async () => {
    const root = tree(composeWithVersion);
    interactiveCalls.length = 0;
    expect((await onTerminal(['fix'], root)).code).toBe(0);
    expect((await onTerminal(['fix', '-i'], root)).code).toBe(0);
    expect(interactiveCalls).toEqual([
      { root, hasInclude: true },
      { root, hasInclude: true },
    ]);
    const r = await cli(['fix', '--interactive'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--interactive needs a terminal/);
    expect(interactiveCalls).toHaveLength(2);
    expect((await onTerminal(['fix', '--dry-run'], root)).code).toBe(1);
    expect(interactiveCalls).toHaveLength(2);
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['scan', '--fail-on', 'fatal'], /unknown --fail-on level 'fatal'/],
    [['fix', '--write', '--format', 'json'], /--format applies to scan and fix --dry-run only/],
    [['fix', '-i', '--write'], /--interactive cannot be used with --dry-run or --write/],
    [['scan', '--yes'], /--yes cannot be used with 'scan'/],
    [['scan', '--force'], /--force cannot be used with 'scan'/],
    [['scan', '--bogus'], /Unknown option '--bogus'/],
    [['scan', '--rule', 'nope'], /unknown rule 'nope'/],
    [['scan', '--format', 'xml'], /unknown format 'xml' \(expected text, json, sarif, github\)/],
    [['scan', '/definitely/not/here'], /no such file or directory/],
    [['fix', '--dry-run', '--write'], /cannot be used together/],
  ])('usage error %j exits 2 with one line and no stack', async (args, message) => {
    const r = await cli(args, tree({}));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an invalid config exits 2 naming the file and the key', async () => {
    const root = tree({ 'dockmend.config.json': '{ "rules": { "compose-version": "loud" } }' });
    const r = await cli(['scan'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dockmend\.config\.json: "rules\.compose-version": expected/);
  });

  it('the built bin runs: --version, --help, and a scan', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    const v = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/dockmend fix {2}\[paths\.\.\.\] --dry-run/);
    const s = spawnSync(process.execPath, [BIN, 'scan', '--format', 'json', '--fail-on', 'warning'], { encoding: 'utf8', cwd: tree(composeWithVersion) });
    expect(s.status).toBe(1);
    expect(JSON.parse(s.stdout).findings).toHaveLength(1);
  });

  it('stops writing quietly when the reader of its output has gone (`dockmend scan | head`), with the run\'s exit code', () => {
    // `true` exits without reading, long before the scan writes: the write fails with EPIPE.
    const r = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} scan --format json --fail-on warning | true; echo "exit \${PIPESTATUS[0]}"`], { encoding: 'utf8', cwd: tree(composeWithVersion) });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('exit 1\n');
  });

  it('writes to a pipe or a file without Node\'s stream modules (start-up cost), the whole output', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'dockmend-stdio-'));
    const hook = join(scratch, 'hook.cjs');
    const mods = join(scratch, 'modules.json');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(mods)}, JSON.stringify(process.moduleLoadList)));`);
    const root = copyFixture('netra');
    const streamModules = () => (JSON.parse(readFileSync(mods, 'utf8')) as string[]).filter((m) => /^NativeModule (?:net|stream|tty)$/.test(m));
    // stdout and stderr pipes, stdin /dev/null (as CI runs it).
    const piped = spawnSync(process.execPath, ['-r', hook, BIN, 'scan', '--format', 'json'], { encoding: 'utf8', cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(piped.status).toBe(1);
    expect(streamModules()).toEqual([]);
    const findings = (JSON.parse(piped.stdout) as { findings: unknown[] }).findings.length;
    expect(findings).toBeGreaterThan(10);
    // stdout a file: the same bytes.
    const file = join(scratch, 'out.json');
    const fd = openSync(file, 'w');
    const toFile = spawnSync(process.execPath, ['-r', hook, BIN, 'scan', '--format', 'json'], { cwd: root, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(toFile.status).toBe(1);
    expect(streamModules()).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
  });

  it('DOCKMEND_TIMING=1 prints phase and rule timings to stderr, leaving stdout alone', () => {
    const root = tree(composeWithVersion);
    const plain = spawnSync(process.execPath, [BIN, 'scan', '--format', 'json'], { encoding: 'utf8', cwd: root });
    expect(plain.stderr).toBe('');
    const timed = spawnSync(process.execPath, [BIN, 'scan', '--format', 'json'], { encoding: 'utf8', cwd: root, env: { ...process.env, DOCKMEND_TIMING: '1' } });
    expect(timed.status).toBe(plain.status);
    expect(JSON.parse(timed.stdout)).toEqual(JSON.parse(plain.stdout));
    const rows = timed.stderr.trim().split('\n');
    expect(rows[0]).toMatch(/^phase or rule\s+time$/);
    expect(rows.pop()).toMatch(/^\(inclusive times/);
    const labels = rows.slice(1).map((r) => r.replace(/\s+[\d.]+ ms$/, '').trim());
    expect(labels).toEqual(expect.arrayContaining(['walk', 'project model', 'report', 'rule compose-version', 'fix compose-version']));
    const ms = rows.slice(1).map((r) => Number(/([\d.]+) ms$/.exec(r)![1]));
    expect(ms).toEqual([...ms].sort((a, b) => b - a));
    const off = spawnSync(process.execPath, [BIN, 'scan', '--format', 'json'], { encoding: 'utf8', cwd: root, env: { ...process.env, DOCKMEND_TIMING: '0' } });
    expect(off.stderr).toBe('');
  });
  it('explain maps a build log to the finding that explains it; stdin with -', async () => {
    const root = copyFixture('netra');
    const log = join(import.meta.dirname, '..', 'fixtures', 'logs', 'buildkit-plain-staging-chown.log');
    const r = await cli(['explain', log, '--root', root, '--format', 'json'], root);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.failures.map((f: { finding: { rule: string; file: string } | null }) => f.finding && `${f.finding.rule} ${f.finding.file}`)).toContain(
      'chown-user-undefined dockerfiles/backend.staging.alpine.Dockerfile',
    );
    let stdout = '';
    const code = await main(['explain', '-', '--root', root], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      stdinIsTTY: false,
      cwd: root,
      readStdin: async () => readFileSync(log, 'utf8'),
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/chown-user-undefined/);
    const missing = await cli(['explain', 'nope.log'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read nope\.log: no such file/);
  });
  it('scan --show-vars prints the Compose variables assumed and where they come from', async () => {
    const root = tree({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "${WEB_PORT:-80}:80"\n    environment:\n      API_TOKEN: ${API_TOKEN}\n',
      '.env': 'WEB_PORT=8080\nAPI_TOKEN=s3cret\n',
    });
    const r = await cli(['scan', '--show-vars'], root);
    expect(r.stderr).toMatch(/WEB_PORT=8080 {2}\[\.env/);
    expect(r.stderr).toMatch(/API_TOKEN=\*\*\*/);
    expect(r.stderr).not.toMatch(/s3cret/);
  });

  it('scan --show-vars and the JSON report say which compose projects were read and how each was found', async () => {
    const root = tree({
      'compose.yaml': 'include:\n  - path: db/compose.yml\n    project_directory: .\n    env_file: db/defaults.env\nservices:\n  web:\n    image: nginx\n',
      'db/compose.yml': 'services:\n  db:\n    image: postgres:${PG}\n',
      'db/defaults.env': 'PG=16\n',
      'overrides/compose.https.yaml': 'services:\n  web:\n    ports: ["443:443"]\n',
    });
    const vars = await cli(['scan', '--show-vars'], root);
    expect(vars.stderr).toContain('compose.yaml  [.; no env file]  default file');
    expect(vars.stderr).toContain('db/compose.yml  [.; db/defaults.env]  include from compose.yaml');
    expect(vars.stderr).toContain('compose.yaml + overrides/compose.https.yaml  [.; no env file]  overlay of compose.yaml');
    expect(vars.stderr).toMatch(/PG=16 {2}\[\.env db\/defaults\.env\]/);
    const json = JSON.parse((await cli(['scan', '--format', 'json', '--show-vars'], root)).stdout);
    expect(JSON.parse((await cli(['scan', '--format', 'json'], root)).stdout).projects).toBeUndefined();
    const included = [{ files: ['db/compose.yml'], projectDirectory: '.', envFiles: ['db/defaults.env'], foundBy: { kind: 'include', file: 'compose.yaml', line: 2 } }];
    expect(json.projects).toEqual([
      { files: ['compose.yaml'], projectDirectory: '.', envFiles: [], foundBy: { kind: 'default' }, includes: included },
      // The overlay project is the base with its includes, plus the overlay.
      { files: ['compose.yaml', 'overrides/compose.https.yaml'], projectDirectory: '.', envFiles: [], foundBy: { kind: 'overlay', base: ['compose.yaml'], overlay: 'overrides/compose.https.yaml' }, includes: included },
    ]);
  });

  it('a diamond of includes is listed once per file, not once per path (the listing stays linear)', async () => {
    // Level i includes both files of level i+1: 2^16 include paths, 32 files.
    const files: Record<string, string> = { 'compose.yaml': 'include:\n  - l1-a.yml\n  - l1-b.yml\nservices:\n  top:\n    image: x\n' };
    for (let i = 1; i <= 16; i++) {
      for (const side of ['a', 'b']) {
        const next = i < 16 ? `include:\n  - l${i + 1}-a.yml\n  - l${i + 1}-b.yml\n` : '';
        files[`l${i}-${side}.yml`] = `${next}services:\n  s${i}${side}:\n    image: x\n`;
      }
    }
    const root = tree(files);
    const listing = (await cli(['scan', '--show-vars'], root)).stderr.split('\n').filter((l) => /\.yml|\.yaml/.test(l));
    // Each file once in full, each file of levels 2..16 once more, marked, from its second parent.
    expect(listing.length).toBe(1 + 32 + 30);
    expect(listing.filter((l) => l.includes('(its includes are listed above)'))).toHaveLength(28);
    const json = JSON.parse((await cli(['scan', '--format', 'json', '--show-vars'], root)).stdout);
    const count = (ps: Array<{ includes?: unknown[]; includesListedAbove?: true }>): number =>
      ps.reduce((n, p) => n + 1 + count((p.includes ?? []) as typeof ps), 0);
    expect(count(json.projects)).toBe(1 + 32 + 30);
    expect(json.projects[0].includes[1].includesListedAbove).toBeUndefined(); // l1-b: first listed
    expect(json.projects[0].includes[1].includes[0]).toMatchObject({ files: ['l2-a.yml'], includesListedAbove: true });
  });
});
