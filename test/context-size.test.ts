import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBytes, measureContexts, shrinkLine } from '../src/analysis/context-size.js';
import { prefetchSizes, receiveSizes, type SizeMessage, type SizeSource } from '../src/analysis/size-prefetch.js';
import { detect, openSession } from '../src/fix/engine.js';
import { buildProject } from '../src/project/project.js';
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
});

describe('sizes read ahead on a worker thread', () => {
  const files = {
    'Dockerfile': 'FROM node:20\nCOPY . .\n',
    '.dockerignore': '**/*.log\n',
    'app.js': bytes(100),
    'debug.log': bytes(1000),
    'node_modules/a/index.js': bytes(50),
    'node_modules/a/deep/big.bin': bytes(5000),
    'pkg/__pycache__/m.cpython-312.pyc': bytes(700),
  };

  it('gives the sizes the main thread would read, and they are the worker\'s (the files are gone from disk when measured)', async () => {
    const expected = (() => {
      const s = openSession(tree(files));
      return measureContexts(buildProject(s.tree, s.sources));
    })();
    const root = tree(files);
    const session = openSession(root);
    await prefetchSizes(session.tree, 0).settle();
    // Whatever the worker read is used; nothing is read again from disk.
    for (const f of ['app.js', 'debug.log', 'node_modules', 'pkg/__pycache__']) rmSync(join(root, f), { recursive: true });
    expect(measureContexts(buildProject(session.tree, session.sources))).toEqual(expected);
    expect(expected[0].files).toBe(6);
  });

  it('is not started for a small tree, and the main thread then reads the sizes itself', async () => {
    const root = tree(files);
    const session = openSession(root);
    await prefetchSizes(session.tree).settle();
    rmSync(join(root, 'app.js'));
    const [size] = measureContexts(buildProject(session.tree, session.sources));
    expect(size.heaviest.some((h) => h.path === 'app.js')).toBe(true);
    expect(size.heaviest.find((h) => h.path === 'app.js')!.bytes).toBe(0);
  });
});

describe('the hand-off from the size worker', () => {
  /** A worker stand-in whose messages the test posts, when it chooses. */
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
  const files = {
    'Dockerfile': 'FROM node:20\nCOPY . .\n',
    'app.js': bytes(100),
    'node_modules/a/index.js': bytes(50),
    'pkg/__pycache__/m.cpython-312.pyc': bytes(700),
  };

  it('waits for the directories posted after the sizes, however late they cross, and uses them', async () => {
    const session = openSession(tree(files));
    const worker = fakeWorker();
    const listed = ['Dockerfile', 'app.js'];
    const prefetch = receiveSizes(session.tree, listed, worker.source);
    let settled = false;
    const settling = prefetch.settle().then(() => (settled = true));
    // Sizes unlike the disk's, so the measure shows whose they are.
    worker.post({ sizes: Float64Array.from([1, 2]) });
    worker.post({ dir: 'node_modules', content: { files: 1, bytes: 3, list: [{ path: 'node_modules/a/index.js', bytes: 3 }] } });
    await turns(20);
    expect(settled).toBe(false);
    worker.post({ dir: 'pkg/__pycache__', content: { files: 1, bytes: 4, list: [{ path: 'pkg/__pycache__/m.cpython-312.pyc', bytes: 4 }] } });
    await turns(20);
    expect(settled).toBe(false);
    worker.post({ done: true });
    await settling;
    expect(worker.terminated()).toBe(true);
    const [size] = measureContexts(buildProject(session.tree, session.sources));
    expect(size.files).toBe(4);
    expect(size.bytes).toBe(1 + 2 + 3 + 4);
  });

  it.each(['exit', 'error'] as const)('settles when the worker ends (%s) without done, and the main thread reads the rest', async (event) => {
    const session = openSession(tree(files));
    const worker = fakeWorker();
    const prefetch = receiveSizes(session.tree, ['Dockerfile', 'app.js'], worker.source);
    worker.post({ sizes: Float64Array.from([1, 2]) });
    worker.post({ dir: 'node_modules', content: { files: 1, bytes: 3, list: [{ path: 'node_modules/a/index.js', bytes: 3 }] } });
    worker.end(event);
    await prefetch.settle();
    const [size] = measureContexts(buildProject(session.tree, session.sources));
    // pkg/__pycache__ was not delivered: its 700 bytes are read from disk.
    expect(size.files).toBe(4);
    expect(size.bytes).toBe(1 + 2 + 3 + 700);
  });

  it('the real worker delivers every opaque directory before settle resolves', async () => {
    const many: Record<string, string> = { 'Dockerfile': 'FROM node:20\nCOPY . .\n' };
    for (let i = 0; i < 40; i++) many[`p${i}/__pycache__/m.pyc`] = bytes(i + 1);
    const expected = (() => {
      const s = openSession(tree(many));
      return measureContexts(buildProject(s.tree, s.sources));
    })();
    const root = tree(many);
    const session = openSession(root);
    await prefetchSizes(session.tree, 0).settle();
    for (let i = 0; i < 40; i++) rmSync(join(root, `p${i}`), { recursive: true });
    expect(measureContexts(buildProject(session.tree, session.sources))).toEqual(expected);
    expect(expected[0].files).toBe(41);
  });
});
