import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countClutter } from '../src/ignore/clutter.js';
import { isScriptName, walkTree, type EntryKind } from '../src/project/walk.js';
import { tree } from './helpers.js';

const files = {
  'Dockerfile': 'FROM scratch\n',
  'b.txt': 'b\n',
  'a/z.py': 'z = 1\n',
  'a/__pycache__/z.cpython-312.pyc': 'pyc',
  'a/__pycache__/nested/deep.pyc': 'pyc',
  'node_modules/pkg/Dockerfile': 'FROM node\n',
  'deploy/compose.yaml': 'services: {}\n',
  'deploy/.env': 'A=1\n',
  'svc/.dockerignore': '*.pyc\n',
};

describe('walkTree', () => {
  it('lists opaque directories by name without descending into them', () => {
    const t = walkTree(tree(files));
    expect(t.isDir('a/__pycache__')).toBe(true);
    expect(t.get('a/__pycache__')).toMatchObject({ path: 'a/__pycache__', name: '__pycache__', kind: 'dir', opaque: true });
    expect(t.list('a/__pycache__')).toEqual([]);
    expect(t.exists('a/__pycache__/z.cpython-312.pyc')).toBe(false);
    // Root: Dockerfile a b.txt deploy node_modules svc; a: __pycache__ z.py; deploy: .env compose.yaml; svc: .dockerignore
    expect(t.visited).toBe(11);
  });

  it('answers existence below an opaque directory from disk, and nowhere else', () => {
    const t = walkTree(tree(files));
    expect(t.existsDeep('a/__pycache__/z.cpython-312.pyc')).toBe(true);
    expect(t.existsDeep('a/__pycache__/nested/deep.pyc')).toBe(true);
    expect(t.existsDeep('a/__pycache__/missing.pyc')).toBe(false);
    expect(t.existsDeep('a/missing/z.py')).toBe(false);
    expect(t.listOpaque('a/__pycache__')).toEqual(['nested', 'z.cpython-312.pyc']);
    expect(t.listOpaque('no/such/dir')).toEqual([]);
    // Only an opaque directory the walk listed is read: not a listed one, not a path outside.
    expect(t.listOpaque('a')).toEqual([]);
    expect(t.listOpaque('..')).toEqual([]);
  });

  it('finds the files dockmend reads by name, never inside opaque directories', () => {
    const t = walkTree(tree(files));
    expect([...t.readNamedFiles()].sort()).toEqual(['Dockerfile', 'deploy/.env', 'deploy/compose.yaml', 'svc/.dockerignore']);
  });

  it('finds script-named files in the order a depth-first traversal visits them, never inside opaque directories', () => {
    const t = walkTree(
      tree({
        'Makefile': 'all:\n',
        'README.md': '# x\n',
        'a/run.sh': 'x\n',
        'a/b/build.mk': 'x\n',
        'a/b/notes.MD': 'x\n',
        'z/package.json': '{}\n',
        'z/app.yml': 'x: 1\n',
        '.gitlab-ci.yml': 'x: 1\n',
        '.github/workflows/ci.yml': 'on: push\n',
        '.github/workflows/sub/docker-compose.yml': 'services: {}\n',
        '.github/dependabot.yml': 'x: 1\n',
        'node_modules/pkg/run.sh': 'x\n',
        'Justfile': 'x\n',
      }),
    );
    const traversal: string[] = [];
    t.visitNames('', (name, kind, parent, opaque) => {
      const path = parent === '' ? name : `${parent}/${name}`;
      if (kind === 'file' && isScriptName(name, parent)) traversal.push(path);
      return !opaque;
    });
    expect(t.scriptNamedFiles()).toEqual(traversal);
    expect([...t.scriptNamedFiles()].sort()).toEqual(['.github/workflows/ci.yml', '.github/workflows/sub/docker-compose.yml', '.gitlab-ci.yml', 'Justfile', 'Makefile', 'README.md', 'a/b/build.mk', 'a/b/notes.MD', 'a/run.sh', 'z/package.json']);
  });

  it('finds paths by name ignoring case, in name-index order, and sees files added later', () => {
    const t = walkTree(tree({ 'a/README.md': 'x', 'b/readme.md': 'x', 'c/Readme.MD': 'x', 'c/other': 'x' }));
    expect(t.pathsNamedIgnoringCase('README.md').sort()).toEqual(['a/README.md', 'b/readme.md', 'c/Readme.MD']);
    expect(t.pathsNamedIgnoringCase('readme.md')).toEqual(t.pathsNamedIgnoringCase('ReadMe.md'));
    t.addFile('c/README.md');
    expect(t.pathsNamedIgnoringCase('readme.MD').sort()).toEqual(['a/README.md', 'b/readme.md', 'c/README.md', 'c/Readme.MD']);
    t.removeFile('a/README.md');
    expect(t.pathsNamedIgnoringCase('readme.md').sort()).toEqual(['b/readme.md', 'c/README.md', 'c/Readme.MD']);
  });

  it('keeps the clutter index up to date as fixes add and remove files, as a new traversal would find it', () => {
    const t = walkTree(tree({ ...files, 'deploy/dist/app.js': 'x', 'svc/app.py': 'x' }));
    const kinds = (counts: ReturnType<typeof countClutter>) => counts.map((c) => [c.kind.label[0], c.paths]);
    const before = kinds(countClutter(t, ''));
    expect(before).toContainEqual(['.env file', ['deploy/.env']]);
    t.addFile('svc/.env.local');
    t.addFile('svc/x.pyc');
    t.addFile('deploy/dist/.env'); // below a matched directory: its content is the clutter
    t.addFile('svc/.dockerignore.bak');
    t.removeFile('deploy/.env');
    const incremental = kinds(countClutter(t, ''));
    expect(incremental).toContainEqual(['.env file', ['svc/.env.local']]);
    expect(incremental).toContainEqual(['.pyc file', ['svc/x.pyc']]);
    t.restore(t.snapshot()); // the change log is gone: a new traversal
    expect(kinds(countClutter(t, ''))).toEqual(incremental);
  });

  it('lists and visits in code-unit order, depth first, with kinds', () => {
    const t = walkTree(tree(files));
    expect(t.list('')).toEqual(['Dockerfile', 'a', 'b.txt', 'deploy', 'node_modules', 'svc']);
    const seen: [string, EntryKind, boolean][] = [];
    t.visitNames('', (name, kind, parent, opaque) => {
      seen.push([parent === '' ? name : `${parent}/${name}`, kind, opaque]);
      return true;
    });
    const viaEntries: string[] = [];
    t.visit('', (entry) => {
      viaEntries.push(entry.path);
      return true;
    });
    expect(seen.map(([p]) => p)).toEqual(viaEntries);
    expect(seen).toContainEqual(['node_modules', 'dir', true]);
    expect(seen).toContainEqual(['deploy/compose.yaml', 'file', false]);
    expect([...t.below('deploy')].map((e) => e.path)).toEqual(['deploy/.env', 'deploy/compose.yaml']);
  });

  it('keeps one entry object per path, and a size once read', () => {
    const root = tree(files);
    const t = walkTree(root);
    expect(t.get('b.txt')).toBe(t.get('b.txt'));
    expect(t.sizeOf('b.txt')).toBe(2);
    writeFileSync(join(root, 'b.txt'), 'longer');
    expect(t.sizeOf('b.txt')).toBe(2);
    expect(t.sizeIn(t.listing('')!, t.list('').indexOf('b.txt'))).toBe(2);
    expect(t.sizeOf('a')).toBe(0);
    expect(t.sizeOf('missing')).toBe(0);
    expect(t.get('missing')).toBeUndefined();
    expect(t.get('')).toMatchObject({ path: '', kind: 'dir' });
  });

  it('keeps each size with its file when a fix adds or removes a file before it, and across a snapshot', () => {
    const root = tree({ 'd/b.txt': 'bb', 'd/d.txt': 'dddd' });
    const t = walkTree(root);
    expect(t.sizeOf('d/b.txt')).toBe(2);
    expect(t.sizeOf('d/d.txt')).toBe(4);
    // The disk changes; the sizes read stay, in their files' new places in the listing.
    writeFileSync(join(root, 'd/b.txt'), 'changed');
    writeFileSync(join(root, 'd/d.txt'), 'changed');
    const snap = t.snapshot();
    t.addFile('d/a.txt');
    t.addFile('d/c.txt');
    writeFileSync(join(root, 'd/c.txt'), 'ccc');
    expect(t.list('d')).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
    expect([0, 1, 2, 3].map((i) => t.sizeIn(t.listing('d')!, i))).toEqual([0, 2, 3, 4]);
    t.removeFile('d/b.txt');
    expect(t.sizeOf('d/c.txt')).toBe(3);
    expect(t.sizeOf('d/d.txt')).toBe(4);
    t.restore(snap);
    expect(t.list('d')).toEqual(['b.txt', 'd.txt']);
    expect([t.sizeOf('d/b.txt'), t.sizeOf('d/d.txt')]).toEqual([2, 4]);
    expect(t.pathsIn(t.listing('d')!)).toEqual(['d/b.txt', 'd/d.txt']);
  });

  it('records files a fix adds or removes, in order, and indexes them by name', () => {
    const t = walkTree(tree(files));
    expect(t.pathsNamed('.dockerignore')).toEqual(['svc/.dockerignore']);
    const before = t.version;
    t.addFile('a/.dockerignore');
    t.addFile('a/m.py');
    expect(t.list('a')).toEqual(['.dockerignore', '__pycache__', 'm.py', 'z.py']);
    expect([...t.pathsNamed('.dockerignore')].sort()).toEqual(['a/.dockerignore', 'svc/.dockerignore']);
    expect(t.readNamedFiles()).toContain('a/.dockerignore');
    t.removeFile('svc/.dockerignore');
    expect(t.exists('svc/.dockerignore')).toBe(false);
    expect(t.pathsNamed('.dockerignore')).toEqual(['a/.dockerignore']);
    expect(t.readNamedFiles()).not.toContain('svc/.dockerignore');
    expect(t.version).toBe(before + 3);
    // A directory cannot be removed as a file, and a file in an unlisted directory is not added.
    t.removeFile('a');
    t.addFile('a/__pycache__/x.pyc');
    expect(t.isDir('a')).toBe(true);
    expect(t.exists('a/__pycache__/x.pyc')).toBe(false);
  });

  it('restores a snapshot after a trial plan; indexes built in between are rebuilt, entries and sizes kept', () => {
    const t = walkTree(tree(files));
    const entry = t.get('b.txt')!;
    t.sizeOf('b.txt');
    const snap = t.snapshot();
    const versionAtSnapshot = t.version;
    t.addFile('deploy/compose.override.yaml');
    t.removeFile('b.txt');
    t.restore(snap);
    expect(t.list('deploy')).toEqual(['.env', 'compose.yaml']);
    expect(t.isFile('b.txt')).toBe(true);
    expect(t.readNamedFiles()).not.toContain('deploy/compose.override.yaml');
    expect(t.pathsNamed('compose.override.yaml')).toEqual([]);
    expect(t.version).toBeGreaterThan(versionAtSnapshot + 2);
    expect(t.get('b.txt')).toBe(entry);
    rmSync(join(t.root, 'b.txt'));
    expect(t.sizeOf('b.txt')).toBe(2);
  });

  it('a clutter index built before a restore is not reused after it', () => {
    const t = walkTree(tree(files));
    const snap = t.snapshot();
    t.addFile('deploy/.env.local');
    expect(countClutter(t, 'deploy').find((c) => c.kind.label[0] === '.env file')?.paths).toEqual(['deploy/.env', 'deploy/.env.local']);
    t.restore(snap);
    expect(countClutter(t, 'deploy').find((c) => c.kind.label[0] === '.env file')?.paths).toEqual(['deploy/.env']);
  });

  it('reports an unreadable root as a problem instead of throwing', () => {
    const t = walkTree('/nonexistent/dockmend-walk-test');
    expect(t.problems).toEqual([{ path: '', message: 'no such file or directory' }]);
    expect(t.list('')).toEqual([]);
  });
});

describe('clutter kinds by name and place', () => {
  it('.next/cache only inside a directory named .next (not foo.next)', () => {
    const t = walkTree(tree({ 'web/.next/cache/a': 'x', 'web/foo.next/cache/b': 'x', '.next/cache/c': 'x' }));
    const next = countClutter(t, '').find((c) => c.kind.patterns[0] === '**/.next/cache');
    expect(next?.paths).toEqual(['.next/cache', 'web/.next/cache']);
  });
});
