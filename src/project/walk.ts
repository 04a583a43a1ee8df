// One walk of the target root. Everything else (discovery, build-context content, COPY
// source lookup) reads this index instead of touching the disk again.
import { lstatSync, readdirSync, readlinkSync, realpathSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isComposeName, isDockerfileName, isEnvFileName, isIgnoreFileName } from './discover.js';

export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface TreeEntry {
  /** Path relative to the root, '/' separators; '' is the root itself. */
  path: string;
  name: string;
  kind: EntryKind;
  /**
   * A directory that discovery does not descend into (`.git`, `node_modules`): it still
   * belongs to any build context that contains it, and is counted when context size is needed.
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

/** Directories whose content is build-context payload but never holds files we discover. */
export const OPAQUE_DIRS = new Set(['.git', 'node_modules']);

export class FileTree {
  readonly entries = new Map<string, TreeEntry>();
  readonly children = new Map<string, string[]>();
  readonly problems: WalkProblem[] = [];
  /** Links named like Dockerfiles, compose, ignore or env files that cannot be used. */
  readonly links: LinkProblem[] = [];
  /** Number of entries the walk visited (files and directories), for progress display. */
  visited = 0;
  /** Bumped whenever a fix adds or removes a file, so indexes derived from the tree know to rebuild. */
  version = 0;
  /** Root-relative paths by base name, built on first use and kept up to date by addFile/removeFile. */
  private byName: Map<string, string[]> | null = null;

  constructor(readonly root: string) {
    this.entries.set('', { path: '', name: '', kind: 'dir' });
    this.children.set('', []);
  }

  get(path: string): TreeEntry | undefined {
    return this.entries.get(path);
  }

  isFile(path: string): boolean {
    return this.entries.get(path)?.kind === 'file';
  }

  isDir(path: string): boolean {
    return this.entries.get(path)?.kind === 'dir';
  }

  exists(path: string): boolean {
    return this.entries.has(path);
  }

  /**
   * Whether a path exists, looking on disk (lstat, no symlink following) only for paths below
   * an opaque directory, whose content the walk did not list.
   */
  existsDeep(path: string): boolean {
    if (this.entries.has(path)) return true;
    // The nearest ancestor the walk knows decides: an opaque directory was not listed (look on
    // disk); any other was, so the path does not exist. Searched from the end, so that a deep
    // path costs one lookup per missing level, not one per level of the whole path.
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const entry = this.entries.get(path.slice(0, i));
      if (!entry) continue;
      if (!entry.opaque) return false;
      try {
        lstatSync(join(this.root, path));
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }

  /** Child names of a directory (empty for unknown or opaque directories). */
  list(dir: string): readonly string[] {
    return this.children.get(dir) ?? [];
  }

  /**
   * Visit every known entry below `dir`, depth first; `visit` returns whether to descend into
   * a directory it was given (ignored for other entries).
   */
  visit(dir: string, visit: (entry: TreeEntry, parent: string) => boolean): void {
    const stack = [dir];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      for (const name of this.list(parent)) {
        const entry = this.entries.get(parent === '' ? name : `${parent}/${name}`);
        if (entry && visit(entry, parent) && entry.kind === 'dir') stack.push(entry.path);
      }
    }
  }

  /** Every known entry strictly below `dir` ('' for the whole tree), depth first. */
  *below(dir: string): Generator<TreeEntry> {
    const stack = [dir];
    while (stack.length > 0) {
      const d = stack.pop()!;
      for (const name of this.list(d)) {
        const p = d === '' ? name : `${d}/${name}`;
        const e = this.entries.get(p);
        if (!e) continue;
        yield e;
        if (e.kind === 'dir') stack.push(p);
      }
    }
  }

  /**
   * The root-relative path a symbolic link resolves to, when it is a link to a file inside the
   * root; null otherwise (not a link, dangling, a loop, or leaving the root).
   */
  linkTarget(path: string): string | null {
    if (this.entries.get(path)?.kind !== 'symlink') return null;
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
    return this.nameIndex().get(name) ?? [];
  }

  /** Root-relative paths of every known entry whose name equals `name` ignoring case. */
  pathsNamedIgnoringCase(name: string): string[] {
    const lower = name.toLowerCase();
    const out: string[] = [];
    for (const [n, paths] of this.nameIndex()) if (n.toLowerCase() === lower) out.push(...paths);
    return out;
  }

  private nameIndex(): Map<string, string[]> {
    if (!this.byName) {
      this.byName = new Map();
      for (const e of this.entries.values()) if (e.path !== '') this.indexName(e);
    }
    return this.byName;
  }

  private indexName(e: TreeEntry): void {
    const list = this.byName!.get(e.name);
    if (list) list.push(e.path);
    else this.byName!.set(e.name, [e.path]);
  }

  /** Size of a file in bytes (lstat, cached); 0 for directories and unreadable entries. */
  sizeOf(path: string): number {
    const entry = this.entries.get(path);
    if (!entry || entry.kind === 'dir') return 0;
    if (entry.size === undefined) {
      try {
        entry.size = lstatSync(join(this.root, path)).size;
      } catch {
        entry.size = 0;
      }
    }
    return entry.size;
  }

  /** Forget a file that a fix deletes. */
  removeFile(path: string): void {
    const entry = this.entries.get(path);
    if (!entry || entry.kind !== 'file') return;
    this.entries.delete(path);
    this.version++;
    const named = this.byName?.get(entry.name);
    if (named) named.splice(named.indexOf(path), 1);
    const slash = path.lastIndexOf('/');
    const siblings = this.children.get(slash < 0 ? '' : path.slice(0, slash));
    const i = siblings?.indexOf(entry.name) ?? -1;
    if (i >= 0) siblings!.splice(i, 1);
  }

  /** Record a file that a fix creates, so later passes see it without another walk. */
  addFile(path: string): void {
    if (this.entries.has(path)) return;
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (!this.entries.has(dir)) return;
    const entry: TreeEntry = { path, name, kind: 'file' };
    this.entries.set(path, entry);
    this.version++;
    this.children.get(dir)?.push(name);
    if (this.byName) this.indexName(entry);
  }
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
        continue;
      }
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const names: string[] = [];
      for (const d of dirents) {
        const path = dir === '' ? d.name : `${dir}/${d.name}`;
        const kind: EntryKind = d.isSymbolicLink() ? 'symlink' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other';
        const entry: TreeEntry = { path, name: d.name, kind };
        if (kind === 'dir' && OPAQUE_DIRS.has(d.name)) entry.opaque = true;
        tree.entries.set(path, entry);
        names.push(d.name);
        if (kind === 'symlink' && isReadName(d.name)) {
          this.realRoot ??= realPath(root) ?? root;
          const problem = linkProblem(root, path, this.realRoot);
          if (problem) tree.links.push(problem);
        }
        if (kind === 'dir') {
          tree.children.set(path, []);
          if (!entry.opaque) stack.push(path);
        }
      }
      tree.children.set(dir, names);
      tree.visited += names.length;
      if (this.onProgress && tree.visited % 4096 < names.length) this.onProgress(tree.visited);
    }
    return stack.length === 0;
  }
}

function isReadName(name: string): boolean {
  return isDockerfileName(name) || isComposeName(name) || isIgnoreFileName(name) || isEnvFileName(name);
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
