// Write safety: every write is atomic (a failure at any step leaves the original intact and no
// temporary file behind), a failed file is reported with the files that were written, a fix
// never writes outside the root, and a file that changed on disk since the scan is skipped,
// never overwritten. File-system failures are injected: directly through writePlan's `fs`
// parameter, and under the CLI through a mock of node:fs that passes everything through
// unless a test sets a hook.
import * as realFs from 'node:fs';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeTarget, writePlan, type WriteFs } from '../src/apply/write.js';
import type { PlannedFile } from '../src/fix/engine.js';
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

  it('the CLI says which files were fixed and which were not written, and exits 1', async () => {
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
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('fixed two/compose.yaml\n');
    expect(r.stderr).toMatch(/^dockmend: three\/compose\.yaml not written: ENOSPC: injected failure$/m);
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
    expect(r.stderr).toMatch(/app\/compose\.yaml not written: refusing to write through a symbolic link: app$/m);
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
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^dockmend: app\/compose\.yaml not written: file changed on disk since the scan; not overwritten$/m);
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
      const r = await cli(['fix', '--write'], root);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/app\/compose\.yaml not written: permission denied/);
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
