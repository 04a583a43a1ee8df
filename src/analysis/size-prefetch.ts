// Context sizes (the text scan's last line, `dockmend context`) need an lstat per file a context
// sends and the content of every sent node_modules, .git or bytecode cache: on a large tree that
// is most of the run, spent in system calls. A worker thread reads them on the second core while
// the main thread detects. If the worker fails, what it did not deliver is read on the main
// thread as before (context-size.ts), so the result never depends on the worker.
import type { Worker } from 'node:worker_threads';
import { workerThreads } from '../builtins.js';
import type { FileTree } from '../project/walk.js';
import { primeOpaqueContent, readOpaqueDir, type OpaqueContent } from './context-size.js';

/**
 * The worker's whole program: the listed files' sizes first, then each opaque directory, then
 * `done`. Messages on one port arrive in the order they were posted, so once `done` is in, so is
 * everything before it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const readOpaqueDir = ${readOpaqueDir.toString()};
const { root, files, opaqueDirs } = workerData;
const sizes = new Float64Array(files.length);
for (let i = 0; i < files.length; i++) {
  try {
    sizes[i] = fs.lstatSync(root + '/' + files[i]).size;
  } catch {
    sizes[i] = 0;
  }
}
parentPort.postMessage({ sizes }, [sizes.buffer]);
for (const dir of opaqueDirs) parentPort.postMessage({ dir, content: readOpaqueDir(fs, root, dir) });
parentPort.postMessage({ done: true });
`;

/**
 * Below this many listed entries the sizes take a few milliseconds on the main thread, less than
 * starting a worker (~25 ms): no worker then.
 */
export const PREFETCH_MIN_ENTRIES = 20_000;

export interface SizePrefetch {
  /** Resolves once everything the worker read is in the tree; then the worker is stopped. */
  settle(): Promise<void>;
}

/** Start reading the sizes of every listed file and opaque directory of `tree` on a worker. */
export function prefetchSizes(tree: FileTree, minEntries = PREFETCH_MIN_ENTRIES): SizePrefetch {
  if (tree.visited < minEntries) return { settle: async () => {} };
  const files: string[] = [];
  const opaqueDirs: string[] = [];
  tree.visitNames('', (name, kind, parent, opaque) => {
    const path = parent === '' ? name : `${parent}/${name}`;
    if (kind !== 'dir') files.push(path);
    else if (opaque) opaqueDirs.push(path);
    return true;
  });
  let worker: Worker;
  try {
    worker = new (workerThreads().Worker)(WORKER_SOURCE, { eval: true, workerData: { root: tree.root, files, opaqueDirs } });
  } catch {
    return { settle: async () => {} };
  }
  worker.unref();
  return receiveSizes(tree, files, worker);
}

/** A message the size worker posts (WORKER_SOURCE), in this order: sizes, each directory, done. */
export type SizeMessage = { sizes: Float64Array } | { dir: string; content: OpaqueContent } | { done: true };

/** What receiveSizes needs of a worker: a Worker, or a stand-in that a test drives. */
export interface SizeSource {
  on(event: 'message', listener: (m: SizeMessage) => void): unknown;
  on(event: 'error' | 'exit', listener: () => void): unknown;
  terminate(): Promise<unknown>;
}

/**
 * Put what the worker posts into `tree` (the sizes of `files`, in that order, and each opaque
 * directory's content). `settle` resolves once the worker has delivered everything: its `done`
 * message, or its end (error or exit) without it, when the main thread reads the rest itself.
 * It used to wait one turn of the event loop after the sizes and stop the worker: a directory the
 * worker was still reading, or had posted but whose message had not crossed yet, was then lost
 * and read again on the main thread, so what the report counted depended on thread timing.
 */
export function receiveSizes(tree: FileTree, files: readonly string[], source: SizeSource): SizePrefetch {
  let finished: () => void = () => {};
  const delivered = new Promise<void>((resolve) => (finished = resolve));
  source.on('message', (m: SizeMessage) => {
    if ('sizes' in m) tree.primeSizes(files, m.sizes);
    else if ('dir' in m) primeOpaqueContent(tree, m.dir, m.content);
    else finished();
  });
  // A worker that fails or exits early leaves the rest to the main thread. (Node delivers the
  // messages a worker posted before its 'exit' event.)
  source.on('error', () => finished());
  source.on('exit', () => finished());
  return {
    async settle() {
      await delivered;
      await source.terminate();
    },
  };
}
