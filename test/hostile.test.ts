// Hostile and broken input: every case ends in a clear finding or error, never a crash (exit 2
// with an internal error), a hang, or a partial write.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { MAX_ALIAS_COUNT, parseComposeFile, parseYaml } from '../src/compose/model.js';
import { detect, openSession, plan } from '../src/fix/engine.js';
import { MAX_TEXT_BYTES } from '../src/project/sources.js';
import { PROJECT_ROOT, planProblems, writtenFileProblems } from './corpus-support.js';
import { cli, snapshot, tree } from './helpers.js';

interface Finding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  message: string;
}

/** scan --format json: exit 0 or 1, nothing on stderr, the findings. */
async function scan(root: string, args: string[] = []): Promise<Finding[]> {
  const r = await cli(['scan', '--format', 'json', '--fail-on', 'never', ...args], root);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

/** Every command that reads a tree: none may fail with exit 2 (internal error). */
async function everyCommand(root: string): Promise<void> {
  for (const args of [['scan'], ['scan', '--format', 'sarif'], ['scan', '--format', 'github'], ['fix', '--dry-run'], ['fix', '--dry-run', '--unsafe', '--format', 'json'], ['context']]) {
    const r = await cli(args, root);
    expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
    expect(r.stderr, args.join(' ')).not.toMatch(/^dockmend: (?!no terminal|fix ")/m);
  }
}

/** fix --write --unsafe writes the plan exactly (or nothing), and leaves nothing to fix. */
async function roundTrip(root: string): Promise<void> {
  const planned = plan(openSession(root), { unsafe: true });
  expect(planProblems(planned)).toEqual([]);
  const before = snapshot(root);
  const w = await cli(['fix', '--write', '--unsafe'], root);
  expect([0, 1], w.stderr).toContain(w.code);
  // A failed write names its files after a colon: '0 of 1 fixes written (0 of 1 files): …'.
  expect(w.stderr).not.toMatch(/fixes written \(\d+ of \d+ files\):/);
  expect(writtenFileProblems(root, planned)).toEqual([]);
  const after = snapshot(root);
  const touched = new Set(planned.files.map((f) => f.path));
  for (const [path, text] of Object.entries(before)) if (!touched.has(path)) expect(after[path], path).toBe(text);
  expect(plan(openSession(root), { unsafe: true }).files).toEqual([]);
}

const byRule = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

describe('malformed YAML', () => {
  const cases: [string, string, RegExp, number][] = [
    ['tab indentation', 'services:\n\tweb:\n\t\timage: nginx\n', /tab/i, 2],
    ['an unclosed double quote', 'services:\n  web:\n    image: "nginx\n    ports: ["80:80"]\n', /quote|scalar|end/i, 3],
    ['an unclosed single quote', "services:\n  web:\n    image: 'nginx\n", /quote/i, 4],
    ['a duplicate key', 'services:\n  web:\n    image: nginx\n  web:\n    image: httpd\n', /unique/i, 4],
    ['a duplicate key in a flow mapping', 'services: {web: {image: a, image: b}}\n', /unique/i, 1],
    ['an unclosed flow sequence', 'services:\n  web:\n    ports: [80, 443\n', /flow sequence/i, 4],
    ['an undefined alias', 'services:\n  web: *nothing\n', /alias|anchor/i, 2],
  ];
  it.each(cases)('%s: parse-error findings only, the first at the line, no fix', async (_name, text, message, line) => {
    const root = tree({ 'compose.yaml': text });
    const findings = await scan(root);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => `${f.file} ${f.rule}`)).toEqual(findings.map(() => 'compose.yaml parse-error'));
    expect(findings[0].message).toMatch(/^invalid YAML: /);
    expect(findings[0].message).toMatch(message);
    expect(findings[0].line).toBe(line);
    await everyCommand(root);
    await roundTrip(root);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(text);
  });

  it.each(['- web\n- db\n', '"just a string"\n', '42\n'])('a top level that is not a mapping (%j): a parse-error finding', async (text) => {
    const root = tree({ 'compose.yaml': text });
    const findings = await scan(root);
    expect(findings.map((f) => `${f.file} ${f.rule} ${f.message}`)).toEqual(['compose.yaml parse-error the top level is not a mapping: Compose stops with "Top-level object must be a mapping"']);
    await everyCommand(root);
  });

  it.each([
    ['flow', `services:\n  web:\n    image: nginx\nx-deep: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`],
    ['block', `services:\n  web:\n    image: nginx\nx-deep:\n${Array.from({ length: 1400 }, (_, i) => `${' '.repeat(i + 1)}k:\n`).join('')}${' '.repeat(1401)}v\n`],
  ])('deeply nested YAML (%s): read, or one parse-error finding when the stack runs out, never a crash', async (_kind, text) => {
    const root = tree({ 'compose.yaml': text });
    const findings = await scan(root);
    // How deep the parser gets depends on the stack size of the process: both outcomes are clear.
    expect([[], ['compose.yaml parse-error invalid YAML: nested too deeply to read (Maximum call stack size exceeded)']]).toContainEqual(
      findings.map((f) => `${f.file} ${f.rule} ${f.message}`),
    );
    await everyCommand(root);
  });

  it('a duplicate key in a 200,000-key mapping is found in linear time', () => {
    const lines = ['x-big:'];
    for (let i = 0; i < 200_000; i++) lines.push(`  k${i}: ${i}`);
    lines.push('  k7: again', 'services: {}');
    const started = Date.now();
    const file = parseComposeFile('compose.yaml', lines.join('\n'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(file.errors.map((e) => e.message)).toEqual(['Map keys must be unique']);
    expect(file.text.slice(file.errors[0].start, file.errors[0].start + 2)).toBe('k7');
  });
});

describe('YAML alias bombs', () => {
  /** Billion laughs: 9 levels of 9 aliases, 9^9 strings when expanded. */
  function bomb(where: 'top' | 'args'): string {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) levels.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
    const anchors = levels.map((l) => `  ${l}`).join('\n');
    return where === 'top'
      ? `x-lol:\n${anchors}\nservices:\n  web:\n    image: nginx\n    command: *i\n`
      : `x-lol:\n${anchors}\nservices:\n  web:\n    image: nginx\n    build:\n      context: .\n      args: *i\n`;
  }

  it.each(['top', 'args'] as const)('billion laughs (%s) is a parse-error finding, found quickly, and nothing else reads it', async (where) => {
    const root = tree({ 'compose.yaml': bomb(where), Dockerfile: 'FROM alpine\n' });
    const started = Date.now();
    const findings = await scan(root);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['compose.yaml parse-error']);
    expect(findings[0].message).toMatch(/alias/i);
    await everyCommand(root);
  });

  it('ordinary anchors and merge keys are not mistaken for a bomb', async () => {
    const services = Array.from({ length: 150 }, (_, i) => `  s${i}:\n    <<: *common\n    environment:\n      <<: *env`).join('\n');
    const root = tree({ 'compose.yaml': `x-common: &common\n  image: nginx\n  restart: always\nx-env: &env\n  A: "1"\n  B: "2"\nservices:\n${services}\n` });
    expect(byRule(await scan(root), 'parse-error')).toEqual([]);
  });
});

describe('large files', () => {
  it('a 50 MB compose file ends quickly with a clear finding', { timeout: 60_000 }, async () => {
    const entry = '  svc: {image: nginx, environment: {KEY: "' + 'x'.repeat(200) + '"}}\n';
    const body = Buffer.from(`services:\n${entry.repeat(Math.ceil((50 * 1024 * 1024) / entry.length))}`);
    expect(body.length).toBeGreaterThan(50 * 1024 * 1024);
    const root = tree({ 'compose.yaml': body, 'Dockerfile': 'FROM alpine\n' });
    const started = Date.now();
    const findings = await scan(root);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['compose.yaml parse-error']);
    expect(findings[0].message).toMatch(/too large/);
    const r = await cli(['fix', '--write', '--unsafe'], root);
    expect([0, 1]).toContain(r.code);
    expect(statSync(join(root, 'compose.yaml')).size).toBe(body.length);
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'a compose file of more than 200,000 YAML nodes: no false compose-schema finding (too large to validate whole, it is not validated)',
    async () => {
      const text = `x-data:\n${Array.from({ length: 210_000 }, (_, i) => `  - ${i}\n`).join('')}services:\n  web:\n    image: nginx\n`;
      expect(text.length).toBeLessThan(MAX_TEXT_BYTES);
      const root = tree({ 'compose.yaml': text });
      expect(await scan(root)).toEqual([]);
    },
  );

  it('a compose file just under the size limit is read', async () => {
    const entry = '  # padding padding padding padding padding padding padding padding\n';
    const head = 'services:\n  web:\n    image: nginx\n';
    const text = head + entry.repeat(Math.floor((MAX_TEXT_BYTES - head.length - 100) / entry.length));
    const root = tree({ 'compose.yaml': text });
    expect(byRule(await scan(root), 'parse-error')).toEqual([]);
  });

  it('a Dockerfile of 100,000 lines is analysed, line numbers and all', { timeout: 60_000 }, async () => {
    const lines = ['FROM alpine:3.20 AS base'];
    for (let i = 1; i < 100_000 - 1; i++) lines.push(i % 50 === 0 ? `COPY src/file${i % 7}.txt /app/${i}/` : `RUN echo ${i} > /tmp/f${i}`);
    lines.push('COPY missing-at-the-end.txt /app/');
    const files: Record<string, string> = { Dockerfile: `${lines.join('\n')}\n`, '.dockerignore': '.git\n' };
    for (let i = 0; i < 7; i++) files[`src/file${i}.txt`] = 'x\n';
    const root = tree(files);
    const started = Date.now();
    const findings = await scan(root);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(['Dockerfile:100000 copy-source-missing']);
    const r = await cli(['fix', '--dry-run', '--unsafe'], root);
    expect([0, 1]).toContain(r.code);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('binary and badly encoded files', () => {
  const cases: [string, Record<string, string | Buffer>, string, RegExp][] = [
    ['a binary Dockerfile', { Dockerfile: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0xff, 0xfe]) }, 'Dockerfile', /binary/],
    ['a NUL byte in a Dockerfile', { Dockerfile: 'FROM alpine\nRUN echo \u0000 hi\n' }, 'Dockerfile', /binary/],
    ['invalid UTF-8 in a Dockerfile', { 'app.Dockerfile': Buffer.concat([Buffer.from('FROM alpine\nCOPY caf'), Buffer.from([0xe9]), Buffer.from(' /\n')]) }, 'app.Dockerfile', /UTF-8/],
    ['UTF-16 in a Dockerfile', { Dockerfile: Buffer.from('\ufeffFROM alpine\n', 'utf16le') }, 'Dockerfile', /binary|UTF-8/],
    ['a binary compose file', { 'compose.yaml': Buffer.from([0x00, 0x01, 0x02, 0x03]) }, 'compose.yaml', /binary/],
    ['invalid UTF-8 in a compose file', { 'docker-compose.yml': Buffer.concat([Buffer.from('services:\n  web:\n    image: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]) }, 'docker-compose.yml', /UTF-8/],
  ];
  it.each(cases)('%s: a parse-error finding, never a crash', async (_name, files, file, message) => {
    const root = tree(files);
    const findings = await scan(root);
    const errors = findings.filter((f) => f.file === file && f.rule === 'parse-error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(message);
    await everyCommand(root);
    await roundTrip(root);
    for (const [path, content] of Object.entries(files)) expect(readFileSync(join(root, path))).toEqual(Buffer.from(content));
  });

  it('binary and non-UTF-8 ignore and env files: no crash, never rewritten', async () => {
    const files = {
      'compose.yaml': 'services:\n  web:\n    build: .\n    environment:\n      A: ${A}\n',
      Dockerfile: 'FROM alpine\nCOPY . /app\n',
      '.dockerignore': Buffer.from([0x2e, 0x67, 0x69, 0x74, 0x0a, 0x00, 0xff]),
      '.env': Buffer.from([0x41, 0x3d, 0xff, 0xfe, 0x0a]),
      'app.py': 'print(1)\n',
    };
    const root = tree(files);
    await scan(root);
    await everyCommand(root);
    const r = await cli(['fix', '--write', '--unsafe'], root);
    expect([0, 1], r.stderr).toContain(r.code);
    expect(readFileSync(join(root, '.dockerignore'))).toEqual(files['.dockerignore']);
    expect(readFileSync(join(root, '.env'))).toEqual(files['.env']);
  });
});

describe('line endings, BOMs and empty files', () => {
  it('CRLF Dockerfile and compose file: findings on the right lines, fixes keep CRLF', async () => {
    const root = tree({
      'compose.yaml': 'version: "3.8"\r\nservices:\r\n  web:\r\n    build: .\r\n    depends_on:\r\n      - db\r\n',
      'docker-compose.ci.yml': 'services:\r\n  ci:\r\n    image: alpine\r\n',
      Dockerfile: 'FROM alpine\r\nWORKDIR /app\r\nCOPY missing.txt /app/\r\n',
    });
    const findings = await scan(root);
    expect(findings.find((f) => f.rule === 'copy-source-missing')?.line).toBe(3);
    expect(findings.find((f) => f.rule === 'compose-unknown-service')?.line).toBe(6);
    await everyCommand(root);
    await roundTrip(root);
    for (const file of ['compose.yaml', 'docker-compose.ci.yml']) expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/[^\r]\n/);
    expect(readFileSync(join(root, 'docker-compose.ci.yml'), 'utf8')).toMatch(/^version: "3\.8"\r\nservices:/);
  });

  it('mixed line endings: no crash, and the round trip keeps every byte outside the edits', async () => {
    const root = tree({
      'compose.yaml': 'version: "3.8"\nservices:\r\n  web:\n    build: .\r\n    depends_on:\n      - db\r\n',
      'docker-compose.ci.yml': 'services:\n  ci:\r\n    image: alpine\n',
      Dockerfile: 'FROM alpine\nWORKDIR /app\r\nCOPY missing.txt /app/\n\rRUN true\r\r\n',
    });
    const findings = await scan(root);
    expect(findings.find((f) => f.rule === 'copy-source-missing')?.line).toBe(3);
    await everyCommand(root);
    await roundTrip(root);
  });

  it('BOMs: kept at the very start when a fix inserts at the top, positions not shifted', async () => {
    const root = tree({
      'compose.yaml': '\ufeffversion: "3.8"\nservices:\n  web:\n    build: .\n',
      'docker-compose.ci.yml': '\ufeffservices:\n  ci:\n    image: alpine\n',
      Dockerfile: '\ufeffFROM alpine\nCOPY missing.txt /app/\n',
      '.dockerignore': '\ufeff.git\n',
    });
    const findings = await scan(root);
    expect(findings.find((f) => f.rule === 'copy-source-missing')).toMatchObject({ line: 2 });
    expect(byRule(findings, 'parse-error')).toEqual([]);
    await everyCommand(root);
    await roundTrip(root);
    const ci = readFileSync(join(root, 'docker-compose.ci.yml'), 'utf8');
    expect(ci.startsWith('\ufeffversion: "3.8"\nservices:')).toBe(true);
    expect(ci.indexOf('\ufeff', 1)).toBe(-1);
  });

  it('empty files: an empty Dockerfile is a clear finding; empty compose, ignore and env files do not crash', async () => {
    const root = tree({ Dockerfile: '', 'comments/Dockerfile': '# syntax=docker/dockerfile:1\n# nothing here\n\n', 'compose.yaml': '', '.dockerignore': '', '.env': '', 'x/docker-compose.yml': '# only a comment\n' });
    const findings = await scan(root);
    expect(byRule(findings, 'parse-error').map((f) => `${f.file}: ${f.message}`)).toEqual([
      'Dockerfile: the Dockerfile is empty: docker build stops with "the Dockerfile cannot be empty"',
      'comments/Dockerfile: the Dockerfile has no instructions: docker build stops with "file with no instructions"',
      'compose.yaml: empty compose file: Compose stops with "empty compose file"',
    ]);
    // A file of comments only, which nothing runs, is a template: info, not a parse error.
    expect(byRule(findings, 'compose-empty-file').map((f) => `${f.file} ${f.severity}`)).toEqual(['x/docker-compose.yml info']);
    await everyCommand(root);
    await roundTrip(root);
  });
});

describe('directory trees', () => {
  it('deeply nested directories (1,000 levels): walked without overflowing the stack', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dockmend-deep-'));
    let dir = root;
    for (let i = 0; i < 1000; i++) dir = join(dir, 'd');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine\nCOPY missing.txt /\n');
    const findings = await scan(root);
    expect(findings.map((f) => `${f.file.split('/').length} ${f.rule}`)).toEqual(['1001 copy-source-missing']);
    await everyCommand(root);
  });

  it('symbolic link loops: never followed; a looping link named like a Dockerfile is reported', async () => {
    const root = tree({ 'app/Dockerfile': 'FROM alpine\n' });
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
    symlinkSync('.', join(root, 'app/self'));
    symlinkSync('..', join(root, 'app/parent'));
    symlinkSync('Dockerfile.b', join(root, 'app/Dockerfile.a'));
    symlinkSync('Dockerfile.a', join(root, 'app/Dockerfile.b'));
    const started = Date.now();
    const findings = await scan(root);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(findings.map((f) => `${f.file} ${f.rule} ${f.message}`)).toEqual([
      'app/Dockerfile.a parse-error symbolic link is a loop of symbolic links (-> Dockerfile.b); not read',
      'app/Dockerfile.b parse-error symbolic link is a loop of symbolic links (-> Dockerfile.a); not read',
    ]);
    await everyCommand(root);
  });

  it(
    'a Dockerfile that is a symbolic link inside the root is followed, as BuildKit does: no false "does not exist" finding',
    async () => {
      const root = tree({ 'docker/Dockerfile.prod': 'FROM alpine\nCOPY app.py /\n', 'app.py': 'print(1)\n', 'compose.yaml': 'services:\n  web:\n    build: .\n', '.dockerignore': '.git\n' });
      symlinkSync('docker/Dockerfile.prod', join(root, 'Dockerfile'));
      expect(byRule(await scan(root), 'compose-dockerfile-missing')).toEqual([]);
    },
  );

  it('symbolic links to outside the root: reported, never read, never written through', async () => {
    const outside = tree({
      'Dockerfile': 'FROM alpine\nCOPY secret-that-is-missing /\n',
      'compose.yaml': 'services:\n  web:\n    build: .\n    depends_on: [nope]\n',
      '.env': 'TOKEN=outside\n',
    });
    const before = snapshot(outside);
    const root = tree({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      T: ${TOKEN}\n', 'docker-compose.ci.yml': 'version: "3.8"\nservices: {}\n' });
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'Dockerfile'));
    symlinkSync(join(outside, '.env'), join(root, '.env'));
    symlinkSync(outside, join(root, 'vendor'));
    symlinkSync('/nonexistent/compose.yaml', join(root, 'docker-compose.override.yml'));
    const findings = await scan(root);
    const links = byRule(findings, 'parse-error').map((f) => `${f.file}: ${f.message.replace(outside, '<outside>')}`);
    expect(links).toEqual([
      'Dockerfile: symbolic link points outside the root (-> <outside>/Dockerfile); not read',
      'docker-compose.override.yml: symbolic link points to nothing (-> /nonexistent/compose.yaml); not read',
    ]);
    // Nothing from the outside files: not the missing COPY source, not the unknown service. The
    // .env that Compose would read is not followed: one info names its target, and TOKEN, which
    // it may set, is not reported as undefined.
    expect(findings.filter((f) => f.file.startsWith('vendor/') || f.rule === 'copy-source-missing' || f.rule === 'compose-unknown-service')).toEqual([]);
    expect(byRule(findings, 'compose-dotenv-absent').map((f) => `${f.file} ${f.severity} ${f.message.includes(join(outside, '.env'))}`)).toEqual(['.env info true']);
    expect(findings.some((f) => f.rule === 'compose-undefined-variable')).toBe(false);
    await everyCommand(root);
    const w = await cli(['fix', '--write', '--unsafe'], root);
    expect([0, 1], w.stderr).toContain(w.code);
    expect(snapshot(outside)).toEqual(before);
    expect(readdirSync(outside).sort()).toEqual(['.env', 'Dockerfile', 'compose.yaml']);
  });
});

describe('permissions', () => {
  /** chmod 000 denies nothing to root (tests may run as root): such cases are skipped, saying so. */
  function denied(path: string): boolean {
    try {
      if (statSync(path).isDirectory()) readdirSync(path);
      else readFileSync(path);
      return false;
    } catch {
      return true;
    }
  }

  it('unreadable files and directories are parse-error findings, and the rest is scanned', async (ctx) => {
    const root = tree({ 'secret/Dockerfile': 'FROM alpine\n', 'locked/compose.yaml': 'services: {}\n', 'ok/Dockerfile': 'FROM alpine\nCOPY missing /\n' });
    chmodSync(join(root, 'secret/Dockerfile'), 0o000);
    chmodSync(join(root, 'locked'), 0o000);
    try {
      if (!denied(join(root, 'secret/Dockerfile'))) {
        ctx.skip('running as root: chmod 000 does not deny reads here (see the next test, which drops privileges)');
        return;
      }
      const findings = await scan(root);
      expect(byRule(findings, 'parse-error').map((f) => `${f.file}: ${f.message}`)).toEqual([
        'locked: cannot read directory: permission denied',
        'secret/Dockerfile: cannot read file: permission denied',
      ]);
      // The rest is scanned.
      expect(findings.some((f) => f.file === 'ok/Dockerfile' && f.rule === 'copy-source-missing')).toBe(true);
      await everyCommand(root);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  const bin = join(PROJECT_ROOT, 'bin', 'dockmend.js');
  const asRoot = process.getuid?.() === 0;
  it('as an unprivileged user (tests running as root): unreadable files and directories are findings', (ctx) => {
    if (!asRoot) return ctx.skip('not running as root: the previous test covers permissions');
    if (!existsSync(join(PROJECT_ROOT, 'dist', 'cli.cjs'))) return ctx.skip('dist/ is not built (npm test builds it): cannot run the CLI as another user');
    const root = tree({ 'secret/Dockerfile': 'FROM alpine\n', 'locked/compose.yaml': 'services: {}\n', 'ok/Dockerfile': 'FROM alpine\n' });
    chmodSync(root, 0o755);
    for (const d of ['secret', 'ok']) chmodSync(join(root, d), 0o755);
    chmodSync(join(root, 'ok/Dockerfile'), 0o644);
    chmodSync(join(root, 'secret/Dockerfile'), 0o000);
    chmodSync(join(root, 'locked'), 0o000);
    const asNobody = { uid: 65534, gid: 65534, encoding: 'utf8' as const, timeout: 30_000 };
    const probe = spawnSync(process.execPath, [bin, '--version'], asNobody);
    if (probe.error || probe.status !== 0) return ctx.skip(`cannot run the CLI as uid 65534 here (the checkout is not readable to it): ${probe.error?.message ?? probe.stderr.split('\n')[0]}`);
    const r = spawnSync(process.execPath, [bin, 'scan', '--format', 'json', root], asNobody);
    expect(r.status, r.stderr).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
    expect(findings.map((f) => `${f.file} ${f.rule} ${f.message}`)).toEqual([
      'locked parse-error cannot read directory: permission denied',
      'secret/Dockerfile parse-error cannot read file: permission denied',
    ]);
  });
});

describe('file names', () => {
  const odd = ['with space', 'new\nline', 'ansi\u001b[31mred\u001b[0m', 'tab\there', 'bell\u0007'];

  it('names with spaces, newlines, tabs and ANSI escapes are scanned, and fixed', async () => {
    const files: Record<string, string> = {};
    for (const name of odd) {
      files[`${name}/Dockerfile`] = 'FROM alpine\nCOPY . /app/\n';
      files[`${name}/app.py`] = 'print(1)\n';
      files[`${name}/__pycache__/app.cpython-311.pyc`] = 'x'.repeat(4096);
    }
    const root = tree(files);
    const findings = await scan(root);
    for (const name of odd) expect(findings.some((f) => f.file === `${name}/Dockerfile`), name).toBe(true);
    await everyCommand(root);
    await roundTrip(root);
  });

  it('text output escapes the control characters of ANSI-escaped names (no raw ESC reaches the terminal)', async () => {
    const root = tree({ 'ansi\u001b[2J\u001b[31mred/Dockerfile': 'FROM alpine\nCOPY missing /\n', 'bell\u0007/Dockerfile': 'FROM alpine\nCOPY missing /\n' });
    for (const args of [['scan'], ['fix', '--dry-run'], ['context'], ['scan', '--format', 'json'], ['scan', '--format', 'sarif']]) {
      const r = await cli(args, root);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/[\u0007\u001b]/);
    }
  });

  it(
    'github annotations escape control characters (an ANSI escape in a file name must not reach the Actions log)',
    async () => {
      const root = tree({ 'ansi\u001b[2J\u001b[31mred/Dockerfile': 'FROM alpine\nCOPY missing /\n' });
      const r = await cli(['scan', '--format', 'github'], root);
      expect(r.stdout).toContain('ansi');
      expect(r.stdout).not.toMatch(/\u001b/);
    },
  );

  it(
    'text output escapes newlines in file names (a name must not forge a second file heading)',
    async () => {
      const root = tree({ 'new\nline/Dockerfile': 'FROM alpine\nCOPY missing /\n' });
      const r = await cli(['scan'], root);
      expect(r.stdout).toContain('new\\nline/Dockerfile');
      expect(r.stdout).not.toContain('new\nline/Dockerfile');
    },
  );
});

describe('the root', () => {
  it('a root that is a file: scanned as its directory, findings limited to that file', async () => {
    const root = tree({ Dockerfile: 'FROM alpine\nCOPY missing /\n', 'other/Dockerfile': 'FROM alpine\nCOPY gone /\n' });
    // The Dockerfile is named by nothing: its missing source is a warning (a guessed context).
    const r = await cli(['scan', '--format', 'json', '--fail-on', 'warning', 'Dockerfile'], root);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: Finding[] }).findings.map((f) => f.file)).toEqual(['Dockerfile']);
  });

  it('a session opened on a file reports it instead of throwing', () => {
    const root = tree({ Dockerfile: 'FROM alpine\n' });
    const { findings } = detect(openSession(join(root, 'Dockerfile')));
    expect(findings.map((f) => `${f.rule} ${f.message}`)).toEqual(['parse-error cannot read directory: not a directory']);
  });

  it('a root that does not exist: a clear error, exit 2, nothing thrown', async () => {
    const root = tree({});
    for (const args of [['scan', 'nope'], ['fix', '--write', 'nope'], ['fix', '--dry-run', join(root, 'missing', 'deeper')]]) {
      const r = await cli(args, root);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^dockmend: no such file or directory: .*(nope|deeper)\n$/);
    }
  });
});

describe('alias counts and merge keys, as yaml reads them', () => {
  const flat = (uses: number) => `x-a: &a {image: nginx}\nx-uses:\n${Array.from({ length: uses }, (_, i) => `  u${i}: *a`).join('\n')}\nservices: {}\n`;

  it('an anchor used MAX_ALIAS_COUNT - 1 times is fine, once more is a bomb, as yaml counts it (the anchored node counts once)', () => {
    expect(parseYaml(flat(MAX_ALIAS_COUNT - 1)).errors).toEqual([]);
    expect(() => parseDocument(flat(MAX_ALIAS_COUNT - 1), { merge: true }).toJS({ maxAliasCount: MAX_ALIAS_COUNT })).not.toThrow();
    expect(parseYaml(flat(MAX_ALIAS_COUNT)).errors.map((e) => e.message)).toEqual([expect.stringMatching(/too many alias expansions/)]);
    expect(() => parseDocument(flat(MAX_ALIAS_COUNT), { merge: true }).toJS({ maxAliasCount: MAX_ALIAS_COUNT })).toThrow(/alias count/);
  });

  it('a merge key whose value is not a mapping is the error yaml gives', () => {
    for (const text of ['x-a: &a 5\nservices:\n  web:\n    <<: *a\n', 'services:\n  web:\n    <<: [{image: x}, 3]\n', 'services:\n  web:\n    <<: nope\n']) {
      expect(parseYaml(text).errors.map((e) => e.message)).toEqual(['Merge sources must be maps or map aliases']);
    }
    expect(parseYaml('x-a: &a {image: x}\nservices:\n  web:\n    <<: [*a, {restart: always}]\n').errors).toEqual([]);
  });
});
