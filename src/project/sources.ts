// Reading files: each file is read at most once, and fixes of earlier passes are layered on
// top (the overlay) so that re-detection never touches the disk.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describeFsError } from './walk.js';

export interface TextFile {
  path: string;
  /** The text exactly as on disk (BOM included), or null when it cannot be used as text. */
  text: string | null;
  /** Why `text` is null: unreadable, binary, not UTF-8, too large, a symbolic link. */
  problem?: string;
  /** The file is encrypted with git-crypt (it starts with git-crypt's header): text after `git-crypt unlock`. */
  binary?: 'git-crypt';
}

/** A UTF-16 byte-order mark, or text whose every other byte is NUL (UTF-16 without a BOM). */
function isUtf16(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return true;
  const n = Math.min(buf.length, 512) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) even++;
    if (buf[i + 1] === 0) odd++;
  }
  return (odd === n / 2 && even === 0) || (even === n / 2 && odd === 0);
}

/** The header git-crypt writes at the start of every encrypted file ("\0GITCRYPT\0", git-crypt.cpp). */
const GIT_CRYPT_HEADER = Buffer.from('\0GITCRYPT\0', 'latin1');

/**
 * Largest file read as text. Real Dockerfiles, compose, ignore and env files are kilobytes;
 * a file past this is reported instead of parsed, so that a huge (or hostile) file cannot
 * stall the scan.
 */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class SourceStore {
  private readonly disk = new Map<string, TextFile>();
  /** Texts produced by fixes, keyed by root-relative path. */
  readonly overlay = new Map<string, string>();
  private realRoot: string | undefined;
  /** linkedDirectory's answer per directory: the files read share a few hundred directories. */
  private readonly directoryLinks = new Map<string, string | null>();

  constructor(readonly root: string) {}

  read(path: string): TextFile {
    const planned = this.overlay.get(path);
    if (planned !== undefined) return { path, text: planned };
    let file = this.disk.get(path);
    if (!file) {
      this.realRoot ??= realRootOf(this.root);
      file = readTextFile(this.root, path, this.realRoot, this.directoryLinks);
      this.disk.set(path, file);
    }
    return file;
  }

  /**
   * The first `bytes` bytes of a file as text, for sniffing its kind without reading it all
   * (complete lines only when the file is longer); null when unreadable. A text already read
   * or planned is used as it is.
   */
  head(path: string, bytes: number): string | null {
    const known = this.overlay.get(path) ?? this.disk.get(path)?.text;
    if (known !== undefined && known !== null) return known.slice(0, bytes);
    let fd: number | undefined;
    try {
      fd = openSync(join(this.root, path), 'r');
      const buffer = Buffer.alloc(bytes);
      const read = readSync(fd, buffer, 0, bytes, 0);
      const text = buffer.subarray(0, read).toString('utf8');
      return read < bytes ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    } catch {
      return null;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** The text as read from disk, before any planned fix. */
  original(path: string): TextFile | undefined {
    return this.disk.get(path);
  }
}

function realRootOf(root: string): string {
  try {
    return realpathSync.native(root);
  } catch {
    return root;
  }
}

// O_NOFOLLOW: a symbolic link is never read through (it may point out of the root).
// O_NONBLOCK: opening a FIFO put where a file was does not hang; it is refused below.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Read a root-relative file as text. Never follows a symbolic link, in the file name or in a
 * directory above it; reads regular files only, up to MAX_TEXT_BYTES; decodes strict UTF-8.
 */
export function readTextFile(root: string, path: string, realRoot: string = realRootOf(root), directoryLinks?: Map<string, string | null>): TextFile {
  const full = join(root, path);
  const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  let viaLink = directoryLinks?.get(dir);
  if (viaLink === undefined) {
    viaLink = linkedDirectory(root, path, realRoot);
    directoryLinks?.set(dir, viaLink);
  }
  if (viaLink) return { path, text: null, problem: `not read: ${viaLink}` };
  let fd: number;
  try {
    fd = openSync(full, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') return { path, text: null, problem: 'not read: it is a symbolic link' };
    return { path, text: null, problem: `cannot read file: ${describeFsError(err)}` };
  }
  let buf: Buffer;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { path, text: null, problem: 'not read: not a regular file' };
    if (stat.size > MAX_TEXT_BYTES) {
      return { path, text: null, problem: `not read: file too large (${formatBytes(stat.size)}; dockmend reads files up to ${formatBytes(MAX_TEXT_BYTES)})` };
    }
    buf = readAll(fd, stat.size);
  } catch (err) {
    return { path, text: null, problem: `cannot read file: ${describeFsError(err)}` };
  } finally {
    closeSync(fd);
  }
  if (buf.includes(0)) {
    if (buf.subarray(0, GIT_CRYPT_HEADER.length).equals(GIT_CRYPT_HEADER)) return { path, text: null, problem: 'encrypted with git-crypt', binary: 'git-crypt' };
    // PowerShell's `>` writes UTF-16 with a BOM; Docker, BuildKit and Compose read UTF-8 only
    // (BuildKit strips a UTF-8 BOM alone: "unknown instruction: ��F R O M").
    if (isUtf16(buf)) return { path, text: null, problem: 'UTF-16 encoded: Docker and Compose read UTF-8 only; save it as UTF-8' };
    return { path, text: null, problem: 'binary file (contains NUL bytes)' };
  }
  try {
    // `fatal` rejects invalid UTF-8, so text written back re-encodes to the very same bytes.
    // TextDecoder drops a leading BOM by default; `ignoreBOM` is not set, so restore it.
    const text = utf8.decode(buf);
    const hasBom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    return { path, text: hasBom ? `\uFEFF${text}` : text };
  } catch {
    return { path, text: null, problem: 'not valid UTF-8 text' };
  }
}

/** Read up to `limit` bytes (one more, to notice a file that grew past the limit meanwhile). */
function readAll(fd: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const want = Math.min(size, MAX_TEXT_BYTES) + 1;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(want - total, 64 * 1024));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > MAX_TEXT_BYTES) throw Object.assign(new Error(`file grew past ${formatBytes(MAX_TEXT_BYTES)} while being read`), { code: 'EFBIG' });
  }
  return Buffer.concat(chunks, total);
}

/** Why a path's directory is reached through a symbolic link, or null when it is not. */
function linkedDirectory(root: string, path: string, realRoot: string): string | null {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return null;
  let real: string;
  try {
    // The system's realpath(3): one call, where fs.realpathSync lstats each component in turn.
    real = realpathSync.native(join(root, path.slice(0, slash)));
  } catch {
    return null; // a missing directory: the open reports it
  }
  // Compared with the root's real path: the root itself may sit below a link (/tmp → /private/tmp).
  if (real === join(realRoot, path.slice(0, slash))) return null;
  const inside = real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  return inside ? 'a directory on its path is a symbolic link' : 'a directory on its path is a symbolic link to outside the root';
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
