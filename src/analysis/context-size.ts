// What each build context sends: files and bytes, now and after the pending fixes, and the
// heaviest paths. It reuses the walk's index; only directories the walk did not list
// (`node_modules`, `.git`) are read, and only when they are sent. An excluded directory with no
// `!` exception below it is skipped whole, as BuildKit's sender does, and so is what the builds
// do not read: BuildKit sends only the paths their COPY/ADD sources and context mounts name
// (./transferred.ts), when dockmend can tell them.
import { lstatSync, readdirSync } from 'node:fs';
import type { IgnoreMatcher } from '../ignore/matcher.js';
import type { Project } from '../project/project.js';
import { LISTED_DIR, OPAQUE_DIR, type DirListing, type FileTree } from '../project/walk.js';
import { compareCodeUnits } from '../text.js';
import { ignoreOf } from './models.js';
import { contextTransferScope, type TransferScope } from './transferred.js';

export interface ContextSize {
  dir: string;
  ignoreFile: string | null;
  files: number;
  bytes: number;
  /** The heaviest files sent, heaviest first. */
  heaviest: { path: string; bytes: number }[];
}

const HEAVIEST = 10;

/** Per opaque directory: its files and bytes, read from disk once per run. */
const opaqueCache = new WeakMap<FileTree, Map<string, OpaqueContent>>();

/**
 * Measurements by what decides them: the context directory, its ignore file and the Dockerfile
 * (always sent). `measureContexts` fills it; given back, a measurement whose inputs did not
 * change (`unchanged`) is reused instead of walking the context again.
 */
export interface SizeMemo {
  sizes: Map<string, ContextSize>;
  /**
   * Whether a recorded measurement of `dir` with `ignoreFile` still holds; `dockerfiles` are the
   * Dockerfiles built with it, whose COPY sources decide what is sent.
   */
  unchanged?: (dir: string, ignoreFile: string | null, dockerfiles: readonly string[]) => boolean;
}

export function measureContexts(project: Project, memo?: SizeMemo): ContextSize[] {
  const seen = new Map<string, ContextSize>();
  for (const c of project.contexts) {
    if (!c.dirExists) continue;
    const key = `${c.dir}\0${c.ignoreFile ?? ''}`;
    if (seen.has(key)) continue;
    const memoKey = `${key}\0${c.dockerfile ?? ''}`;
    const dockerfiles = project.contexts.filter((o) => o.dir === c.dir && o.ignoreFile === c.ignoreFile && o.dockerfile !== null).map((o) => o.dockerfile!);
    const known = memo?.unchanged?.(c.dir, c.ignoreFile, dockerfiles) ? memo.sizes.get(memoKey) : undefined;
    if (known) {
      seen.set(key, known);
      continue;
    }
    const matcher = c.ignoreFile ? ignoreOf(project, c.ignoreFile)?.matcher ?? null : null;
    const always = new Set([c.dockerfile, c.ignoreFile].filter((p): p is string => p !== null));
    const size = measure(project.tree, c.dir, c.ignoreFile, matcher, always, contextTransferScope(project, c.dir, c.ignoreFile));
    seen.set(key, size);
    memo?.sizes.set(memoKey, size);
  }
  return [...seen.values()];
}

/**
 * What the context `dir` sends: every file of its listing, depth first (FileTree.visit's order),
 * that the ignore file does not exclude and the transfer scope reaches, plus the Dockerfile and
 * the ignore file (always sent); an excluded directory with no exception below it, or one the
 * builds do not read, is skipped whole, as BuildKit's sender does. A subtree that is sent whole
 * (the matcher's `below` is 'included' and the scope reaches all of it) is added from its sums
 * (SubtreeSums) without a test per path. The heaviest list depends on the order files are
 * offered in (a file enters only when heavier than the lightest kept, so among equal sizes the
 * first offered stays): files are offered in the same order, skipping only those that cannot
 * enter (a subtree whose heaviest file is no heavier than the lightest kept, once the list is full).
 */
function measure(tree: FileTree, dir: string, ignoreFile: string | null, matcher: IgnoreMatcher | null, always: Set<string>, scope: TransferScope | null): ContextSize {
  const size: ContextSize = { dir, ignoreFile, files: 0, bytes: 0, heaviest: [] };
  const start = tree.listing(dir);
  if (!start) return size;
  const m: Measuring = {
    tree,
    size,
    matcher,
    scope,
    // Context-relative paths are slices of the tree's root-relative ones.
    cut: dir === '' ? 0 : dir.length + 1,
    always,
    alwaysDirs: new Set([...always].map((p) => (p.lastIndexOf('/') < 0 ? '' : p.slice(0, p.lastIndexOf('/'))))),
    start,
    sums: subtreeSums(tree),
    listings: [start],
    whole: [(matcher === null || matcher.below('') === 'included') && scope === null],
  };
  // One small function per step rather than one loop over everything: V8 optimises each once,
  // instead of compiling (and, on new type feedback, recompiling) one large function on stack.
  while (m.listings.length > 0) {
    const listing = m.listings.pop()!;
    if (m.whole.pop()) addWhole(m, listing);
    else measureListing(m, listing);
  }
  return size;
}

/** One context's measurement in progress. */
interface Measuring {
  tree: FileTree;
  size: ContextSize;
  matcher: IgnoreMatcher | null;
  scope: TransferScope | null;
  cut: number;
  always: Set<string>;
  alwaysDirs: Set<string>;
  start: DirListing;
  sums: SubtreeSums;
  /** Listings still to visit, and whether each is sent whole. */
  listings: DirListing[];
  whole: boolean[];
}

/** A listing sent whole, with everything below it. */
function addWhole(m: Measuring, listing: DirListing): void {
  const s = m.sums.of(listing);
  m.size.files += s.files;
  m.size.bytes += s.bytes;
  offerSubtree(m.tree, m.sums, listing, m.size.heaviest);
}

/** The entries of a listing sent in part: its files, its opaque directories; its directories to visit. */
function measureListing(m: Measuring, listing: DirListing): void {
  const { tree, size, matcher, scope, cut } = m;
  const heaviest = size.heaviest;
  const { kinds } = listing;
  const paths = tree.pathsIn(listing);
  const alwaysHere = m.alwaysDirs.has(listing.path);
  // The ignore decision of the files directly in this listing (`excludes` of each).
  const excluded = matcher === null ? null : matcher.childExcludes(listing === m.start ? '' : cut === 0 ? listing.path : listing.path.slice(cut));
  for (let i = 0; i < kinds.length; i++) {
    const path = paths[i];
    const rel = cut === 0 ? path : path.slice(cut);
    const kind = kinds[i];
    if (kind === LISTED_DIR || kind === OPAQUE_DIR) {
      const below = matcher === null ? 'included' : matcher.below(rel);
      if (below === 'excluded' || (scope !== null && !scope.reachesInto(rel))) continue;
      const sentWhole = below === 'included' && (scope === null || scope.reachesAllBelow(rel));
      if (kind === LISTED_DIR) {
        const child = tree.listing(path);
        if (!child) continue;
        m.listings.push(child);
        m.whole.push(sentWhole);
      } else {
        const content = opaqueContent(tree, path);
        if (!sentWhole) addOpaqueInPart(m, content);
        else {
          size.files += content.files;
          size.bytes += content.bytes;
          offerOpaque(content, heaviest);
        }
      }
      continue;
    }
    if (!((alwaysHere && m.always.has(path)) || ((excluded === null || !excluded(rel)) && (scope === null || scope.reachesInto(rel))))) continue;
    const bytes = tree.sizeIn(listing, i);
    size.files++;
    size.bytes += bytes;
    if (heaviest.length < HEAVIEST || bytes > heaviest[heaviest.length - 1].bytes) keep(heaviest, path, bytes);
  }
}

/** The files of an opaque directory that the context sends, one by one. */
function addOpaqueInPart(m: Measuring, content: OpaqueContent): void {
  const { size, matcher, scope, cut } = m;
  const heaviest = size.heaviest;
  const { files, dirs } = opaqueFiles(content);
  let dirAt = '';
  let excludedHere: ((rel: string) => boolean) | null = null;
  for (let j = 0; j < files.length; j++) {
    const fileRel = cut === 0 ? files[j] : files[j].slice(cut);
    // The files of one directory are consecutive (read a directory at a time), with one dirs string.
    if (matcher !== null && (excludedHere === null || dirs[j] !== dirAt)) {
      dirAt = dirs[j];
      excludedHere = matcher.childExcludes(cut === 0 ? dirAt : dirAt.slice(cut));
    }
    if ((excludedHere !== null && excludedHere(fileRel)) || (scope !== null && !scope.reachesInto(fileRel))) continue;
    const bytes = content.sizes[j];
    size.files++;
    size.bytes += bytes;
    if (heaviest.length < HEAVIEST || bytes > heaviest[heaviest.length - 1].bytes) keep(heaviest, files[j], bytes);
  }
}

/** Put a file in the heaviest list (heaviest first, then by path) and keep the HEAVIEST first. */
function keep(heaviest: { path: string; bytes: number }[], path: string, bytes: number): void {
  heaviest.push({ path, bytes });
  heaviest.sort((a, b) => b.bytes - a.bytes || compareCodeUnits(a.path, b.path));
  if (heaviest.length > HEAVIEST) heaviest.pop();
}

/** Whether no file of at most `max` bytes can enter the heaviest list any more. */
const closedTo = (heaviest: readonly { bytes: number }[], max: number) => heaviest.length === HEAVIEST && max <= heaviest[HEAVIEST - 1].bytes;

/** Offer every file of a subtree sent whole to the heaviest list, in traversal order. */
function offerSubtree(tree: FileTree, sums: SubtreeSums, top: DirListing, heaviest: { path: string; bytes: number }[]): void {
  const stack = [top];
  while (stack.length > 0) {
    const listing = stack.pop()!;
    if (closedTo(heaviest, sums.of(listing).max)) continue;
    const { kinds } = listing;
    const paths = tree.pathsIn(listing);
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      if (kind === LISTED_DIR) {
        const child = tree.listing(paths[i]);
        if (child) stack.push(child);
      } else if (kind === OPAQUE_DIR) offerOpaque(opaqueContent(tree, paths[i]), heaviest);
      else {
        const bytes = tree.sizeIn(listing, i);
        if (heaviest.length < HEAVIEST || bytes > heaviest[heaviest.length - 1].bytes) keep(heaviest, paths[i], bytes);
      }
    }
  }
}

/** Offer every file of an opaque directory sent whole, in the order read. */
function offerOpaque(content: OpaqueContent, heaviest: { path: string; bytes: number }[]): void {
  if (closedTo(heaviest, content.max)) return;
  const { sizes } = content;
  for (let j = 0; j < sizes.length; j++) {
    const bytes = sizes[j];
    if (heaviest.length < HEAVIEST || bytes > heaviest[heaviest.length - 1].bytes) keep(heaviest, opaqueFiles(content).files[j], bytes);
  }
}

/** Files, bytes and the largest file's bytes of everything below a listed directory (its listed files and the content of its opaque directories). */
interface Sums {
  files: number;
  bytes: number;
  max: number;
}

interface SubtreeSums {
  of(listing: DirListing): Sums;
}

/** Sums per listing, for the tree as it is (a new table once a fix adds or removes a file). */
const sumsCache = new WeakMap<FileTree, { version: number; sums: Map<DirListing, Sums> }>();

function subtreeSums(tree: FileTree): SubtreeSums {
  let cached = sumsCache.get(tree);
  if (!cached || cached.version !== tree.version) sumsCache.set(tree, (cached = { version: tree.version, sums: new Map() }));
  const memo = cached.sums;
  return {
    of(top) {
      const known = memo.get(top);
      if (known) return known;
      // Listings in depth-first pre-order: each after its parent, so the reverse sums children first.
      const order: DirListing[] = [];
      const stack = [top];
      while (stack.length > 0) {
        const listing = stack.pop()!;
        order.push(listing);
        const paths = tree.pathsIn(listing);
        for (let i = 0; i < paths.length; i++) {
          if (listing.kinds[i] !== LISTED_DIR) continue;
          const child = tree.listing(paths[i]);
          if (child && !memo.has(child)) stack.push(child);
        }
      }
      for (let k = order.length - 1; k >= 0; k--) memo.set(order[k], sumListing(tree, memo, order[k]));
      return memo.get(top)!;
    },
  };
}

/** The sums of one listing, its listed directories' sums known. */
function sumListing(tree: FileTree, memo: Map<DirListing, Sums>, listing: DirListing): Sums {
  const { kinds } = listing;
  const paths = tree.pathsIn(listing);
  const s: Sums = { files: 0, bytes: 0, max: 0 };
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    let part: Sums | undefined;
    if (kind === LISTED_DIR) {
      const child = tree.listing(paths[i]);
      part = child && memo.get(child);
    } else if (kind === OPAQUE_DIR) part = opaqueContent(tree, paths[i]);
    else {
      const bytes = tree.sizeIn(listing, i);
      s.files++;
      s.bytes += bytes;
      if (bytes > s.max) s.max = bytes;
    }
    if (part) {
      s.files += part.files;
      s.bytes += part.bytes;
      if (part.max > s.max) s.max = part.max;
    }
  }
  return s;
}

/**
 * What an opaque directory holds, as `du` counts it: its files (anything but a directory) with
 * their lstat sizes, in the order read. Compact, as the size worker posts it: the paths joined
 * by NUL (which no name holds), split only when needed.
 */
export interface OpaqueContent {
  files: number;
  bytes: number;
  /** The largest file's bytes (0 when none). */
  max: number;
  /** The files' root-relative paths, in the order read, joined by '\0'. */
  paths: string;
  /** Their sizes, in the same order. */
  sizes: ArrayLike<number>;
}

/** An opaque directory's files by root-relative path, and each one's directory (one string per run of files in the same one). */
interface OpaqueFiles {
  files: string[];
  dirs: string[];
}

const opaqueFilesCache = new WeakMap<OpaqueContent, OpaqueFiles>();

/** The files of `content` (an opaque directory's), made once. */
function opaqueFiles(content: OpaqueContent): OpaqueFiles {
  let made = opaqueFilesCache.get(content);
  if (!made) {
    const files = content.files === 0 ? [] : content.paths.split('\0');
    const dirs = new Array<string>(files.length);
    let last = '';
    for (let j = 0; j < files.length; j++) {
      const path = files[j];
      const at = path.slice(0, path.lastIndexOf('/'));
      dirs[j] = last = at === last ? last : at;
    }
    opaqueFilesCache.set(content, (made = { files, dirs }));
  }
  return made;
}

function opaqueContent(tree: FileTree, dir: string): OpaqueContent {
  let cache = opaqueCache.get(tree);
  if (!cache) opaqueCache.set(tree, (cache = new Map()));
  let content = cache.get(dir);
  if (!content) cache.set(dir, (content = readOpaqueDir({ readdirSync, lstatSync }, tree.root, dir)));
  return content;
}

/** Record what the size worker (size-prefetch.ts) read of an opaque directory. */
export function primeOpaqueContent(tree: FileTree, dir: string, content: OpaqueContent): void {
  let cache = opaqueCache.get(tree);
  if (!cache) opaqueCache.set(tree, (cache = new Map()));
  if (!cache.has(dir)) cache.set(dir, content);
}

/**
 * The files and bytes below a directory the walk did not list, as `du` counts them (lstat: a
 * link is counted, never followed; unreadable entries are not sent either). Self-contained, as
 * it also runs on the size worker, from its source text (size-prefetch.ts).
 */
export function readOpaqueDir(fs: { readdirSync: (path: string) => string[]; lstatSync: (path: string) => { size: number; isDirectory(): boolean } }, root: string, dir: string): OpaqueContent {
  const paths: string[] = [];
  const sizes: number[] = [];
  let bytes = 0;
  let max = 0;
  const base = `${root}/${dir}`;
  const stack = [''];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let names: string[];
    try {
      names = fs.readdirSync(d === '' ? base : `${base}/${d}`);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = d === '' ? name : `${d}/${name}`;
      try {
        const st = fs.lstatSync(`${base}/${path}`);
        if (st.isDirectory()) stack.push(path);
        else {
          paths.push(`${dir}/${path}`);
          sizes.push(st.size);
          bytes += st.size;
          if (st.size > max) max = st.size;
        }
      } catch {
        // unreadable: not sent either
      }
    }
  }
  return { files: paths.length, bytes, max, paths: paths.join('\0'), sizes };
}

/** 1.2 GB / 38 MB / 512 B, as people read sizes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export interface ContextShrink {
  contexts: number;
  before: { files: number; bytes: number };
  after: { files: number; bytes: number };
}

export function totals(sizes: readonly ContextSize[]): { files: number; bytes: number } {
  return { files: sizes.reduce((n, s) => n + s.files, 0), bytes: sizes.reduce((n, s) => n + s.bytes, 0) };
}

/**
 * `x.toLocaleString('en-US')` of a whole number (48,311), without it: its first call loads ICU's
 * locale data, ~15 ms of a text scan for two numbers.
 */
export function groupDigits(x: number): string {
  if (!Number.isSafeInteger(x)) return x.toLocaleString('en-US');
  const digits = String(Math.abs(x));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return x < 0 ? `-${out}` : out;
}

/** "contexts: 6, sending 1.2 GB in 48,311 files; after fixes: 38 MB in 2,104 files" */
export function shrinkLine(s: ContextShrink): string {
  const n = groupDigits;
  const now = `contexts: ${s.contexts}, sending ${formatBytes(s.before.bytes)} in ${n(s.before.files)} files`;
  return s.after.files === s.before.files && s.after.bytes === s.before.bytes ? now : `${now}; after fixes: ${formatBytes(s.after.bytes)} in ${n(s.after.files)} files`;
}
