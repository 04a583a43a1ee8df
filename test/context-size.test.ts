import { EventEmitter } from 'node:events';
import { lstatSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBytes, groupDigits, measureContexts, shrinkLine, type ContextSize } from '../src/analysis/context-size.js';
import { ignoreOf } from '../src/analysis/models.js';
import { planSizeWork, prefetchSizes, shareSizeWork, type SizeMessage, type SizeSource } from '../src/analysis/size-prefetch.js';
import { contextTransferScope } from '../src/analysis/transferred.js';
import { compareCodeUnits } from '../src/text.js';
import { detect, openSession } from '../src/fix/engine.js';
import { relativePath } from '../src/project/paths.js';
import { buildProject, type Project } from '../src/project/project.js';
import { contextReport, contextText } from '../src/report/context.js';
import { plain } from '../src/report/text.js';
import { tree } from './helpers.js';

const bytes = (n: number) => 'x'.repeat(n);

describe('context size', () => {
  it('counts what each context sends, honouring the ignore file and reading opaque directories', () => {
    const root = tree({
      'Dockerfile': 'FROM node:20\nCOPY . .\n',
      '.dockerignore': '**/*.log\n',
      'app.js': bytes(100),
      'debug.log': bytes(1000),
      'node_modules/a/index.js': bytes(50),
      'node_modules/a/big.bin': bytes(5000),
    });
    const session = openSession(root);
    const [size] = measureContexts(buildProject(session.tree, session.sources));
    // Dockerfile (22) + .dockerignore (9) + app.js + node_modules content; debug.log is excluded.
    expect(size.files).toBe(5);
    expect(size.bytes).toBe(22 + 9 + 100 + 50 + 5000);
    expect(size.heaviest[0]).toEqual({ path: 'node_modules/a/big.bin', bytes: 5000 });
  });

  it('skips an excluded directory whole, and reports the shrink after the pending fixes', () => {
    const root = tree({
      'Dockerfile': 'FROM node:20\nCOPY package.json .\nCOPY . .\n',
      'package.json': bytes(10),
      'node_modules/a/index.js': bytes(4000),
    });
    const report = contextReport(openSession(root), {});
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({ context: '.', ignoreFile: null, ignoreFileAfter: '.dockerignore' });
    expect(report.rows[0].now).toEqual({ files: 3, bytes: 42 + 10 + 4000 });
    // After the generated .dockerignore: node_modules is no longer sent, the new file is.
    expect(report.rows[0].afterFixes!.files).toBe(3);
    expect(report.rows[0].afterFixes!.bytes).toBeLessThan(200);
    expect(shrinkLine(report.shrink)).toMatch(/^contexts: 1, sending 4\.1 kB in 3 files; after fixes: \d+ B in 3 files$/);
    const text = contextText(report, plain);
    expect(text).toContain('none → .dockerignore');
    expect(text).toContain('node_modules/a/index.js');
  });

  it('measures the same from the first detection, and measures again only the contexts a fix changes', () => {
    const files = {
      // a: no ignore file (the fix creates one); b: an ignore file the fixes leave alone; c: a fix
      // creates a file (compose env file) inside the context.
      // (a, c and d copy the whole context: BuildKit would otherwise send only their COPY sources.)
      'a/Dockerfile': 'FROM node:20\nCOPY package.json .\nCOPY . .\n',
      'a/package.json': bytes(10),
      'a/node_modules/x/index.js': bytes(4000),
      'b/Dockerfile': 'FROM node:20\nCOPY app.js .\n',
      'b/.dockerignore': '*.log\n',
      'b/app.js': bytes(30),
      'b/x.log': bytes(300),
      'c/Dockerfile': 'FROM node:20\nCOPY . .\n',
      'c/.dockerignore': '*.log\n',
      'c/app.js': bytes(30),
      'c/compose.yaml': 'services:\n  app:\n    build: .\n    env_file: app.env\n',
      // d: a fix edits the ignore file (a root-only pattern).
      'd/Dockerfile': 'FROM python:3\nCOPY . .\n',
      'd/.dockerignore': '__pycache__\n',
      'd/app.py': bytes(30),
      'd/pkg/__pycache__/m.pyc': bytes(500),
    };
    const options = { unsafe: true };
    const fresh = contextReport(openSession(tree(files)), options);
    const session = openSession(tree(files));
    const reused = contextReport(session, options, detect(session, options));
    expect(reused).toEqual(fresh);
    const row = (dir: string) => fresh.rows.find((r) => r.context === dir)!;
    expect(row('b').afterFixes).toEqual(row('b').now);
    expect(row('c').afterFixes!.files).toBe(row('c').now!.files + 1);
    expect(row('d').afterFixes!.bytes).toBe(row('d').now!.bytes - 500);
  });

  it('counts only what the builds transfer (BuildKit sends the COPY sources, not the tree)', () => {
    const root = tree({
      'Dockerfile': 'FROM node:20\nCOPY package.json .\n',
      'package.json': bytes(10),
      'node_modules/a/index.js': bytes(4000),
      '.env': bytes(7),
    });
    const report = contextReport(openSession(root), {});
    // The Dockerfile (always sent with the build) and package.json: not node_modules, not .env.
    expect(report.rows[0].now).toEqual({ files: 2, bytes: 33 + 10 });
    expect(report.rows[0].afterFixes).toEqual(report.rows[0].now);
  });

  it('measures again a context whose Dockerfile a fix changes (its COPY sources decide what is sent)', () => {
    const files = {
      'Dockerfile': 'FROM node:20\nCOPY pakage.json .\n',
      'package.json': bytes(10),
      'node_modules/a/index.js': bytes(4000),
    };
    const options = { unsafe: true };
    const fresh = contextReport(openSession(tree(files)), options);
    const session = openSession(tree(files));
    expect(contextReport(session, options, detect(session, options))).toEqual(fresh);
    // Before: the Dockerfile only (the source is missing); after the fix copies package.json:
    // its 10 B more (sizes are those on disk, the Dockerfile's as it is now).
    expect(fresh.rows[0].afterFixes!.bytes - fresh.rows[0].now!.bytes).toBe(10);
  });

  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1500, '1.5 kB'],
    [38_000_000, '38 MB'],
    [1_200_000_000, '1.2 GB'],
  ])('formats %d bytes as %s', (n, s) => expect(formatBytes(n)).toBe(s));

  it('groups digits as en-US does', () => {
    const values = [0, 1, 12, 999, 1000, 1001, 99_999, 100_000, 160_516, 1_234_567, 2 ** 31, Number.MAX_SAFE_INTEGER, -1, -1000, -1_234_567, 0.5, 1234.5678, 1e21];
    for (let x = 1; x < 1e16; x = x * 7 + 3) values.push(x);
    for (const x of values) expect(groupDigits(x), String(x)).toBe(x.toLocaleString('en-US'));
  });
});

/**
 * What each context sends, measured as dockmend did before the sizes were summed per subtree and
 * handed over by position: one traversal per context with an entry object per path, an ignore
 * decision per path, and every size read fresh from disk (lstat), in the same order.
 */
function freshMeasure(project: Project): ContextSize[] {
  const root = project.tree.root;
  const size = (path: string) => {
    try {
      return lstatSync(join(root, path)).size;
    } catch {
      return 0;
    }
  };
  const opaque = (dir: string) => {
    const list: { path: string; bytes: number }[] = [];
    const stack = [dir];
    while (stack.length > 0) {
      const d = stack.pop()!;
      let names: string[];
      try {
        names = readdirSync(`${root}/${d}`);
      } catch {
        continue;
      }
      for (const name of names) {
        const path = `${d}/${name}`;
        try {
          const st = lstatSync(`${root}/${path}`);
          if (st.isDirectory()) stack.push(path);
          else list.push({ path, bytes: st.size });
        } catch {
          // unreadable: not sent
        }
      }
    }
    return list;
  };
  const seen = new Map<string, ContextSize>();
  for (const c of project.contexts) {
    if (!c.dirExists || seen.has(`${c.dir}\0${c.ignoreFile ?? ''}`)) continue;
    const matcher = c.ignoreFile ? ignoreOf(project, c.ignoreFile)?.matcher ?? null : null;
    const always = new Set([c.dockerfile, c.ignoreFile].filter((p): p is string => p !== null));
    const scope = contextTransferScope(project, c.dir, c.ignoreFile);
    const out: ContextSize = { dir: c.dir, ignoreFile: c.ignoreFile, files: 0, bytes: 0, heaviest: [] };
    const add = (path: string, bytes: number) => {
      out.files++;
      out.bytes += bytes;
      if (out.heaviest.length < 10 || bytes > out.heaviest[out.heaviest.length - 1].bytes) {
        out.heaviest.push({ path, bytes });
        out.heaviest.sort((a, b) => b.bytes - a.bytes || compareCodeUnits(a.path, b.path));
        if (out.heaviest.length > 10) out.heaviest.pop();
      }
    };
    const sent = (rel: string) => !matcher?.excludes(rel) && (scope === null || scope.reachesInto(rel));
    project.tree.visit(c.dir, (entry) => {
      const rel = relativePath(c.dir, entry.path);
      if (entry.kind === 'dir') {
        if (matcher?.excludesWholeDir(rel) || (scope !== null && !scope.reachesInto(rel))) return false;
        if (!entry.opaque) return true;
        for (const f of opaque(entry.path)) if (sent(relativePath(c.dir, f.path))) add(f.path, f.bytes);
        return false;
      }
      if (always.has(entry.path) || sent(rel)) add(entry.path, size(entry.path));
      return false;
    });
    seen.set(`${c.dir}\0${c.ignoreFile ?? ''}`, out);
  }
  return [...seen.values()];
}

/**
 * Three nested contexts with their own ignore files (the root's excludes a directory and
 * re-includes a file below it; app's excludes part of its node_modules), opaque directories
 * sent whole and in part, a symbolic link, many files of equal size (the heaviest list keeps the
 * first offered among equals) and a context whose builds read only some paths (a transfer scope).
 */
function nestedFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'compose.yaml': 'services:\n  root:\n    build: .\n  app:\n    build: app\n  lib:\n    build: app/lib\n  web:\n    build: web\n',
    'Dockerfile': 'FROM node:20\nCOPY . /src\n',
    '.dockerignore': 'build\n!build/keep.txt\n**/*.log\n',
    'build/keep.txt': bytes(9),
    'build/drop.txt': bytes(9),
    'build/sub/x.txt': bytes(9),
    'debug.log': bytes(700),
    'app/Dockerfile': 'FROM node:20\nCOPY . /app\n',
    'app/.dockerignore': 'node_modules/**/*.map\n*.tmp\n',
    'app/x.tmp': bytes(5),
    'app/node_modules/a/index.js': bytes(40),
    'app/node_modules/a/index.js.map': bytes(400),
    'app/node_modules/b/c/d.js': bytes(40),
    'app/.git/HEAD': bytes(21),
    'app/.git/objects/ab/cdef': bytes(40),
    'app/lib/Dockerfile': 'FROM node:20\nCOPY . /lib\n',
    'app/lib/__pycache__/m.cpython-312.pyc': bytes(40),
    'web/Dockerfile': 'FROM node:20\nCOPY package.json /web/\nCOPY src/ /web/src/\n',
    'web/package.json': bytes(12),
    'web/src/index.js': bytes(40),
    'web/src/deep/more.js': bytes(40),
    'web/test/spec.js': bytes(4000),
    // Offered after the equal files of app/lib's own listing, though its path sorts first: it must not enter.
    'app/lib/a/first.js': bytes(40),
    // Offered once the list is full of 40-byte files: heavier by one byte, they enter.
    'app/lib/zz/node_modules/p/big.js': bytes(41),
    'app/lib/zz/deeper/big.js': bytes(41),
  };
  for (let i = 0; i < 15; i++) {
    files[`app/lib/eq${String(i).padStart(2, '0')}.js`] = bytes(40);
    files[`z${i % 3}/eq${i}.txt`] = bytes(40);
    files[`app/node_modules/eq/f${i}.js`] = bytes(40);
  }
  return files;
}

function nestedTree(): string {
  const root = tree(nestedFiles());
  symlinkSync('../app/lib/eq00.js', join(root, 'app/link.js'));
  symlinkSync('lib', join(root, 'app/lib-link'));
  return root;
}

describe('context sizes against a fresh measurement', () => {
  it('nested contexts with their own ignore files, exceptions, links, opaque directories and ties', () => {
    const session = openSession(nestedTree());
    const project = buildProject(session.tree, session.sources);
    const expected = freshMeasure(project);
    expect(expected.map((s) => s.dir).sort()).toEqual(['', 'app', 'app/lib', 'web']);
    expect(measureContexts(project)).toEqual(expected);
    const at = (dir: string) => expected.find((s) => s.dir === dir)!;
    // build/ is excluded but its keep.txt re-included; *.log is excluded.
    expect(at('').heaviest.some((h) => h.path === 'debug.log')).toBe(false);
    // The transfer scope: package.json and src/ (and the Dockerfile), not test/.
    expect(at('web').files).toBe(4);
    // Every heaviest list is full and ends in ties of 40 bytes: which of the equal files stay depends on the order.
    expect(at('').heaviest).toHaveLength(10);
    expect(at('').heaviest[9].bytes).toBe(40);
    const lib = at('app/lib').heaviest.map((h) => h.path);
    expect(lib).toContain('app/lib/zz/node_modules/p/big.js');
    expect(lib).toContain('app/lib/zz/deeper/big.js');
    expect(lib).not.toContain('app/lib/a/first.js');
  });

  it('equals it after the size worker read the sizes, in chunks taken by both threads', async () => {
    for (const chunkWeight of [1, 4, 1024]) {
      const expected = (() => {
        const s = openSession(nestedTree());
        return freshMeasure(buildProject(s.tree, s.sources));
      })();
      const root = nestedTree();
      const session = openSession(root);
      await prefetchSizes(session.tree, 0, chunkWeight).settle();
      // Whatever was read ahead is used: nothing is read again from disk.
      for (const f of ['debug.log', 'app/node_modules', 'app/.git', 'app/lib/__pycache__', 'app/lib/eq03.js', 'web/src/index.js']) rmSync(join(root, f), { recursive: true });
      expect(measureContexts(buildProject(session.tree, session.sources))).toEqual(expected);
    }
  });

  it('measures again, after a file is added, only from fresh sizes in that directory', () => {
    const root = nestedTree();
    const session = openSession(root);
    const before = measureContexts(buildProject(session.tree, session.sources));
    // The fix engine adds a file to the tree; the disk changes meanwhile in that directory only.
    writeFileSync(join(root, 'app/new.txt'), bytes(77));
    session.tree.addFile('app/new.txt');
    const after = measureContexts(buildProject(session.tree, session.sources));
    const app = (sizes: ContextSize[]) => sizes.find((s) => s.dir === 'app')!;
    expect(app(after).files).toBe(app(before).files + 1);
    expect(app(after).bytes).toBe(app(before).bytes + 77);
    expect(after).toEqual(freshMeasure(buildProject(session.tree, session.sources)));
  });
});

describe('the hand-off from the size worker', () => {
  /** A worker stand-in: it claims chunks like the worker, and posts or ends when the test says. */
  function fakeWorker() {
    const events = new EventEmitter();
    let terminated = false;
    const source: SizeSource = {
      on: ((event: string, listener: (m: SizeMessage) => void) => events.on(event, listener)) as SizeSource['on'],
      terminate: async () => {
        terminated = true;
      },
    };
    return { source, post: (m: SizeMessage) => events.emit('message', m), end: (event: 'exit' | 'error') => events.emit(event), terminated: () => terminated };
  }
  const turns = (n: number) => new Promise((resolve) => setTimeout(resolve, n));

  it('reads on the main thread what the worker did not claim, and waits for what it did, however late', async () => {
    const root = nestedTree();
    const expected = freshMeasure(buildProject(openSession(root).tree, openSession(root).sources));
    const session = openSession(root);
    const work = planSizeWork(session.tree, 4);
    const worker = fakeWorker();
    const prefetch = shareSizeWork(session.tree, work, worker.source);
    // The worker claims the first chunk and reads its files' sizes, but posts late.
    const claimed = Atomics.add(work.next, 0, 1);
    expect(claimed).toBe(0);
    for (let d = work.chunks[0]; d < work.chunks[1]; d++) {
      for (let i = 0; i < work.names[d].length; i++) if (work.kinds[work.offsets[d] + i] !== work.listedDir && work.kinds[work.offsets[d] + i] !== work.opaqueDir) work.sizes[work.offsets[d] + i] = 1000 + i;
    }
    let settled = false;
    const settling = prefetch.settle().then(() => (settled = true));
    await turns(20);
    expect(settled).toBe(false);
    worker.post({ chunk: 0, opaque: [], sizes: new Float64Array(0) });
    await settling;
    expect(worker.terminated()).toBe(true);
    // The first chunk's sizes are the worker's (unlike the disk's); the rest are the disk's.
    const measured = measureContexts(buildProject(session.tree, session.sources));
    expect(measured).not.toEqual(expected);
    const firstListing = work.listings[work.chunks[0]];
    const firstFile = firstListing.kinds.findIndex((k) => k !== work.listedDir && k !== work.opaqueDir);
    expect(session.tree.sizeOf(firstListing.path === '' ? firstListing.names[firstFile] : `${firstListing.path}/${firstListing.names[firstFile]}`)).toBe(1000 + firstFile);
  });

  it.each(['exit', 'error'] as const)('settles when the worker ends (%s) mid-chunk, and the main thread reads what is missing', async (event) => {
    const root = nestedTree();
    const expected = freshMeasure(buildProject(openSession(root).tree, openSession(root).sources));
    const session = openSession(root);
    const work = planSizeWork(session.tree, 4);
    const worker = fakeWorker();
    const prefetch = shareSizeWork(session.tree, work, worker.source);
    // The worker claims two chunks and dies: nothing of them is delivered.
    Atomics.add(work.next, 0, 2);
    worker.end(event);
    await prefetch.settle();
    expect(measureContexts(buildProject(session.tree, session.sources))).toEqual(expected);
  });

  it('does not hand sizes to a listing that changed since they were laid out', async () => {
    const root = nestedTree();
    const session = openSession(root);
    const work = planSizeWork(session.tree);
    const worker = fakeWorker();
    const prefetch = shareSizeWork(session.tree, work, worker.source);
    worker.end('exit');
    // A file added to app/ after the layout: app's sizes are read again, on demand.
    session.tree.addFile('app/added.txt');
    writeFileSync(join(root, 'app/added.txt'), bytes(3));
    await prefetch.settle();
    writeFileSync(join(root, 'app/x.tmp'), bytes(50));
    writeFileSync(join(root, 'web/package.json'), bytes(50));
    // app/x.tmp's size is the disk's now (its listing was not handed over); web/package.json's is the one read at settle.
    expect(session.tree.sizeOf('app/x.tmp')).toBe(50);
    expect(session.tree.sizeOf('web/package.json')).toBe(12);
    expect(session.tree.sizeOf('app/added.txt')).toBe(3);
  });

  it('is not started for a small tree, and the main thread then reads the sizes itself', async () => {
    const root = tree({ 'Dockerfile': 'FROM node:20\nCOPY . .\n', 'app.js': bytes(100) });
    const session = openSession(root);
    await prefetchSizes(session.tree).settle();
    rmSync(join(root, 'app.js'));
    const [size] = measureContexts(buildProject(session.tree, session.sources));
    expect(size.heaviest.find((h) => h.path === 'app.js')!.bytes).toBe(0);
  });
});
