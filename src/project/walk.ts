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
  /** Bytes, filled in lazily by `sizeOf` (lstat) only when context sizes are asked for. */
  size?: number;
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

/**
 * One listed directory: its entries' names (sorted by UTF-16 code unit, so every traversal is
 * deterministic) and kinds. Entry objects and path strings are made only when asked for: a
 * large tree is mostly files that no rule ever names.
 */
interface DirNode {
  path: string;
  names: string[];
  kinds: number[];
  entries?: (TreeEntry | undefined)[];
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
  private knownSizes: Map<string, number> | null = null;

  constructor(readonly root: string) {
    this.dirs.set('', { path: '', names: [], kinds: [] });
  }

  /** Record the listing of `dir` (names sorted). Only the walk calls this. */
  setListing(dir: string, names: string[], kinds: number[]): void {
    this.dirs.set(dir, { path: dir, names, kinds });
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
    const entry = this.get(path);
    return entry ? this.entrySize(entry) : 0;
  }

  /** `sizeOf` for an entry this tree gave (visit, get): no lookup of its path. */
  entrySize(entry: TreeEntry): number {
    const path = entry.path;
    if (entry.kind === 'dir') return 0;
    if (entry.size === undefined) {
      const known = this.knownSizes?.get(path);
      if (known !== undefined) entry.size = known;
      else {
        try {
          entry.size = lstatSync(join(this.root, path)).size;
        } catch {
          entry.size = 0;
        }
      }
    }
    return entry.size;
  }

  /** Sizes read ahead of need (lstat on a worker thread: src/analysis/size-prefetch.ts). */
  primeSizes(paths: readonly string[], sizes: ArrayLike<number>): void {
    const known = (this.knownSizes ??= new Map());
    for (let i = 0; i < paths.length; i++) known.set(paths[i], sizes[i]);
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

/** A listing that later changes to either copy leave the other alone (entry objects are shared). */
function copyNode(node: DirNode): DirNode {
  return { ...node, names: [...node.names], kinds: [...node.kinds], entries: node.entries && [...node.entries] };
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
