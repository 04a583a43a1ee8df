// Context sizes (the text scan's last line, `dockmend context`) need an lstat per file a context
// sends and the content of every sent node_modules, .git or bytecode cache: on a large tree that
// is most of the run, spent in system calls. A worker thread reads them on the second core while
// the main thread detects; what it has not finished when the sizes are needed is read on the
// main thread as before (context-size.ts), so the result never depends on the worker.
import { Worker } from 'node:worker_threads';
import type { FileTree } from '../project/walk.js';
import { primeOpaqueContent, readOpaqueDir, type OpaqueContent } from './context-size.js';

/** The worker's whole program: the listed files' sizes first, then each opaque directory. */
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
`;

/**
 * Below this many listed entries the sizes take a few milliseconds on the main thread, less than
 * starting a worker (~25 ms): no worker then.
 */
export const PREFETCH_MIN_ENTRIES = 20_000;

export interface SizePrefetch {
  /** Resolves once the worker's results so far are in the tree; then the worker is stopped. */
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
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root: tree.root, files, opaqueDirs } });
  } catch {
    return { settle: async () => {} };
  }
  worker.unref();
  let filesDone: () => void = () => {};
  const filesRead = new Promise<void>((resolve) => (filesDone = resolve));
  worker.on('message', (m: { sizes?: Float64Array; dir?: string; content?: OpaqueContent }) => {
    if (m.sizes) {
      tree.primeSizes(files, m.sizes);
      filesDone();
    } else if (m.dir !== undefined && m.content) primeOpaqueContent(tree, m.dir, m.content);
  });
  // A worker that fails or exits early leaves the rest to the main thread.
  worker.on('error', () => filesDone());
  worker.on('exit', () => filesDone());
  return {
    async settle() {
      await filesRead;
      // Take the opaque directories already posted (their messages are queued), no more.
      await new Promise((resolve) => setImmediate(resolve));
      await worker.terminate();
    },
  };
}
