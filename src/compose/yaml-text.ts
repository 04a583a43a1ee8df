// Text positions in YAML sources, for fixes that splice instead of re-serialising: where a line
// starts, how its siblings are indented, where a new mapping entry or list item goes.
import { isPair, isScalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { eolOf } from '../text.js';

export function lineStartOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return start === 0 && text.startsWith('\uFEFF') ? 1 : start;
}

/** Offset of the start of the next line after `offset` (text length when on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The whitespace that starts the line holding `offset`. */
export function indentOfLine(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Only blanks between the start of the line and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/** End of the last item of a block mapping or sequence (its value, or its key for `KEY:`). */
export function lastItemEnd(collection: YAMLMap | YAMLSeq): number | null {
  const last = collection.items[collection.items.length - 1];
  if (!last) return null;
  if (isPair(last)) {
    const v = last.value as Node | null;
    if (v && v.range) return v.range[1];
    const k = last.key as Node | null;
    return k?.range ? k.range[1] + 1 : null; // `KEY:` — past the colon
  }
  return (last as Node).range?.[1] ?? null;
}

export interface LineInsert {
  /** Where to insert (a line start, or the end of the text). */
  at: number;
  /** Text to insert before the new lines (an EOL when the last line has none). */
  lead: string;
  eol: string;
}

/** Insert whole lines after the line that holds `offset`. */
export function insertLinesAfter(text: string, offset: number): LineInsert {
  const eol = eolOf(text);
  // A block scalar's range ends after its last line break already.
  const at = offset > 0 && text[offset - 1] === '\n' ? offset : nextLineStart(text, offset);
  const lead = at === text.length && !text.endsWith('\n') ? eol : '';
  return { at, lead, eol };
}

/** Render lines for an insertion: `lead` + lines each terminated, except a final line at EOF. */
export function renderLines(ins: LineInsert, lines: string[], text: string): string {
  const body = lines.join(ins.eol);
  // At the end of a file without a final newline, keep it without one.
  if (ins.lead !== '') return ins.lead + body;
  return ins.at === text.length && text.length > 0 && !text.endsWith('\n') ? body : body + ins.eol;
}

/** The indentation of a block mapping's keys (the column of its first key), or null. */
export function mapKeyIndent(text: string, map: YAMLMap): string | null {
  const first = map.items.find((i) => isPair(i) && isScalar(i.key) && (i.key as Node).range);
  if (!first || map.flow) return null;
  const start = ((first as { key: Node }).key.range as [number, number, number])[0];
  if (!startsLine(text, start)) return null;
  return text.slice(lineStartOf(text, start), start);
}

/** `- ` prefix of a block sequence's items (indentation, dash and the spaces after it), or null. */
export function seqItemPrefix(text: string, seq: YAMLSeq): string | null {
  const first = seq.items.find((i) => (i as Node).range) as Node | undefined;
  if (!first || seq.flow) return null;
  const start = first.range![0];
  const prefix = text.slice(lineStartOf(text, start), start);
  return /^[ \t]*-[ \t]+$/.test(prefix) ? prefix : null;
}

/** The indentation step of a file: the smallest positive difference between nested block keys. */
export function indentStep(text: string, outer: YAMLMap, inner: YAMLMap): string {
  const o = mapKeyIndent(text, outer);
  const i = mapKeyIndent(text, inner);
  if (o !== null && i !== null && i.length > o.length && i.startsWith(o)) return i.slice(o.length);
  return '  ';
}
