// Where things are written in a Bake file, by byte offset: the parser (hcl2json) gives values
// but no positions, so findings and fixes need this small scanner of their own. It reads only
// the structure it needs — top-level blocks with labels, their attributes, string literals and
// list items — and never re-serialises anything: a fix replaces one string literal's span.
import type { Span } from '../compose/model.js';

export interface ValueAt extends Span {
  /** The literal's string value when the value is one plain string literal (no template, no escape); else null. */
  literal: string | null;
}

export interface AttributeAt {
  name: string;
  nameSpan: Span;
  value: ValueAt;
  /** A list value's items, when the value is a list. */
  items?: ValueAt[];
  /** Offset just past the attribute's line (its line break included), for inserting a line after it. */
  lineEnd: number;
  /** The attribute line's indentation. */
  indent: string;
  /** Alone on its line(s): nothing but indentation before it, nothing but a comment after it (a line can be added after it). */
  ownLine: boolean;
}

export interface BlockAt {
  type: string;
  label: string;
  labelSpan: Span;
  attributes: AttributeAt[];
}

export interface FileSpans {
  format: 'hcl' | 'json';
  blocks: BlockAt[];
  eol: string;
}

/** The blocks of an HCL or JSON Bake file, in source order (null when the text cannot be scanned). */
export function scanBake(text: string, format: 'hcl' | 'json'): FileSpans | null {
  try {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { format, blocks: format === 'hcl' ? scanHcl(text) : scanJson(text), eol };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// HCL native syntax

type Tok = { kind: 'ident' | 'string' | 'heredoc' | 'punct' | 'newline' | 'other'; start: number; end: number; text: string; plain?: boolean };

class ScanError extends Error {}

/** The end of a quoted string starting at `i` (the quote), and whether it is plain (no template, no escape). */
function stringEnd(s: string, i: number): { end: number; plain: boolean } {
  let plain = true;
  let k = i + 1;
  while (k < s.length) {
    const c = s[k]!;
    if (c === '"') return { end: k + 1, plain };
    if (c === '\n') throw new ScanError('unterminated string');
    if (c === '\\') {
      plain = false;
      k += 2;
      continue;
    }
    if ((c === '$' || c === '%') && s[k + 1] === '{') {
      plain = false;
      // `$${` / `%%{` are escapes: the brace is literal text.
      if (s[k - 1] === c) {
        k += 2;
        continue;
      }
      k = templateEnd(s, k + 2);
      continue;
    }
    k++;
  }
  throw new ScanError('unterminated string');
}

/** The offset just past the `}` closing an interpolation whose body starts at `i`. */
function templateEnd(s: string, i: number): number {
  let depth = 1;
  let k = i;
  while (k < s.length) {
    const c = s[k]!;
    if (c === '"') {
      k = stringEnd(s, k).end;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k + 1;
    k++;
  }
  throw new ScanError('unterminated interpolation');
}

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\n') {
      out.push({ kind: 'newline', start: i, end: i + 1, text: c });
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && s[i + 1] === '/')) {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && s[i + 1] === '*') {
      const close = s.indexOf('*/', i + 2);
      if (close < 0) throw new ScanError('unterminated comment');
      // A block comment spanning lines ends the line as a newline would not: HCL treats it as whitespace.
      i = close + 2;
      continue;
    }
    if (c === '"') {
      const { end, plain } = stringEnd(s, i);
      out.push({ kind: 'string', start: i, end, text: s.slice(i, end), plain });
      i = end;
      continue;
    }
    if (c === '<' && s[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(s.slice(i, i + 256));
      if (m) {
        const marker = m[1]!;
        let k = i + m[0].length;
        for (;;) {
          const nl = s.indexOf('\n', k);
          const line = s.slice(k, nl < 0 ? s.length : nl).replace(/\r$/, '');
          if (line.trim() === marker) {
            k = nl < 0 ? s.length : nl;
            break;
          }
          if (nl < 0) throw new ScanError('unterminated heredoc');
          k = nl + 1;
        }
        out.push({ kind: 'heredoc', start: i, end: k, text: s.slice(i, k) });
        i = k;
        continue;
      }
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(s.slice(i, i + 256));
    if (id) {
      out.push({ kind: 'ident', start: i, end: i + id[0].length, text: id[0] });
      i += id[0].length;
      continue;
    }
    if ('{}[]()=,:'.includes(c)) {
      out.push({ kind: 'punct', start: i, end: i + 1, text: c });
      i++;
      continue;
    }
    out.push({ kind: 'other', start: i, end: i + 1, text: c });
    i++;
  }
  return out;
}

function unquote(tok: Tok): string | null {
  return tok.kind === 'string' && tok.plain ? tok.text.slice(1, -1) : null;
}

function scanHcl(s: string): BlockAt[] {
  const toks = tokenize(s);
  const blocks: BlockAt[] = [];
  let i = 0;
  const skipNewlines = () => {
    while (toks[i]?.kind === 'newline') i++;
  };
  /** Skip a balanced expression or block from toks[i] up to the end of the line (depth 0). */
  const skipValue = (): number => {
    let depth = 0;
    let last = i;
    while (i < toks.length) {
      const t = toks[i]!;
      if (t.kind === 'newline' && depth === 0) break;
      if (t.kind === 'punct' && (t.text === '{' || t.text === '[' || t.text === '(')) depth++;
      if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) {
        if (depth === 0) break;
        depth--;
      }
      last = i;
      i++;
    }
    return last;
  };
  while (i < toks.length) {
    skipNewlines();
    const head = toks[i];
    if (!head) break;
    if (head.kind !== 'ident') {
      i++;
      continue;
    }
    i++;
    if (toks[i]?.kind === 'punct' && toks[i]!.text === '=') {
      // A global attribute.
      i++;
      skipValue();
      continue;
    }
    const labels: Tok[] = [];
    while (toks[i] && (toks[i]!.kind === 'string' || toks[i]!.kind === 'ident')) labels.push(toks[i++]!);
    if (!(toks[i]?.kind === 'punct' && toks[i]!.text === '{')) continue;
    i++;
    const block: BlockAt | null = labels.length === 1 ? { type: head.text, label: unquote(labels[0]!) ?? labels[0]!.text, labelSpan: { start: labels[0]!.start, end: labels[0]!.end }, attributes: [] } : null;
    // The body: attributes and nested blocks, up to the closing brace.
    for (;;) {
      skipNewlines();
      const t = toks[i];
      if (!t) throw new ScanError('unterminated block');
      if (t.kind === 'punct' && t.text === '}') {
        i++;
        break;
      }
      if (t.kind === 'ident' && toks[i + 1]?.kind === 'punct' && toks[i + 1]!.text === '=') {
        i += 2;
        const first = i;
        const last = skipValue();
        const vStart = toks[first]!;
        const vEnd = toks[last]!;
        const value: ValueAt = { start: vStart.start, end: vEnd.end, literal: first === last ? unquote(vStart) : null };
        let items: ValueAt[] | undefined;
        if (vStart.kind === 'punct' && vStart.text === '[' && vEnd.text === ']') {
          items = [];
          for (let k = first + 1; k < last; k++) {
            const it = toks[k]!;
            if (it.kind === 'newline' || (it.kind === 'punct' && it.text === ',')) continue;
            if (it.kind === 'string') items.push({ start: it.start, end: it.end, literal: unquote(it) });
            else {
              items = undefined;
              break;
            }
          }
        }
        const lineStart = s.lastIndexOf('\n', t.start) + 1;
        const nl = s.indexOf('\n', vEnd.end);
        const after = s.slice(vEnd.end, nl < 0 ? s.length : nl).trim();
        block?.attributes.push({
          name: t.text,
          nameSpan: { start: t.start, end: t.end },
          value,
          ...(items ? { items } : {}),
          lineEnd: nl < 0 ? s.length : nl + 1,
          indent: /^[ \t]*/.exec(s.slice(lineStart))![0],
          ownLine: s.slice(lineStart, t.start).trim() === '' && (after === '' || after.startsWith('#') || after.startsWith('//')),
        });
        continue;
      }
      // A nested block (or anything else): skip it whole; a stray closing bracket is skipped alone.
      const before = i;
      skipValue();
      if (i === before) i++;
    }
    if (block) blocks.push(block);
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// JSON

type JNode =
  | { type: 'object'; start: number; end: number; entries: { key: string; keySpan: Span; value: JNode }[] }
  | { type: 'array'; start: number; end: number; items: JNode[] }
  | { type: 'string'; start: number; end: number; value: string; plain: boolean }
  | { type: 'other'; start: number; end: number };

function parseJson(s: string): JNode {
  let i = 0;
  const ws = () => {
    while (i < s.length && /[\s\uFEFF]/.test(s[i]!)) i++;
  };
  const value = (): JNode => {
    ws();
    const start = i;
    const c = s[i];
    if (c === '{') {
      i++;
      const entries: { key: string; keySpan: Span; value: JNode }[] = [];
      ws();
      if (s[i] === '}') {
        i++;
        return { type: 'object', start, end: i, entries };
      }
      for (;;) {
        ws();
        const k = value();
        if (k.type !== 'string') throw new ScanError('object key');
        ws();
        if (s[i++] !== ':') throw new ScanError('colon');
        const v = value();
        entries.push({ key: k.value, keySpan: { start: k.start, end: k.end }, value: v });
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === '}') {
          i++;
          return { type: 'object', start, end: i, entries };
        }
        throw new ScanError('object');
      }
    }
    if (c === '[') {
      i++;
      const items: JNode[] = [];
      ws();
      if (s[i] === ']') {
        i++;
        return { type: 'array', start, end: i, items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ']') {
          i++;
          return { type: 'array', start, end: i, items };
        }
        throw new ScanError('array');
      }
    }
    if (c === '"') {
      let k = i + 1;
      while (k < s.length && s[k] !== '"') k += s[k] === '\\' ? 2 : 1;
      if (k >= s.length) throw new ScanError('string');
      const raw = s.slice(i, k + 1);
      i = k + 1;
      const v = JSON.parse(raw) as string;
      // Plain: no escape, and no template (JSON Bake strings are HCL templates too).
      return { type: 'string', start, end: i, value: v, plain: !raw.includes('\\') && !/[$%]\{/.test(v) };
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 64));
    if (!m) throw new ScanError('value');
    i += m[0].length;
    return { type: 'other', start, end: i };
  };
  const root = value();
  return root;
}

function scanJson(s: string): BlockAt[] {
  const root = parseJson(s);
  if (root.type !== 'object') return [];
  const blocks: BlockAt[] = [];
  for (const section of root.entries) {
    if (section.value.type !== 'object') continue;
    for (const entry of section.value.entries) {
      const bodies = entry.value.type === 'array' ? entry.value.items : [entry.value];
      for (const body of bodies) {
        if (body.type !== 'object') continue;
        const block: BlockAt = { type: section.key, label: entry.key, labelSpan: entry.keySpan, attributes: [] };
        for (const a of body.entries) {
          const v = a.value;
          const items = v.type === 'array' && v.items.every((x) => x.type === 'string') ? v.items.map((x) => ({ start: x.start, end: x.end, literal: x.type === 'string' && x.plain ? x.value : null })) : undefined;
          const lineStart = s.lastIndexOf('\n', a.keySpan.start) + 1;
          const nl = s.indexOf('\n', v.end);
          block.attributes.push({
            name: a.key,
            nameSpan: a.keySpan,
            value: { start: v.start, end: v.end, literal: v.type === 'string' && v.plain ? v.value : null },
            ...(items ? { items } : {}),
            lineEnd: nl < 0 ? s.length : nl + 1,
            indent: /^[ \t]*/.exec(s.slice(lineStart))![0],
            // A JSON member is added after the value, on a line of its own: always possible.
            ownLine: true,
          });
        }
        blocks.push(block);
      }
    }
  }
  return blocks;
}
