import * as fs from 'node:fs';
import { chmodSync, readFileSync, statSync, symlinkSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeTarget, writePlan, type WriteFs } from '../src/apply/write.js';
import { tree } from './helpers.js';

describe('writePlan', () => {
  it('replaces a file atomically, keeping its mode, leaving no temp file', () => {
    const root = tree({ 'dir/a.sh': 'old\n' });
    chmodSync(join(root, 'dir/a.sh'), 0o751);
    const out = writePlan(root, [{ path: 'dir/a.sh', before: 'old\n', after: 'new\n' }]);
    expect(out).toEqual({ written: ['dir/a.sh'], skipped: [] });
    expect(readFileSync(join(root, 'dir/a.sh'), 'utf8')).toBe('new\n');
    expect(statSync(join(root, 'dir/a.sh')).mode & 0o777).toBe(0o751);
    expect(readdirSync(join(root, 'dir'))).toEqual(['a.sh']);
  });

  it('creates new files and never replaces one that appeared since the scan', () => {
    const root = tree({ 'x/keep': '' });
    expect(writePlan(root, [{ path: 'x/.dockerignore', before: null, after: 'a\n' }]).written).toEqual(['x/.dockerignore']);
    writeFileSync(join(root, 'x/late'), 'mine');
    const out = writePlan(root, [{ path: 'x/late', before: null, after: 'theirs' }]);
    expect(out.skipped[0].reason).toMatch(/created since the scan/);
    expect(readFileSync(join(root, 'x/late'), 'utf8')).toBe('mine');
  });

  it('skips a file that changed on disk since the scan', () => {
    const root = tree({ 'a.yml': 'edited by someone\n' });
    const out = writePlan(root, [{ path: 'a.yml', before: 'original\n', after: 'fixed\n' }]);
    expect(out.skipped).toEqual([{ path: 'a.yml', reason: 'file changed on disk since the scan; not overwritten' }]);
    expect(readFileSync(join(root, 'a.yml'), 'utf8')).toBe('edited by someone\n');
  });

  it('keeps the original intact when the rename fails, and reports which files were written', () => {
    const root = tree({ 'a.yml': 'a\n', 'b.yml': 'b\n' });
    const failing: WriteFs = {
      ...fs,
      renameSync: (from: fs.PathLike, to: fs.PathLike) => {
        if (String(to).endsWith('b.yml')) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
        fs.renameSync(from, to);
      },
    };
    const out = writePlan(root, [
      { path: 'a.yml', before: 'a\n', after: 'A\n' },
      { path: 'b.yml', before: 'b\n', after: 'B\n' },
    ], failing);
    expect(out.written).toEqual(['a.yml']);
    expect(out.skipped.map((s) => s.path)).toEqual(['b.yml']);
    expect(readFileSync(join(root, 'b.yml'), 'utf8')).toBe('b\n');
    expect(readdirSync(root).sort()).toEqual(['a.yml', 'b.yml']);
  });

  it('refuses paths outside the root and symbolic links', () => {
    const root = tree({ 'in/a': 'x' });
    const outside = mkdtempSync(join(tmpdir(), 'dockmend-outside-'));
    writeFileSync(join(outside, 'victim'), 'safe');
    symlinkSync(outside, join(root, 'link'));
    symlinkSync(join(outside, 'victim'), join(root, 'in/file-link'));
    for (const path of ['../escape', '/etc/passwd', 'in/../../x', 'link/victim', 'in/file-link', 'in//a']) {
      expect(() => safeTarget(root, path)).toThrow(/outside the root|symbolic link/);
    }
    const out = writePlan(root, [{ path: 'link/victim', before: 'safe', after: 'owned' }]);
    expect(out.written).toEqual([]);
    expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('safe');
  });
});
