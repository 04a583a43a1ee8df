// Context sizes (the text scan's last line, `dockmend context`) need an lstat per file a context
// sends and the content of every sent node_modules, .git or bytecode cache: on a large tree that
// is most of the run, spent in system calls. A worker thread reads them on the second core while
// the main thread detects; when the main thread is done detecting, it reads what the worker has
// not started yet itself, so neither thread waits for the other longer than one chunk. If the
// worker fails, what it did not deliver is read on the main thread as before (context-size.ts),
// so the result never depends on the worker.
//
// The hand-off costs the main thread almost nothing: the sizes go into a SharedArrayBuffer laid
// out like the walk's listings (FileTree.sizeLayout), which each listing then uses as its own
// sizes without a copy; the names go to the worker as one string (structured-cloning 63,000
// path strings cost the main thread ~60 ms on the 100k-file bench repository, one string of the
// same text ~0); only the content of opaque directories, which the walk did not list, comes
// back in messages, one per chunk.
import type { Worker } from 'node:worker_threads';
import { lstatSync, readdirSync } from 'node:fs';
import { workerThreads } from '../builtins.js';
import { LISTED_DIR, OPAQUE_DIR, type DirListing, type FileTree, type SizeLayout } from '../project/walk.js';
import { primeOpaqueContent, readOpaqueDir, type OpaqueContent } from './context-size.js';

/** What one thread reads of a chunk: the opaque directories in it (by listing and entry index) and their content. */
export interface OpaqueRead {
  d: number;
  i: number;
  content: OpaqueContent;
}

/** The work both threads share, as readChunk reads it (the worker builds the same shape from its workerData). */
export interface ChunkWork {
  root: string;
  /** Per listing (SizeLayout order): its path and names. */
  dirs: readonly string[];
  names: readonly (readonly string[])[];
  /** The entries' kinds, flat (SizeLayout offsets). */
  kinds: Uint8Array;
  offsets: Int32Array;
  /** Chunk c is the listings chunks[c] to chunks[c + 1] (exclusive). */
  chunks: Int32Array;
  /** The sizes, flat, NaN until read (shared with the worker). */
  sizes: Float64Array;
  listedDir: number;
  opaqueDir: number;
}

/**
 * Read the sizes of chunk `c`'s files into `work.sizes` and the content of its opaque
 * directories. Self-contained (no reference outside its parameters), as the worker runs it from
 * its source text.
 */
export function readChunk(
  fs: { lstatSync: (path: string) => { size: number }; readdirSync: (path: string) => string[] },
  readOpaque: typeof readOpaqueDir,
  work: ChunkWork,
  c: number,
): OpaqueRead[] {
  const { root, dirs, names, kinds, offsets, chunks, sizes } = work;
  const opaque: OpaqueRead[] = [];
  for (let d = chunks[c]; d < chunks[c + 1]; d++) {
    const dir = dirs[d];
    const list = names[d];
    const base = offsets[d];
    const prefix = dir === '' ? `${root}/` : `${root}/${dir}/`;
    for (let i = 0; i < list.length; i++) {
      const kind = kinds[base + i];
      if (kind === work.listedDir) continue;
      if (kind === work.opaqueDir) {
        opaque.push({ d, i, content: readOpaque(fs as Parameters<typeof readOpaqueDir>[0], root, dir === '' ? list[i] : `${dir}/${list[i]}`) });
        continue;
      }
      try {
        sizes[base + i] = fs.lstatSync(prefix + list[i]).size;
      } catch {
        sizes[base + i] = 0;
      }
    }
  }
  return opaque;
}

/**
 * The worker's whole program: claim chunks (a shared counter) until none is left, posting for
 * each what it read of opaque directories (the sizes are in the shared buffer already).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const readOpaqueDir = ${readOpaqueDir.toString()};
const readChunk = ${readChunk.toString()};
const { root, listing, kinds, offsets, chunks, sizes, next, listedDir, opaqueDir } = workerData;
const tokens = listing.split('\\0');
const dirs = [];
const names = [];
for (let d = 0, t = 0; d < offsets.length - 1; d++) {
  dirs.push(tokens[t++]);
  const n = offsets[d + 1] - offsets[d];
  names.push(tokens.slice(t, t + n));
  t += n;
}
const work = { root, dirs, names, kinds, offsets, chunks, sizes, listedDir, opaqueDir };
for (let c; (c = Atomics.add(next, 0, 1)) < chunks.length - 1; ) {
  // The opaque directories' sizes in one array: a typed array per directory costs the receiving
  // thread an allocation each.
  const reads = readChunk(fs, readOpaqueDir, work, c);
  const sizes = new Float64Array(reads.reduce((n, r) => n + r.content.files, 0));
  let at = 0;
  const opaque = reads.map(({ d, i, content }) => {
    sizes.set(content.sizes, at);
    at += content.files;
    return { d, i, files: content.files, bytes: content.bytes, max: content.max, paths: content.paths };
  });
  parentPort.postMessage({ chunk: c, opaque, sizes }, [sizes.buffer]);
}
`;

/**
 * Below this many listed entries the sizes take a few milliseconds on the main thread, less than
 * starting a worker (~25 ms): no worker then.
 */
export const PREFETCH_MIN_ENTRIES = 20_000;

/**
 * Entries per chunk (an opaque directory counts as OPAQUE_WEIGHT): ~5 ms of lstat here, so the
 * thread that finishes first waits for the other at most that long, in ~100 messages on the
 * 100k-file bench repository.
 */
const CHUNK_WEIGHT = 1024;
const OPAQUE_WEIGHT = 32;

export interface SizePrefetch {
  /** Resolves once everything is read (by either thread) and the sizes are in the tree. */
  settle(): Promise<void>;
}

/** The work, laid out for both threads, with the counter they claim chunks with. */
export interface SizeWork extends ChunkWork {
  layout: SizeLayout;
  listings: readonly DirListing[];
  /** Shared: the next chunk to claim. */
  next: Int32Array;
}

export function planSizeWork(tree: FileTree, chunkWeight = CHUNK_WEIGHT): SizeWork {
  const layout = tree.sizeLayout();
  const { listings, offsets } = layout;
  const total = offsets[listings.length];
  const kinds = new Uint8Array(total);
  const chunkStarts = [0];
  let weight = 0;
  for (let d = 0; d < listings.length; d++) {
    const k = listings[d].kinds;
    const base = offsets[d];
    for (let i = 0; i < k.length; i++) {
      kinds[base + i] = k[i];
      weight += k[i] === OPAQUE_DIR ? OPAQUE_WEIGHT : 1;
    }
    if (weight >= chunkWeight && d + 1 < listings.length) {
      chunkStarts.push(d + 1);
      weight = 0;
    }
  }
  chunkStarts.push(listings.length);
  const sizes = new Float64Array(new SharedArrayBuffer(8 * total)).fill(NaN);
  return {
    root: tree.root,
    dirs: listings.map((l) => l.path),
    names: listings.map((l) => l.names),
    kinds,
    offsets,
    chunks: Int32Array.from(chunkStarts),
    sizes,
    listedDir: LISTED_DIR,
    opaqueDir: OPAQUE_DIR,
    layout,
    listings,
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
}

/** Start reading the sizes of every listed file and opaque directory of `tree` on a worker. */
export function prefetchSizes(tree: FileTree, minEntries = PREFETCH_MIN_ENTRIES, chunkWeight = CHUNK_WEIGHT): SizePrefetch {
  if (tree.visited < minEntries) return { settle: async () => {} };
  const work = planSizeWork(tree, chunkWeight);
  // Per listing its path, then its names, joined by NUL (which no path holds): one string.
  const parts = work.listings.map((l) => `${l.path}\0${l.names.join('\0')}`);
  let worker: Worker;
  try {
    const { root, kinds, offsets, chunks, sizes, next, listedDir, opaqueDir } = work;
    worker = new (workerThreads().Worker)(WORKER_SOURCE, { eval: true, workerData: { root, listing: parts.join('\0'), kinds, offsets, chunks, sizes, next, listedDir, opaqueDir } });
  } catch {
    return { settle: async () => {} };
  }
  worker.unref();
  return shareSizeWork(tree, work, worker);
}

/**
 * A message the size worker posts (WORKER_SOURCE): one per chunk it read, with the opaque
 * directories in it, their files' sizes one after the other in `sizes`.
 */
export interface SizeMessage {
  chunk: number;
  opaque: { d: number; i: number; files: number; bytes: number; max: number; paths: string }[];
  sizes: Float64Array;
}

/** What shareSizeWork needs of a worker: a Worker, or a stand-in that a test drives. */
export interface SizeSource {
  on(event: 'message', listener: (m: SizeMessage) => void): unknown;
  on(event: 'error' | 'exit', listener: () => void): unknown;
  terminate(): Promise<unknown>;
}

/**
 * `settle` reads the chunks nobody has claimed yet on the main thread, then waits for the
 * worker's message for each chunk it claimed (or for its end: error or exit, when the main
 * thread later reads what is missing itself), then hands the sizes to the tree. Messages posted
 * before a worker's 'exit' are delivered before it.
 */
export function shareSizeWork(tree: FileTree, work: SizeWork, source: SizeSource): SizePrefetch {
  const chunkCount = work.chunks.length - 1;
  const received = new Set<number>();
  let ended = false;
  let wake: () => void = () => {};
  const prime = (reads: readonly OpaqueRead[]) => {
    for (const { d, i, content } of reads) primeOpaqueContent(tree, work.dirs[d] === '' ? work.names[d][i] : `${work.dirs[d]}/${work.names[d][i]}`, content);
  };
  source.on('message', (m: SizeMessage) => {
    received.add(m.chunk);
    let at = 0;
    for (const { d, i, files, bytes, max, paths } of m.opaque) {
      primeOpaqueContent(tree, work.dirs[d] === '' ? work.names[d][i] : `${work.dirs[d]}/${work.names[d][i]}`, { files, bytes, max, paths, sizes: m.sizes.subarray(at, (at += files)) });
    }
    wake();
  });
  const end = () => {
    ended = true;
    wake();
  };
  source.on('error', end);
  source.on('exit', end);
  return {
    async settle() {
      const mine = new Set<number>();
      for (let c; (c = Atomics.add(work.next, 0, 1)) < chunkCount; ) {
        mine.add(c);
        prime(readChunk({ lstatSync, readdirSync }, readOpaqueDir, work, c));
      }
      // Every chunk below chunkCount is claimed now: those not mine are the worker's.
      while (!ended && received.size + mine.size < chunkCount) await new Promise<void>((resolve) => (wake = resolve));
      void source.terminate();
      tree.attachSizes(work.layout, work.sizes);
    },
  };
}
