// Write safety: every write is atomic (a failure at any step leaves the original intact and no
// temporary file behind), a failed file is reported with the files that were written, a fix
// never writes outside the root, and a file that changed on disk since the scan is skipped,
// never overwritten. File-system failures are injected: directly through writePlan's `fs`
// parameter, and under the CLI through a mock of node:fs that passes everything through
// unless a test sets a hook.
import { spawnSync, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import * as realFs from 'node:fs';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeTarget, writePlan, type WriteFs } from '../src/apply/write.js';
import type { AppliedFix, PlannedFile } from '../src/fix/engine.js';
import { writeCounts, writeSummary } from '../src/report/write-summary.js';
import { PROJECT_ROOT } from './corpus-support.js';
import { cli, snapshot, tree } from './helpers.js';

type Hook = ((...args: unknown[]) => void) | null;
const hooks = vi.hoisted(() => ({ readFileSync: null as Hook, renameSync: null as Hook, fsyncSync: null as Hook, openSync: null as Hook }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const wrap =
    <K extends keyof typeof hooks>(name: K) =>
    (...args: unknown[]) => {
      hooks[name]?.(...args);
      return (actual[name] as (...a: unknown[]) => unknown)(...args);
    };
  const fs = { ...actual, readFileSync: wrap('readFileSync'), renameSync: wrap('renameSync'), fsyncSync: wrap('fsyncSync'), openSync: wrap('openSync') };
  return { ...fs, default: fs };
});

afterEach(() => {
  for (const k of Object.keys(hooks) as (keyof typeof hooks)[]) hooks[k] = null;
});

const injected = (code = 'EIO') => Object.assign(new Error(`${code}: injected failure`), { code });

/** An fs whose `step` throws (once the predicate matches), everything else real. */
function failing(step: keyof WriteFs, when: (...args: unknown[]) => boolean = () => true): WriteFs {
  return {
    ...realFs,
    [step]: (...args: unknown[]) => {
      if (when(...args)) throw injected();
      return (realFs[step] as (...a: unknown[]) => unknown)(...args);
    },
  } as WriteFs;
}

describe('atomic writes', () => {
  const steps: (keyof WriteFs)[] = ['openSync', 'writeFileSync', 'fsyncSync', 'closeSync', 'chmodSync', 'renameSync'];
  it.each(steps)('%s fails: the original is intact (bytes and mode), no temporary file is left, the file is reported', (step) => {
    const root = tree({ 'app/compose.yaml': 'services:\n  web: {}\n' });
    chmodSync(join(root, 'app/compose.yaml'), 0o640);
    const out = writePlan(root, [{ path: 'app/compose.yaml', before: 'services:\n  web: {}\n', after: 'version: "3.8"\nservices:\n  web: {}\n' }], failing(step));
    expect(out.written).toEqual([]);
    expect(out.skipped).toEqual([{ path: 'app/compose.yaml', reason: 'EIO: injected failure' }]);
    expect(readFileSync(join(root, 'app/compose.yaml'), 'utf8')).toBe('services:\n  web: {}\n');
    expect(statSync(join(root, 'app/compose.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(root, 'app'))).toEqual(['compose.yaml']);
  });

  it.each(['openSync', 'writeFileSync', 'linkSync'] as const)('creating a file, %s fails: no file, no temporary file', (step) => {
    const root = tree({ 'app/Dockerfile': 'FROM alpine\n' });
    const out = writePlan(root, [{ path: 'app/.dockerignore', before: null, after: '.git\n' }], failing(step));
    expect(out.skipped.map((s) => s.path)).toEqual(['app/.dockerignore']);
    expect(readdirSync(join(root, 'app'))).toEqual(['Dockerfile']);
  });

  it('a file whose name is close to NAME_MAX is still written atomically (the temporary name stays short enough)', () => {
    const name = `docker-compose.${'x'.repeat(230)}.yml`;
    const root = tree({ [name]: 'services: {}\n' });
    const out = writePlan(root, [{ path: name, before: 'services: {}\n', after: 'version: "3.8"\nservices: {}\n' }]);
    expect(out).toEqual({ written: [name], skipped: [] });
    expect(readFileSync(join(root, name), 'utf8')).toBe('version: "3.8"\nservices: {}\n');
    expect(readdirSync(root)).toEqual([name]);
  });

  it('keeps the owner of a file it replaces (when running as root)', (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('not running as root: files are written as their owner anyway');
    const root = tree({ Dockerfile: 'FROM alpine\n' });
    chownSync(join(root, 'Dockerfile'), 65534, 65534);
    writePlan(root, [{ path: 'Dockerfile', before: 'FROM alpine\n', after: 'FROM alpine:3.20\n' }]);
    const st = lstatSync(join(root, 'Dockerfile'));
    expect([st.uid, st.gid]).toEqual([65534, 65534]);
  });
});

describe('several files: a later failure', () => {
  const files: PlannedFile[] = [
    { path: 'a/compose.yaml', before: 'services: {}\n', after: 'version: "3.8"\nservices: {}\n' },
    { path: 'b/.dockerignore', before: null, after: '.git\n' },
    { path: 'c/compose.yaml', before: 'services:\n  c: {}\n', after: 'version: "3.8"\nservices:\n  c: {}\n' },
    { path: 'd/Dockerfile', before: 'FROM alpine\n', after: 'FROM alpine\nRUN adduser -D app\n' },
  ];

  it('reports which files were written and which not; each file is whole, old or new', () => {
    const root = tree({ 'a/compose.yaml': 'services: {}\n', 'b/x': '', 'c/compose.yaml': 'services:\n  c: {}\n', 'd/Dockerfile': 'FROM alpine\n' });
    const out = writePlan(root, files, failing('renameSync', (_from, to) => String(to).endsWith(join('c', 'compose.yaml'))));
    expect(out.written).toEqual(['a/compose.yaml', 'b/.dockerignore', 'd/Dockerfile']);
    expect(out.skipped).toEqual([{ path: 'c/compose.yaml', reason: 'EIO: injected failure' }]);
    for (const f of files) expect(readFileSync(join(root, f.path), 'utf8'), f.path).toBe(f.path.startsWith('c/') ? f.before : f.after);
    expect(readdirSync(join(root, 'c'))).toEqual(['compose.yaml']);
  });

  it('deletions wait for every other write: a failed write keeps the file a merge would delete', () => {
    const root = tree({ '.dockerignore': '.git\n', 'app/.dockerignore': 'node_modules\n' });
    const plan: PlannedFile[] = [
      { path: '.dockerignore', before: '.git\n', after: '.git\nnode_modules\n' },
      { path: 'app/.dockerignore', before: 'node_modules\n', after: '', deleted: true },
    ];
    const out = writePlan(root, plan, failing('renameSync'));
    expect(out.written).toEqual([]);
    expect(out.skipped.map((s) => s.path)).toEqual(['.dockerignore', 'app/.dockerignore']);
    expect(out.skipped[1].reason).toMatch(/not deleted/);
    expect(readFileSync(join(root, 'app/.dockerignore'), 'utf8')).toBe('node_modules\n');
    expect(writePlan(root, plan)).toEqual({ written: ['.dockerignore', 'app/.dockerignore'], skipped: [] });
    expect(readdirSync(join(root, 'app'))).toEqual([]);
  });

  it('the CLI says which files were fixed and which were not written, and exits 2', async () => {
    const root = tree({
      'docker-compose.yml': 'version: "3.8"\nservices:\n  one:\n    image: nginx\n',
      'two/compose.yaml': 'services:\n  two:\n    image: nginx\n',
      'three/compose.yaml': 'services:\n  three:\n    image: nginx\n',
    });
    const before = snapshot(root);
    hooks.renameSync = (_from, to) => {
      if (String(to).endsWith(join('three', 'compose.yaml'))) throw injected('ENOSPC');
    };
    const r = await cli(['fix', '--write'], root);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('fixed two/compose.yaml\n');
    expect(r.stderr).toMatch(/^1 of 2 fixes written \(1 of 2 files\): three\/compose\.yaml: ENOSPC: injected failure; /m);
    expect(readFileSync(join(root, 'two/compose.yaml'), 'utf8')).toBe('version: "3.8"\nservices:\n  two:\n    image: nginx\n');
    expect(readFileSync(join(root, 'three/compose.yaml'), 'utf8')).toBe(before['three/compose.yaml']);
    expect(readdirSync(join(root, 'three'))).toEqual(['compose.yaml']);
  });
});

describe('never outside the root', () => {
  it('refuses .., absolute paths, empty segments, backslashes and NUL', () => {
    const root = tree({ 'in/a': 'x' });
    for (const path of ['../escape', '/etc/passwd', 'in/../../x', 'in/./a', 'in//a', '', 'in\\..\\..\\x', 'in/a\0b', '..']) {
      expect(() => safeTarget(root, path), JSON.stringify(path)).toThrow(/outside the root/);
      expect(writePlan(root, [{ path, before: null, after: 'owned' }]).written).toEqual([]);
    }
    expect(readdirSync(root)).toEqual(['in']);
  });

  it('never writes through a symbolic link: to a directory, to a file, or to a dangling target', () => {
    const outside = tree({ 'victim.yml': 'safe\n', 'dir/compose.yaml': 'safe\n' });
    const root = tree({ keep: '' });
    symlinkSync(join(outside, 'dir'), join(root, 'linked'));
    symlinkSync(join(outside, 'victim.yml'), join(root, 'compose.yaml'));
    symlinkSync(join(outside, 'created-by-us'), join(root, 'dangling.yml'));
    const plan: PlannedFile[] = [
      { path: 'linked/compose.yaml', before: 'safe\n', after: 'owned\n' },
      { path: 'linked/new.env', before: null, after: 'owned\n' },
      { path: 'compose.yaml', before: 'safe\n', after: 'owned\n' },
      { path: 'dangling.yml', before: null, after: 'owned\n' },
    ];
    const out = writePlan(root, plan);
    expect(out.written).toEqual([]);
    expect(out.skipped.map((s) => s.reason)).toEqual(plan.map(() => expect.stringMatching(/symbolic link/)));
    expect(snapshot(outside)).toEqual({ 'victim.yml': 'safe\n', 'dir/compose.yaml': 'safe\n' });
    expect(realFs.existsSync(join(outside, 'created-by-us'))).toBe(false);
  });

  it('a directory swapped for a link to outside between the scan and the write is refused', async () => {
    const outside = tree({ 'compose.yaml': 'services:\n  x:\n    image: nginx\n' });
    const root = tree({ 'docker-compose.yml': 'version: "3.8"\nservices:\n  a:\n    image: nginx\n', 'app/compose.yaml': 'services:\n  x:\n    image: nginx\n' });
    hooks.readFileSync = (path) => {
      // The write's first look at app/compose.yaml (the scan reads through open/read): after
      // the path was checked, app/ is replaced by a link out of the root.
      if (String(path) === join(root, 'app', 'compose.yaml') && !realFs.lstatSync(join(root, 'app')).isSymbolicLink()) {
        renameSync(join(root, 'app'), join(root, 'app.moved'));
        symlinkSync(outside, join(root, 'app'));
      }
    };
    const r = await cli(['fix', '--write'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: app\/compose\.yaml: refusing to write through a symbolic link: app; /m);
    expect(lstatSync(join(root, 'app')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'compose.yaml'), 'utf8')).toBe('services:\n  x:\n    image: nginx\n');
    expect(readdirSync(outside)).toEqual(['compose.yaml']);
  });
});

describe('concurrent modification', () => {
  it('a file changed on disk after the scan is skipped with a clear message, never overwritten', async () => {
    const root = tree({ 'docker-compose.yml': 'version: "3.8"\nservices:\n  a:\n    image: nginx\n', 'app/compose.yaml': 'services:\n  x:\n    image: nginx\n' });
    let edited = false;
    hooks.readFileSync = (path) => {
      if (!edited && String(path) === join(root, 'app', 'compose.yaml')) {
        edited = true;
        writeFileSync(join(root, 'app/compose.yaml'), 'services:\n  x:\n    image: httpd # edited meanwhile\n');
      }
    };
    const r = await cli(['fix', '--write'], root);
    expect(edited).toBe(true);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^0 of 1 fixes written \(0 of 1 files\): app\/compose\.yaml: file changed on disk since the scan; not overwritten; /m);
    expect(readFileSync(join(root, 'app/compose.yaml'), 'utf8')).toBe('services:\n  x:\n    image: httpd # edited meanwhile\n');
  });

  it('a change saved while the new text is being written (after the first check) is not overwritten either', () => {
    const root = tree({ 'compose.yaml': 'services: {}\n' });
    hooks.fsyncSync = () => writeFileSync(join(root, 'compose.yaml'), 'services: {x: {image: a}}\n');
    const out = writePlan(root, [{ path: 'compose.yaml', before: 'services: {}\n', after: 'version: "3.8"\nservices: {}\n' }], { ...realFs, fsyncSync: (fd: number) => (hooks.fsyncSync?.(), realFs.fsyncSync(fd)) } as WriteFs);
    expect(out.skipped).toEqual([{ path: 'compose.yaml', reason: 'file changed on disk since the scan; not overwritten' }]);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe('services: {x: {image: a}}\n');
    expect(readdirSync(root)).toEqual(['compose.yaml']);
  });

  it('a file deleted after the scan is not recreated; a file created where a fix creates one is not replaced', () => {
    const root = tree({ 'compose.yaml': 'services: {}\n' });
    rmSync(join(root, 'compose.yaml'));
    writeFileSync(join(root, '.dockerignore'), 'mine\n');
    const out = writePlan(root, [
      { path: '.dockerignore', before: null, after: '.git\n' },
      { path: 'compose.yaml', before: 'services: {}\n', after: 'version: "3.8"\nservices: {}\n' },
    ]);
    expect(out.written).toEqual([]);
    expect(out.skipped).toEqual([
      { path: '.dockerignore', reason: 'file was created since the scan; not overwritten' },
      { path: 'compose.yaml', reason: 'file changed on disk since the scan; not overwritten' },
    ]);
    expect(readdirSync(root)).toEqual(['.dockerignore']);
    expect(readFileSync(join(root, '.dockerignore'), 'utf8')).toBe('mine\n');
  });

  it('compares bytes, not text: a BOM or a line ending changed on disk counts as a change', () => {
    const root = tree({ 'a.yml': '\ufeffservices: {}\n', 'b.yml': 'services: {}\r\n' });
    const out = writePlan(root, [
      { path: 'a.yml', before: 'services: {}\n', after: 'version: "3"\nservices: {}\n' },
      { path: 'b.yml', before: 'services: {}\n', after: 'version: "3"\nservices: {}\n' },
    ]);
    expect(out.written).toEqual([]);
    expect(snapshot(root)).toEqual({ 'a.yml': '\u00ef\u00bb\u00bfservices: {}\n', 'b.yml': 'services: {}\r\n' });
  });
});

describe('the write path end to end', () => {
  it('a fix on a read-only directory fails cleanly when the OS refuses (skipped as root)', async (ctx) => {
    const root = tree({ 'app/compose.yaml': 'services:\n  x:\n    image: nginx\n', 'docker-compose.yml': 'version: "3.8"\nservices: {}\n' });
    chmodSync(join(root, 'app'), 0o555);
    try {
      try {
        writeFileSync(join(root, 'app', 'probe'), '');
        rmSync(join(root, 'app', 'probe'));
        return ctx.skip('running as root: a read-only directory does not deny writes here (the injected failures above cover this path)');
      } catch {
        /* denied, as expected */
      }
      const r = await cli(['fix', '--write', '--rule', 'compose-version'], root);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^0 of 1 fixes written \(0 of 1 files\): app\/compose\.yaml: permission denied; /m);
      expect(readFileSync(join(root, 'app/compose.yaml'), 'utf8')).toBe('services:\n  x:\n    image: nginx\n');
    } finally {
      chmodSync(join(root, 'app'), 0o755);
    }
  });

  it('the temporary file lives next to the target (same file system), and is gone after the write', () => {
    const root = mkdtempSync(join(tmpdir(), 'dockmend-tmp-'));
    mkdirSync(join(root, 'deep/er'), { recursive: true });
    writeFileSync(join(root, 'deep/er/compose.yaml'), 'services: {}\n');
    const seen: string[] = [];
    writePlan(root, [{ path: 'deep/er/compose.yaml', before: 'services: {}\n', after: 'version: "3"\nservices: {}\n' }], {
      ...realFs,
      openSync: (path: realFs.PathLike, flags: realFs.OpenMode, mode?: realFs.Mode | null) => (seen.push(String(path)), realFs.openSync(path, flags, mode)),
    } as WriteFs);
    expect(seen).toHaveLength(1);
    expect(seen[0].startsWith(join(root, 'deep/er/.compose.yaml.dockmend-'))).toBe(true);
    expect(readdirSync(join(root, 'deep/er'))).toEqual(['compose.yaml']);
  });
});

describe('a failed write is exit 2, said plainly (the built CLI, as an unprivileged user)', () => {
  // Root writes through any permission: as root (CI, containers) the CLI runs as uid 65534, as
  // the hostile-input tests do; otherwise as the current user, on read-only directories.
  const bin = join(PROJECT_ROOT, 'bin', 'dockmend.js');
  const asRoot = process.getuid?.() === 0;
  const compose = { 'docker-compose.yml': 'version: "3.8"\nservices:\n  one:\n    image: nginx\n', 'two/compose.yaml': 'services:\n  two:\n    image: nginx\n' };

  /** Spawn options for a user who cannot write the `readOnly` directories, or why there is none. */
  function unprivileged(readOnly: string[], env: Record<string, string> = {}): SpawnSyncOptionsWithStringEncoding | string {
    if (!realFs.existsSync(join(PROJECT_ROOT, 'dist', 'cli.cjs'))) return 'dist/ is not built (npm test builds it)';
    for (const dir of readOnly) chmodSync(dir, 0o555);
    const options: SpawnSyncOptionsWithStringEncoding = { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1', ...env }, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) };
    const probe = spawnSync(process.execPath, [bin, '--version'], options);
    if (probe.error || probe.status !== 0) return `cannot run the CLI as uid 65534 here: ${probe.error?.message ?? probe.stderr.split('\n')[0]}`;
    return options;
  }

  function readable(root: string): void {
    // tree() makes its root 0700: let the other user in (files and directories stay root's).
    chmodSync(root, 0o755);
  }

  it('fix --write on a file that cannot be written: exit 2, "0 of 1 fixes written", the file intact', (ctx) => {
    const root = tree(compose);
    readable(root);
    const before = snapshot(root);
    try {
      const options = unprivileged([join(root, 'two')]);
      if (typeof options === 'string') return ctx.skip(options);
      const r = spawnSync(process.execPath, [bin, 'fix', '--write', '--rule', 'compose-version', root], options);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^0 of 1 fixes written \(0 of 1 files\): two\/compose\.yaml: permission denied; 1 problem /m);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(root)).toEqual(before);
      expect(readdirSync(join(root, 'two'))).toEqual(['compose.yaml']);
    } finally {
      chmodSync(join(root, 'two'), 0o755);
    }
  });

  it('fix --write --branch when git cannot write its objects: exit 2, "0 of 1 fixes committed", no branch', (ctx) => {
    const root = tree(compose);
    readable(root);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'initial');
    const head = git('rev-parse', 'HEAD');
    if (!/^[0-9a-f]{40}$/.test(head)) return ctx.skip('git is not usable here');
    const objects = join(root, '.git', 'objects');
    const dirs = readdirSync(objects).map((d) => join(objects, d)).filter((d) => statSync(d).isDirectory());
    try {
      // The other user owns nothing here: git would refuse the repository as unsafe without this.
      const options = unprivileged([objects, ...dirs], { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: '*' });
      if (typeof options === 'string') return ctx.skip(options);
      const r = spawnSync(process.execPath, [bin, 'fix', '--write', '--branch', 'fixes', '--rule', 'compose-version', root], options);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^0 of 1 fixes committed: git hash-object failed: .*permission.*; 1 problem /m);
      expect(git('branch', '--list', 'fixes')).toBe('');
      expect(git('rev-parse', 'HEAD')).toBe(head);
      expect(git('status', '--porcelain')).toBe('');
    } finally {
      for (const d of [objects, ...dirs]) chmodSync(d, 0o755);
    }
  });
});

describe('the summary of fix --write', () => {
  const fix = (...files: string[]): AppliedFix => ({ pass: 0, finding: undefined as never, fix: { title: 't', applicability: 'safe', changes: files.map((file) => ({ kind: 'edit' as const, file, start: 0, end: 0, text: 'x' })) } });
  const planned = (...paths: string[]): PlannedFile[] => paths.map((path) => ({ path, before: '', after: 'x' }));
  // Two fixes in a.yml, one spanning a.yml and b.yml, one in c.yml.
  const plan = { applied: [fix('a.yml'), fix('a.yml'), fix('a.yml', 'b.yml'), fix('c.yml')], files: planned('a.yml', 'b.yml', 'c.yml') };

  it.each([
    ['all written', ['a.yml', 'b.yml', 'c.yml'], [], { fixes: 4, fixesWritten: 4, files: 3, filesWritten: 3 }],
    ['b.yml failed: the fix that spans it is not written', ['a.yml', 'c.yml'], ['b.yml'], { fixes: 4, fixesWritten: 3, files: 3, filesWritten: 2 }],
    ['a.yml failed', ['b.yml', 'c.yml'], ['a.yml'], { fixes: 4, fixesWritten: 1, files: 3, filesWritten: 2 }],
    ['none written', [], ['a.yml', 'b.yml', 'c.yml'], { fixes: 4, fixesWritten: 0, files: 3, filesWritten: 0 }],
  ])('counts fixes and files: %s', (_, written, failed, counts) => {
    expect(writeCounts(plan, { written, skipped: failed.map((path) => ({ path, reason: 'permission denied' })) })).toEqual(counts);
  });

  it('is one sentence of the same form in every outcome', () => {
    const line = (written: string[], failed: string[]) => {
      const outcome = { written, skipped: failed.map((path) => ({ path, reason: 'permission denied' })) };
      return writeSummary(writeCounts(plan, outcome), outcome.skipped, []);
    };
    const form = /^(\d+) of (\d+) fixes written \((\d+) of (\d+) files\)(: .+)?; 0 problems \(0 errors, 0 warnings, 0 info\) left$/;
    const all = line(['a.yml', 'b.yml', 'c.yml'], []);
    const some = line(['a.yml', 'c.yml'], ['b.yml']);
    const none = line([], ['a.yml', 'b.yml', 'c.yml']);
    for (const l of [all, some, none]) expect(l).toMatch(form);
    expect(all.match(form)!.slice(1, 6)).toEqual(['4', '4', '3', '3', undefined]);
    expect(some.match(form)!.slice(1, 6)).toEqual(['3', '4', '2', '3', ': b.yml: permission denied']);
    expect(none.match(form)!.slice(1, 6)).toEqual(['0', '4', '0', '3', ': a.yml: permission denied; b.yml: permission denied; c.yml: permission denied']);
  });
});
