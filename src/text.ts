// Text utilities that every parser-facing module shares. Offsets are UTF-16 indices into the
// text exactly as read from disk (a BOM, if present, is the character at offset 0).

export const BOM = '\uFEFF';

/** Order by UTF-16 code unit, as `<` compares strings: locale-free and the same everywhere. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first index of `sorted` (ascending by `keyOf`, code-unit order) whose key is not below `key`. */
export function lowerBound<T>(sorted: readonly T[], key: string, keyOf: (item: T) => string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid]) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of an offset. The BOM is not counted as a column. */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    let column = o - this.starts[lo] + 1;
    if (lo === 0 && this.text.startsWith(BOM) && o > 0) column -= 1;
    return { line: lo + 1, column };
  }

  /** Offset of the start of a 1-based line (past a BOM on line 1). */
  lineStart(line: number): number {
    const s = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
    return s === 0 && this.text.startsWith(BOM) ? 1 : s;
  }

  /** Offset just past the line's content, before `\r\n` or `\n`. */
  lineEnd(line: number): number {
    if (line >= this.starts.length) return this.text.length;
    let end = this.starts[line] - 1; // the '\n'
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Offset just past the line's terminator (start of the next line, or end of text). */
  lineEndWithTerminator(line: number): number {
    return line < this.starts.length ? this.starts[line] : this.text.length;
  }
}

/** The line terminator a file uses: CRLF when its first line break is CRLF. */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Replace `[start,end)` edits (non-overlapping, any order) in text. */
export function applyEdits(text: string, edits: ReadonlyArray<{ start: number; end: number; text: string }>): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Escape control characters so that repository text cannot repaint a terminal. */
export function escapeControl(s: string): string {
  // Everything but TAB: a newline in a file name would forge a second line of output, ESC would
  // repaint the terminal. Multi-line messages are escaped line by line by their printers.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) =>
    c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
