// Reading files: each file is read at most once, and fixes of earlier passes are layered on
// top (the overlay) so that re-detection never touches the disk.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError } from './walk.js';

export interface TextFile {
  path: string;
  /** The text exactly as on disk (BOM included), or null when it cannot be used as text. */
  text: string | null;
  /** Why `text` is null: unreadable, binary, not UTF-8. */
  problem?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class SourceStore {
  private readonly disk = new Map<string, TextFile>();
  /** Texts produced by fixes, keyed by root-relative path. */
  readonly overlay = new Map<string, string>();

  constructor(readonly root: string) {}

  read(path: string): TextFile {
    const planned = this.overlay.get(path);
    if (planned !== undefined) return { path, text: planned };
    let file = this.disk.get(path);
    if (!file) {
      file = readTextFile(this.root, path);
      this.disk.set(path, file);
    }
    return file;
  }

  /** The text as read from disk, before any planned fix. */
  original(path: string): TextFile | undefined {
    return this.disk.get(path);
  }
}

export function readTextFile(root: string, path: string): TextFile {
  let buf: Buffer;
  try {
    buf = readFileSync(join(root, path));
  } catch (err) {
    return { path, text: null, problem: `cannot read file: ${describeFsError(err)}` };
  }
  if (buf.includes(0)) return { path, text: null, problem: 'binary file (contains NUL bytes)' };
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
