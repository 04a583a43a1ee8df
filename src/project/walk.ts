// One walk of the target root. Everything else (discovery, build-context content, COPY
// source lookup) reads this index instead of touching the disk again.
import { lstatSync, readdirSync, readlinkSync, realpathSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { compareCodeUnits, lowerBound } from '../text.js';
import { isBakeFileName, isComposeName, isDockerfileName, isEnvFileName, isIgnoreFileName, isYamlName } from './discover.js';

export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface TreeEntry {
  /** Path relative to the root, '/' separators; '' is the root itself. */
  path: string;
  name: string;
  kind: EntryKind;
  /**
   * A directory the walk lists but does not descend into (OPAQUE_DIRS: `.git`, `node_modules`,
   * `__pycache__` and other caches): it still belongs to any build context that contains it,
   * and is read lazily when its size or content is needed.
   */
  opaque?: boolean;
}

export interface WalkProblem {
  path: string;
  message: string;
}

/**
 * A symbolic link named like a file dockmend reads (Dockerfile, compose, ignore or env file):
 * never followed, but reported when it points out of the root, to nothing, or into a loop.
 */
export interface LinkProblem {
  path: string;
  /** What the link holds (readlink), for the message. */
  target: string;
  problem: 'outside the root' | 'dangling' | 'loop';
}

/**
 * Directories whose content is build-context payload but never holds a file dockmend reads:
 * dependency and VCS directories, and the Python bytecode and tool caches that a large Python
 * monorepo has thousands of. The walk lists their names, not their content; the few questions
 * about what is inside (context size, a COPY source below one) read it lazily from disk.
 */
export const OPAQUE_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox']);

// Entry kinds, packed one byte per entry in a listed directory.
const FILE = 0;
const DIR = 1;
const SYMLINK = 2;
const OTHER = 3;
const OPAQUE = 4;
const KIND_NAMES: readonly EntryKind[] = ['file', 'dir', 'symlink', 'other'];

/** `DirListing.kinds`: a directory the walk listed (see `listing`). */
export const LISTED_DIR = DIR;
/** `DirListing.kinds`: a directory the walk did not descend into (OPAQUE_DIRS). Any other kind is a file, link or other non-directory. */
export const OPAQUE_DIR = DIR | OPAQUE;

/**
 * A listed directory as the traversals that sum sizes read it (src/analysis/context-size.ts,
 * src/analysis/size-prefetch.ts): names sorted by code unit, and per entry its kind (LISTED_DIR,
 * OPAQUE_DIR, or a non-directory). Read-only: the tree changes it only through addFile/removeFile.
 */
export interface DirListing {
  readonly path: string;
  readonly names: readonly string[];
  readonly kinds: readonly number[];
}

/**
 * One listed directory: its entries' names (sorted by UTF-16 code unit, so every traversal is
 * deterministic) and kinds. Entry objects and path strings are made only when asked for: a
 * large tree is mostly files that no rule ever names.
 */
interface DirNode extends DirListing {
  path: string;
  names: string[];
  kinds: number[];
  entries?: (TreeEntry | undefined)[];
  /**
   * Per entry, its size in bytes (lstat; 0 for directories and unreadable entries), NaN while
   * not read. Made on first use, or handed over by the size worker (size-prefetch.ts) as a view
   * of its shared buffer. Never written in place by addFile/removeFile (they make a new array),
   * so a snapshot's copy of the node may share it.
   */
  sizes?: Float64Array;
  /** Per entry, its root-relative path, made on first use (`pathsIn`); dropped when an entry is added or removed. */
  paths?: string[];
}

/** What `sizeLayout` gives the size worker: the listings, in one order, and where each starts in a flat array of sizes. */
export interface SizeLayout {
  listings: readonly DirListing[];
  /** offsets[d]: index of listings[d]'s first entry in the flat array; offsets[listings.length]: the total. */
  offsets: Int32Array;
  /** The tree's version when laid out: sizes are attached only to listings unchanged since. */
  version: number;
}

/** What `snapshot` saves and `restore` puts back: the listings a fix changes. */
export interface TreeSnapshot {
  version: number;
  dirs: [string, DirNode][];
  readNamed: string[];
  scriptNamed: string[];
}

export class FileTree {
  private readonly dirs = new Map<string, DirNode>();
  readonly problems: WalkProblem[] = [];
  /** Links named like Dockerfiles, compose, ignore or env files that cannot be used. */
  readonly links: LinkProblem[] = [];
  /** Number of entries the walk listed (files and directories), for progress display. */
  visited = 0;
  /** Bumped whenever a fix adds or removes a file, so indexes derived from the tree know to rebuild. */
  version = 0;
  /** The files added and removed since `changeLogStart`, each with the version it made. */
  private changeLog: { version: number; path: string; added: boolean }[] = [];
  private changeLogStart = 0;
  /** Files named like a Dockerfile, compose, ignore or env file, found as the walk lists them. */
  private readNamed: string[] = [];
  /**
   * Files named like a script, Makefile, package.json, workflow or Markdown document
   * (isScriptName), in the order of a depth-first traversal (visitNames'): the command-line
   * sources (src/project/invocations.ts) and the scripts that write build inputs
   * (src/analysis/generated.ts) are chosen among them, without another traversal of the tree.
   */
  private scriptNamed: string[] = [];
  /** Directories holding an entry of each base name, built on first use and kept up to date by addFile/removeFile. */
  private byName: Map<string, DirNode[]> | null = null;
  /** The names of `byName` by their lower case, in its key order; rebuilt when a name is added. */
  private byLowerName: Map<string, string[]> | null = null;
  private readonly opaqueListings = new Map<string, string[]>();

  constructor(readonly root: string) {
    this.dirs.set('', dirNode('', [], []));
  }

  /** Record the listing of `dir` (names sorted). Only the walk calls this. */
  setListing(dir: string, names: string[], kinds: number[]): void {
    this.dirs.set(dir, dirNode(dir, names, kinds));
  }

  /** Files whose names say dockmend reads them, in no particular order. */
  readNamedFiles(): readonly string[] {
    return this.readNamed;
  }

  /** Record a read-named file. Only the walk calls this. */
  noteReadNamed(path: string): void {
    this.readNamed.push(path);
  }

  /** Files named like a script or document that may run commands (isScriptName), in traversal order. */
  scriptNamedFiles(): readonly string[] {
    return this.scriptNamed;
  }

  /** Record a script-named file. Only the walk calls this. */
  noteScriptNamed(path: string): void {
    this.scriptNamed.push(path);
  }

  /**
   * Other `.yml`/`.yaml` files outside opaque directories, in no particular order: compose
   * files by content are sniffed among them (src/project/project.ts).
   */
  readonly yamlFiles: string[] = [];

  /** Symbolic links named like a file dockmend reads that point to a file inside the root. */
  readonly namedLinks: string[] = [];

  /** The listed directory holding `path`, and the entry's index in it (-1 when absent). */
  private locate(path: string): { node: DirNode | undefined; index: number } {
    const slash = path.lastIndexOf('/');
    const node = this.dirs.get(slash < 0 ? '' : path.slice(0, slash));
    return { node, index: node ? indexOfName(node.names, slash < 0 ? path : path.slice(slash + 1)) : -1 };
  }

  private kindOf(path: string): number {
    if (path === '') return DIR;
    const { node, index } = this.locate(path);
    return index < 0 ? -1 : node!.kinds[index];
  }

  get(path: string): TreeEntry | undefined {
    if (path === '') return ROOT_ENTRY;
    const { node, index } = this.locate(path);
    return index < 0 ? undefined : entryAt(node!, index);
  }

  isFile(path: string): boolean {
    return this.kindOf(path) === FILE;
  }

  isDir(path: string): boolean {
    const kind = this.kindOf(path);
    return kind >= 0 && (kind & 3) === DIR;
  }

  exists(path: string): boolean {
    return this.kindOf(path) >= 0;
  }

  /**
   * Whether a path exists, looking on disk (lstat, no symlink following) only for paths below
   * an opaque directory, whose content the walk did not list.
   */
  existsDeep(path: string): boolean {
    if (this.exists(path)) return true;
    // The nearest ancestor the walk knows decides: an opaque directory was not listed (look on
    // disk); any other was, so the path does not exist. Searched from the end, so that a deep
    // path costs one lookup per missing level, not one per level of the whole path.
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const kind = this.kindOf(path.slice(0, i));
      if (kind < 0) continue;
      if (!(kind & OPAQUE)) return false;
      try {
        lstatSync(join(this.root, path));
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }

  /**
   * Child names of an opaque directory, read from disk on first use and kept (sorted; empty
   * when unreadable or when `dir` is not an opaque directory the walk listed). For the few
   * questions about what such a directory holds.
   */
  listOpaque(dir: string): readonly string[] {
    const kind = this.kindOf(dir);
    if (kind < 0 || !(kind & OPAQUE)) return [];
    let names = this.opaqueListings.get(dir);
    if (!names) {
      try {
        names = readdirSync(join(this.root, dir)).sort(compareCodeUnits);
      } catch {
        names = [];
      }
      this.opaqueListings.set(dir, names);
    }
    return names;
  }

  /** Child names of a directory, sorted (empty for unknown or opaque directories). */
  list(dir: string): readonly string[] {
    return this.dirs.get(dir)?.names ?? [];
  }

  /**
   * Visit every known entry below `dir`, depth first; `visit` returns whether to descend into
   * a directory it was given (ignored for other entries).
   */
  visit(dir: string, visit: (entry: TreeEntry, parent: string) => boolean): void {
    const stack = [dir];
    while (stack.length > 0) {
      const node = this.dirs.get(stack.pop()!);
      if (!node) continue;
      for (let i = 0; i < node.names.length; i++) {
        const entry = entryAt(node, i);
        if (visit(entry, node.path) && node.kinds[i] === DIR) stack.push(entry.path);
      }
    }
  }

  /**
   * The same traversal without entry objects: `visit` gets the name, the kind and whether the
   * directory is opaque, and the parent's path; paths are built only for the directories
   * descended into. For the traversals that look at every entry of a large tree.
   */
  visitNames(dir: string, visit: (name: string, kind: EntryKind, parent: string, opaque: boolean) => boolean): void {
    const stack = [dir];
    while (stack.length > 0) {
      const node = this.dirs.get(stack.pop()!);
      if (!node) continue;
      const { names, kinds, path } = node;
      for (let i = 0; i < names.length; i++) {
        const kind = kinds[i];
        if (visit(names[i], KIND_NAMES[kind & 3], path, (kind & OPAQUE) !== 0) && kind === DIR) stack.push(path === '' ? names[i] : `${path}/${names[i]}`);
      }
    }
  }

  /** Every known entry strictly below `dir` ('' for the whole tree), depth first. */
  *below(dir: string): Generator<TreeEntry> {
    const stack = [dir];
    while (stack.length > 0) {
      const node = this.dirs.get(stack.pop()!);
      if (!node) continue;
      for (let i = 0; i < node.names.length; i++) {
        const entry = entryAt(node, i);
        yield entry;
        if (node.kinds[i] === DIR) stack.push(entry.path);
      }
    }
  }

  /**
   * The root-relative path a symbolic link resolves to, when it is a link to a file inside the
   * root; null otherwise (not a link, dangling, a loop, or leaving the root).
   */
  linkTarget(path: string): string | null {
    if (this.kindOf(path) !== SYMLINK) return null;
    try {
      const real = realpathSync(join(this.root, path));
      const rel = relative(realpathSync(this.root), real);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
      const target = rel.split(sep).join('/');
      return this.isFile(target) ? target : null;
    } catch {
      return null;
    }
  }

  /** Root-relative paths of every known entry named `name`. */
  pathsNamed(name: string): readonly string[] {
    return (this.nameIndex().get(name) ?? []).map((node) => (node.path === '' ? name : `${node.path}/${name}`));
  }

  /** Root-relative paths of every known entry whose name equals `name` ignoring case. */
  pathsNamedIgnoringCase(name: string): string[] {
    if (!this.byLowerName) {
      const byLower = new Map<string, string[]>();
      for (const n of this.nameIndex().keys()) {
        const lower = n.toLowerCase();
        const list = byLower.get(lower);
        if (list) list.push(n);
        else byLower.set(lower, [n]);
      }
      this.byLowerName = byLower;
    }
    const out: string[] = [];
    for (const n of this.byLowerName.get(name.toLowerCase()) ?? []) out.push(...this.pathsNamed(n));
    return out;
  }

  private nameIndex(): Map<string, DirNode[]> {
    if (!this.byName) {
      const byName = new Map<string, DirNode[]>();
      for (const node of this.dirs.values()) {
        for (const name of node.names) {
          const list = byName.get(name);
          if (list) list.push(node);
          else byName.set(name, [node]);
        }
      }
      this.byName = byName;
    }
    return this.byName;
  }

  /** Size of a file in bytes (lstat, cached); 0 for directories and unreadable entries. */
  sizeOf(path: string): number {
    if (path === '') return 0;
    const { node, index } = this.locate(path);
    return index < 0 ? 0 : this.sizeIn(node!, index);
  }

  /**
   * The listed directory `dir` (undefined when the walk did not list it: unknown, a file, or
   * below an opaque directory), for a traversal that reads names, kinds and sizes (`sizeIn`)
   * without an entry object or a path string per entry.
   */
  listing(dir: string): DirListing | undefined {
    return this.dirs.get(dir);
  }

  /**
   * The root-relative paths of a listing's entries, made once and kept: a traversal per build
   * context slices its context-relative paths from them (a slice shares the characters) instead
   * of joining a new string per entry and context.
   */
  pathsIn(listing: DirListing): readonly string[] {
    const node = listing as DirNode;
    let paths = node.paths;
    if (!paths) {
      const { names, path } = node;
      paths = new Array<string>(names.length);
      for (let i = 0; i < names.length; i++) paths[i] = path === '' ? names[i] : `${path}/${names[i]}`;
      node.paths = paths;
    }
    return paths;
  }

  /** `sizeOf` the `index`th entry of a listing this tree gave: lstat on first use, then cached. */
  sizeIn(listing: DirListing, index: number): number {
    const node = listing as DirNode;
    if ((node.kinds[index] & 3) === DIR) return 0;
    let sizes = node.sizes;
    if (!sizes) node.sizes = sizes = new Float64Array(node.names.length).fill(NaN);
    let size = sizes[index];
    if (size !== size) {
      const name = node.names[index];
      try {
        size = lstatSync(join(this.root, node.path === '' ? name : `${node.path}/${name}`)).size;
      } catch {
        size = 0;
      }
      sizes[index] = size;
    }
    return size;
  }

  /**
   * The listings with entries, in one fixed order, for the size worker (src/analysis/size-prefetch.ts)
   * to read sizes into a flat array that `attachSizes` then hands to the listings without a copy.
   */
  sizeLayout(): SizeLayout {
    const listings: DirNode[] = [];
    for (const node of this.dirs.values()) if (node.names.length > 0) listings.push(node);
    const offsets = new Int32Array(listings.length + 1);
    let total = 0;
    for (let d = 0; d < listings.length; d++) {
      offsets[d] = total;
      total += listings[d].names.length;
    }
    offsets[listings.length] = total;
    return { listings, offsets, version: this.version };
  }

  /**
   * Sizes read ahead of need (on a worker thread: src/analysis/size-prefetch.ts), in `layout`'s
   * flat order, NaN where not read. Each listing still as laid out (same node, no file added or
   * removed in it since) gets its slice as a view; a size this tree already read stays.
   */
  attachSizes(layout: SizeLayout, sizes: Float64Array): void {
    let changedDirs: Set<string> | null = null;
    if (layout.version !== this.version) {
      const changes = this.changesSince(layout.version);
      if (changes === null) return; // restored from a snapshot since: the listings are other nodes
      changedDirs = new Set(changes.map((c) => (c.path.lastIndexOf('/') < 0 ? '' : c.path.slice(0, c.path.lastIndexOf('/')))));
    }
    const { listings, offsets } = layout;
    for (let d = 0; d < listings.length; d++) {
      const node = listings[d] as DirNode;
      const count = offsets[d + 1] - offsets[d];
      if (this.dirs.get(node.path) !== node || node.names.length !== count || changedDirs?.has(node.path)) continue;
      const view = sizes.subarray(offsets[d], offsets[d + 1]);
      const known = node.sizes;
      if (known) for (let i = 0; i < count; i++) if (known[i] === known[i]) view[i] = known[i];
      node.sizes = view;
    }
  }

  /**
   * The files added (by addFile) and removed (by removeFile) since `version`, in order, for an
   * index that updates itself instead of traversing the tree again; null when they are not known
   * (the listings were restored from a snapshot since).
   */
  changesSince(version: number): readonly { path: string; added: boolean }[] | null {
    if (version < this.changeLogStart) return null;
    return this.changeLog.filter((c) => c.version > version);
  }

  /** Forget a file that a fix deletes. */
  removeFile(path: string): void {
    const { node, index } = this.locate(path);
    if (index < 0 || node!.kinds[index] !== FILE) return;
    const name = node!.names[index];
    node!.names.splice(index, 1);
    node!.kinds.splice(index, 1);
    node!.entries?.splice(index, 1);
    if (node!.sizes) node!.sizes = withoutAt(node!.sizes, index);
    node!.paths = undefined;
    this.version++;
    this.changeLog.push({ version: this.version, path, added: false });
    const named = this.byName?.get(name);
    if (named) named.splice(named.indexOf(node!), 1);
    const at = this.readNamed.indexOf(path);
    if (at >= 0) this.readNamed.splice(at, 1);
    const script = this.scriptNamed.indexOf(path);
    if (script >= 0) this.scriptNamed.splice(script, 1);
  }

  /** Record a file that a fix creates, so later passes see it without another walk. */
  addFile(path: string): void {
    if (this.exists(path)) return;
    const slash = path.lastIndexOf('/');
    const node = this.dirs.get(slash < 0 ? '' : path.slice(0, slash));
    if (!node) return;
    const name = path.slice(slash + 1);
    const at = lowerBound(node.names, name, (n) => n);
    node.names.splice(at, 0, name);
    node.kinds.splice(at, 0, FILE);
    node.entries?.splice(at, 0, undefined);
    if (node.sizes) node.sizes = withNaNAt(node.sizes, at);
    node.paths = undefined;
    this.version++;
    this.changeLog.push({ version: this.version, path, added: true });
    if (this.byName) {
      const list = this.byName.get(name);
      if (list) list.push(node);
      else {
        this.byName.set(name, [node]);
        this.byLowerName = null;
      }
    }
    if (isReadName(name)) this.readNamed.push(path);
    if (isScriptName(name, slash < 0 ? '' : path.slice(0, slash))) this.scriptNamed.push(path);
  }

  /** The listings as they are now, for `restore` after a trial plan. */
  snapshot(): TreeSnapshot {
    return { version: this.version, dirs: [...this.dirs].map(([dir, node]) => [dir, copyNode(node)]), readNamed: [...this.readNamed], scriptNamed: [...this.scriptNamed] };
  }

  /** Put back the listings of a snapshot; the version moves on, so derived indexes rebuild. */
  restore(snapshot: TreeSnapshot): void {
    this.dirs.clear();
    for (const [dir, node] of snapshot.dirs) this.dirs.set(dir, copyNode(node));
    this.readNamed = [...snapshot.readNamed];
    this.scriptNamed = [...snapshot.scriptNamed];
    this.byName = null;
    this.byLowerName = null;
    this.version = Math.max(this.version, snapshot.version) + 1;
    this.changeLog = [];
    this.changeLogStart = this.version;
  }
}

/**
 * A listing that later changes to either copy leave the other alone (entry objects are shared,
 * and so are the sizes and paths arrays: addFile and removeFile replace them rather than change them).
 */
function copyNode(node: DirNode): DirNode {
  return dirNode(node.path, [...node.names], [...node.kinds], node.entries && [...node.entries], node.sizes, node.paths);
}

/**
 * A DirNode with every field present from the start, so that all nodes share one shape and the
 * functions that read them (locate, visitNames, the size traversals) stay monomorphic: a field
 * added later (sizes, paths) would give the nodes that have it another hidden class.
 */
function dirNode(path: string, names: string[], kinds: number[], entries?: (TreeEntry | undefined)[], sizes?: Float64Array, paths?: string[]): DirNode {
  return { path, names, kinds, entries, sizes, paths };
}

/** `sizes` without its `index`th value (a new array). */
function withoutAt(sizes: Float64Array, index: number): Float64Array {
  const out = new Float64Array(sizes.length - 1);
  out.set(sizes.subarray(0, index));
  out.set(sizes.subarray(index + 1), index);
  return out;
}

/** `sizes` with a NaN (not read) inserted at `index` (a new array). */
function withNaNAt(sizes: Float64Array, index: number): Float64Array {
  const out = new Float64Array(sizes.length + 1);
  out.set(sizes.subarray(0, index));
  out[index] = NaN;
  out.set(sizes.subarray(index), index + 1);
  return out;
}

const ROOT_ENTRY: TreeEntry = Object.freeze({ path: '', name: '', kind: 'dir' }) as TreeEntry;

/** The entry object for a listed name, made on first use and kept (it caches its size). */
function entryAt(node: DirNode, index: number): TreeEntry {
  const entries = (node.entries ??= new Array(node.names.length));
  let entry = entries[index];
  if (!entry) {
    const name = node.names[index];
    const kind = node.kinds[index];
    entry = { path: node.path === '' ? name : `${node.path}/${name}`, name, kind: KIND_NAMES[kind & 3] };
    if (kind & OPAQUE) entry.opaque = true;
    entries[index] = entry;
  }
  return entry;
}

/** Index of `name` in names sorted by code unit (the order the walk sorts in), or -1. */
function indexOfName(names: readonly string[], name: string): number {
  const i = lowerBound(names, name, (n) => n);
  return i < names.length && names[i] === name ? i : -1;
}

/**
 * Walk `root` once, iteratively (deep trees cannot overflow the stack). Symbolic links are
 * recorded, never followed, so a link loop or a link out of the root cannot be walked into.
 */
export function walkTree(root: string, onProgress?: (visited: number) => void): FileTree {
  const walker = new Walker(root, onProgress);
  while (!walker.step(Infinity));
  return walker.tree;
}

/**
 * The same walk, yielding to the event loop every few hundred directories so that a terminal
 * UI can keep its spinner and counts moving on a large repository.
 */
export async function walkTreeAsync(root: string, onProgress?: (visited: number) => void): Promise<FileTree> {
  const walker = new Walker(root, onProgress);
  while (!walker.step(256)) await new Promise((resolve) => setImmediate(resolve));
  return walker.tree;
}

const byName = (a: Dirent, b: Dirent) => compareCodeUnits(a.name, b.name);

/** One walk, run a number of directories at a time. */
class Walker {
  readonly tree: FileTree;
  private readonly stack: string[] = [''];
  private realRoot: string | undefined;

  constructor(
    private readonly root: string,
    private readonly onProgress?: (visited: number) => void,
  ) {
    this.tree = new FileTree(root);
  }

  /** Walk up to `maxDirs` directories; true when the walk is complete. */
  step(maxDirs: number): boolean {
    const { tree, root, stack } = this;
    for (let n = 0; n < maxDirs && stack.length > 0; n++) {
      const dir = stack.pop()!;
      let dirents: Dirent[];
      try {
        dirents = readdirSync(dir === '' ? root : join(root, dir), { withFileTypes: true });
      } catch (err) {
        tree.problems.push({ path: dir, message: describeFsError(err) });
        tree.setListing(dir, [], []);
        continue;
      }
      dirents.sort(byName);
      const count = dirents.length;
      const names: string[] = new Array(count);
      const kinds: number[] = new Array(count);
      for (let i = 0; i < count; i++) {
        const d = dirents[i];
        const name = d.name;
        names[i] = name;
        if (d.isDirectory()) {
          if (OPAQUE_DIRS.has(name)) kinds[i] = DIR | OPAQUE;
          else {
            kinds[i] = DIR;
            stack.push(dir === '' ? name : `${dir}/${name}`);
          }
        } else if (d.isFile()) {
          kinds[i] = FILE;
          if (isReadName(name)) tree.noteReadNamed(dir === '' ? name : `${dir}/${name}`);
          else if (isYamlName(name)) tree.yamlFiles.push(dir === '' ? name : `${dir}/${name}`);
          if (isScriptName(name, dir)) tree.noteScriptNamed(dir === '' ? name : `${dir}/${name}`);
        } else if (d.isSymbolicLink()) {
          kinds[i] = SYMLINK;
          if (isReadName(name)) {
            this.realRoot ??= realPath(root) ?? root;
            const path = dir === '' ? name : `${dir}/${name}`;
            const problem = linkProblem(root, path, this.realRoot);
            if (problem) tree.links.push(problem);
            else tree.namedLinks.push(path);
          }
        } else kinds[i] = OTHER;
      }
      tree.setListing(dir, names, kinds);
      tree.visited += count;
      if (this.onProgress && tree.visited % 4096 < count) this.onProgress(tree.visited);
    }
    return stack.length === 0;
  }
}

function isReadName(name: string): boolean {
  return isDockerfileName(name) || isComposeName(name) || isIgnoreFileName(name) || isEnvFileName(name) || isBakeFileName(name);
}

const SCRIPT_NAME = /\.(?:sh|bash|zsh|mk|[Mm][Dd])$|^(?:GNUmakefile|[Mm]akefile|[Jj]ustfile|package\.json|\.gitlab-ci\.ya?ml)$/;

/**
 * A name (in root-relative directory `dir`) among which the command-line sources
 * (src/project/invocations.ts invocationSourceKind) and the scripts that write files
 * (src/analysis/generated.ts isScriptPath) are chosen: a superset of both, by name, plus the
 * YAML files below `.github/workflows`.
 */
export function isScriptName(name: string, dir: string): boolean {
  if (SCRIPT_NAME.test(name)) return true;
  return (dir === '.github/workflows' || dir.startsWith('.github/workflows/')) && isYamlName(name);
}

function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** Where a link leads, when that is somewhere dockmend must not (or cannot) read. */
function linkProblem(root: string, path: string, realRoot: string): LinkProblem | null {
  const full = join(root, path);
  let target: string;
  try {
    target = readlinkSync(full);
  } catch {
    return null;
  }
  try {
    const real = realpathSync(full);
    if (real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return null;
    return { path, target, problem: 'outside the root' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { path, target, problem: 'loop' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, target, problem: 'dangling' };
    return null;
  }
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e?.message ?? String(err);
  }
}
