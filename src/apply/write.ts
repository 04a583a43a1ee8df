// The only module that writes user files. Each write is atomic (temp file in the same
// directory, then rename), keeps the file's mode, never leaves the root, never goes through a
// symbolic link, and never overwrites a file that changed since it was read.
// Named imports: a namespace import of node:fs would have esbuild copy every export of it
// (__toESM) at each start-up of the CLI bundle.
import type * as nodeFs from 'node:fs';
import { chmodSync, chownSync, closeSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { crypto } from '../builtins.js';
import { dirname, join, sep } from 'node:path';
import type { PlannedFile } from '../fix/engine.js';
import { describeFsError } from '../project/walk.js';

export interface WriteOutcome {
  written: string[];
  skipped: { path: string; reason: string }[];
}

/** The file-system calls used, injectable so tests can make any step fail. */
export type WriteFs = Pick<
  typeof nodeFs,
  'lstatSync' | 'readFileSync' | 'writeFileSync' | 'openSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'linkSync' | 'unlinkSync' | 'chmodSync' | 'chownSync'
>;

const realFs = (): WriteFs => ({ lstatSync, readFileSync, writeFileSync, openSync, fsyncSync, closeSync, renameSync, linkSync, unlinkSync, chmodSync, chownSync });

/**
 * Write each planned file, whole or not at all. Deletions come last, and only when every other
 * file was written: a fix that moves content from one file to another (ignore-merge) must not
 * delete the source after failing to write the destination.
 */
export function writePlan(root: string, files: readonly PlannedFile[], fs: WriteFs = realFs()): WriteOutcome {
  const outcome: WriteOutcome = { written: [], skipped: [] };
  const attempt = (file: PlannedFile) => {
    try {
      writeOne(root, file, fs);
      outcome.written.push(file.path);
    } catch (err) {
      outcome.skipped.push({ path: file.path, reason: err instanceof WriteRefused ? err.message : describeFsError(err) });
    }
  };
  for (const file of files) if (!file.deleted) attempt(file);
  const failed = outcome.skipped.length > 0;
  for (const file of files) {
    if (!file.deleted) continue;
    if (failed) outcome.skipped.push({ path: file.path, reason: 'not deleted, because another planned file could not be written' });
    else attempt(file);
  }
  return outcome;
}

export class WriteRefused extends Error {}

function writeOne(root: string, file: PlannedFile, fs: WriteFs): void {
  const target = safeTarget(root, file.path, fs);
  const dir = identity(fs.lstatSync(dirname(target)));
  const current = readIfExists(target, fs);
  if (file.before === null) {
    if (current !== null) throw new WriteRefused('file was created since the scan; not overwritten');
  } else if (current === null || !current.equals(Buffer.from(file.before, 'utf8'))) {
    throw new WriteRefused('file changed on disk since the scan; not overwritten');
  }
  if (file.deleted) {
    fs.unlinkSync(target);
    return;
  }
  const stat = current === null ? undefined : fs.lstatSync(target);
  const mode = stat === undefined ? undefined : stat.mode & 0o7777;
  const tmp = tempPath(target);
  const data = Buffer.from(file.after, 'utf8');
  try {
    const fd = fs.openSync(tmp, 'wx', mode ?? 0o666);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (mode !== undefined) fs.chmodSync(tmp, mode);
    // Running as root (CI containers, bind mounts): the new file keeps the old one's owner.
    if (stat !== undefined && process.getuid?.() === 0 && (stat.uid !== 0 || stat.gid !== 0)) {
      try {
        fs.chownSync(tmp, stat.uid, stat.gid);
      } catch {
        /* best effort: the content is what matters */
      }
    }
    // The path is checked again at the last moment: a directory swapped for a symbolic link
    // since the first check would otherwise send the rename out of the root.
    if (safeTarget(root, file.path, fs) !== target || identity(fs.lstatSync(dirname(target))) !== dir) {
      throw new WriteRefused('the directory changed since the scan; not written');
    }
    if (file.before !== null) {
      // Look again just before replacing: an editor that saved while the temporary file was
      // written (fsync can take a while) must not lose its change.
      const again = readIfExists(target, fs);
      if (again === null || !again.equals(current!)) throw new WriteRefused('file changed on disk since the scan; not overwritten');
    }
    if (file.before === null) {
      // link() fails if the target appeared meanwhile: creation never replaces a file.
      fs.linkSync(tmp, target);
      fs.unlinkSync(tmp);
    } else {
      fs.renameSync(tmp, target);
    }
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw err;
  }
}

function identity(stat: nodeFs.Stats): string {
  return `${stat.dev}:${stat.ino}`;
}

/**
 * A temporary name next to the target, on the same file system so that rename is atomic. The
 * target's name is shortened so that the temporary name stays within NAME_MAX (255 bytes) even
 * for a file whose own name is close to it.
 */
function tempPath(target: string): string {
  const dir = dirname(target);
  let base = target.slice(dir.length + 1);
  while (Buffer.byteLength(base) > 200) base = base.slice(0, -1);
  return join(dir, `.${base}.dockmend-${process.pid}-${crypto().randomBytes(4).toString('hex')}.tmp`);
}

/** Absolute path for a root-relative path, refusing `..`, absolute paths and symlinked components. */
export function safeTarget(root: string, path: string, fs: Pick<WriteFs, 'lstatSync'> = realFs()): string {
  const parts = path.split('/');
  if (path === '' || path.startsWith('/') || parts.some((p) => p === '..' || p === '.' || p === '') || path.includes('\\') || path.includes('\0')) {
    throw new WriteRefused(`refusing to write outside the root: ${path}`);
  }
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = current + sep + parts[i];
    let stat: nodeFs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && i === parts.length - 1) return current;
      throw err;
    }
    if (stat.isSymbolicLink()) throw new WriteRefused(`refusing to write through a symbolic link: ${parts.slice(0, i + 1).join('/')}`);
    if (i < parts.length - 1 && !stat.isDirectory()) throw new WriteRefused(`not a directory: ${parts.slice(0, i + 1).join('/')}`);
    if (i === parts.length - 1 && !stat.isFile()) throw new WriteRefused(`not a regular file: ${path}`);
  }
  return current;
}

function readIfExists(path: string, fs: WriteFs): Buffer | null {
  try {
    return fs.readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
