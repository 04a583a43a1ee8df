// Inline suppressions, in every file kind dockmend reads (Dockerfiles, ignore files, compose
// and other YAML files):
//
//   # dockmend-ignore <rule-id>[,<rule-id>…] [-- reason]      the next instruction / key
//   # dockmend-ignore-file <rule-id>[,<rule-id>…] [-- reason] the whole file
//
// A `dockmend-ignore` comment covers the next line that is neither blank nor a comment, and
// what belongs to it: a Dockerfile instruction's continuation lines, a YAML key's nested block.
// Comments in between (stacked directives) are part of the span, as is the directive itself.
import { isDockerfileName, isIgnoreFileName } from './project/discover.js';
import { basenameOf } from './project/paths.js';
import { LineIndex } from './text.js';
import type { ResolvedFinding } from './types.js';

export interface Directive {
  file: string;
  scope: 'next' | 'file';
  /** Rule ids as written. */
  rules: string[];
  reason?: string;
  /** 1-based line of the comment, and the lines it covers (inclusive). */
  line: number;
  from: number;
  to: number;
  /** Offsets of the comment text (for findings about the directive itself). */
  start: number;
  end: number;
  /** Rule ids that suppressed at least one finding. */
  used: Set<string>;
}

export type FileKind = 'dockerfile' | 'ignore' | 'yaml' | 'other';

export function fileKind(path: string): FileKind {
  const name = basenameOf(path);
  if (isIgnoreFileName(name)) return 'ignore';
  if (isDockerfileName(name)) return 'dockerfile';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return 'other';
}

const DIRECTIVE = /^#\s*dockmend-ignore(-file)?(?=\s|$)(.*)$/;

/** Every directive in a file's text. */
export function parseDirectives(file: string, text: string, kind: FileKind = fileKind(file)): Directive[] {
  const index = new LineIndex(text);
  const lines: string[] = [];
  for (let l = 1; l <= index.lineCount; l++) lines.push(text.slice(index.lineStart(l), index.lineEnd(l)));
  // .dockerignore: a comment only when `#` is the very first character (moby ignorefile reader).
  const commentOf = (s: string) => (kind === 'ignore' ? (s.startsWith('#') ? s : null) : /^\s*#/.test(s) ? s.trimStart() : null);
  const escape = kind === 'dockerfile' ? escapeCharOf(lines) : '\\';
  const indentOf = (s: string) => /^[ \t]*/.exec(s)![0].length;
  const blankOrComment = (s: string) => s.trim() === '' || commentOf(s) !== null;

  const out: Directive[] = [];
  for (let i = 0; i < lines.length; i++) {
    const comment = commentOf(lines[i]);
    const m = comment === null ? null : DIRECTIVE.exec(comment.trimEnd());
    if (!m) continue;
    const [idsPart, ...reasonParts] = m[2].split(/\s--(?:\s|$)/);
    const reason = reasonParts.join(' -- ').trim();
    const rules = idsPart
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const start = index.lineStart(i + 1) + lines[i].indexOf('#');
    const d: Directive = {
      file,
      scope: m[1] ? 'file' : 'next',
      rules,
      ...(reason ? { reason } : {}),
      line: i + 1,
      from: i + 1,
      to: i + 1,
      start,
      end: index.lineEnd(i + 1),
      used: new Set(),
    };
    if (d.scope === 'file') {
      d.from = 1;
      d.to = lines.length;
    } else {
      let t = i + 1;
      while (t < lines.length && blankOrComment(lines[t])) t++;
      if (t < lines.length) {
        let end = t;
        if (kind === 'dockerfile') {
          // Continuation lines; comment and blank lines inside an instruction are skipped by Docker.
          let k = t;
          while (k < lines.length) {
            if (!blankOrComment(lines[k])) {
              end = k;
              if (!lines[k].trimEnd().endsWith(escape)) break;
            }
            k++;
          }
        } else if (kind === 'yaml') {
          // Deeper-indented lines belong to the key (or to the `- ` item).
          const indent = indentOf(lines[t]);
          for (let k = t + 1; k < lines.length; k++) {
            if (blankOrComment(lines[k])) continue;
            if (indentOf(lines[k]) > indent) end = k;
            else break;
          }
        }
        d.to = end + 1;
      }
    }
    out.push(d);
  }
  return out;
}

/** The Dockerfile `# escape=` parser directive, if any (must precede everything else). */
function escapeCharOf(lines: string[]): string {
  for (const line of lines) {
    const m = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line.trim());
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }
  return '\\';
}

/**
 * Matches findings against the directives of the files they are in. Texts are read through
 * `read` each time, so findings of later fix passes (against edited texts) match too.
 */
export class Suppressions {
  private readonly cache = new Map<string, { text: string; directives: Directive[] }>();
  /** Directives of the first text seen of each file: the ones reported as unused. */
  private readonly firstSeen = new Map<string, Directive[]>();

  constructor(private readonly read: (file: string) => string | null) {}

  directives(file: string): Directive[] {
    const text = this.read(file);
    if (text === null) return [];
    const cached = this.cache.get(file);
    if (cached && cached.text === text) return cached.directives;
    const directives = parseDirectives(file, text);
    if (cached && !this.firstSeen.has(file)) this.firstSeen.set(file, cached.directives);
    this.cache.set(file, { text, directives });
    return directives;
  }

  /** The directive that suppresses the finding, or null. Marks it used. */
  match(f: ResolvedFinding): Directive | null {
    for (const d of this.directives(f.location.file)) {
      if (!d.rules.includes(f.rule)) continue;
      if (f.line < d.from || f.line > d.to) continue;
      d.used.add(f.rule);
      return d;
    }
    return null;
  }

  /** Directives of a file as first read (the original text, before any planned fix). */
  original(file: string): Directive[] {
    return this.firstSeen.get(file) ?? this.directives(file);
  }
}

export const UNUSED_SUPPRESSION = 'unused-suppression';

/**
 * Findings of the pseudo-rule `unused-suppression` for every rule id of a directive that
 * suppressed nothing. Ids of rules that did not run are not judged; unknown ids are reported.
 */
export function unusedSuppressions(
  suppressions: Suppressions,
  files: Iterable<string>,
  read: (file: string) => string | null,
  known: readonly string[],
  ran: readonly string[],
): ResolvedFinding[] {
  const out: ResolvedFinding[] = [];
  for (const file of files) {
    const text = read(file);
    if (text === null) continue;
    const index = new LineIndex(text);
    for (const d of suppressions.original(file)) {
      const problems: string[] = [];
      if (d.rules.length === 0) problems.push(`\`dockmend-ignore${d.scope === 'file' ? '-file' : ''}\` names no rule`);
      for (const id of d.rules) {
        if (!known.includes(id)) problems.push(`unknown rule '${id}' in a suppression`);
        else if (ran.includes(id) && !d.used.has(id)) {
          problems.push(d.scope === 'file' ? `suppression of '${id}' matches nothing in this file` : `suppression of '${id}' matches nothing on the next instruction or key`);
        }
      }
      for (const message of problems) {
        const s = index.position(d.start);
        const e = index.position(d.end);
        out.push({
          rule: UNUSED_SUPPRESSION,
          severity: 'warning',
          location: { file, start: d.start, end: d.end },
          message,
          line: s.line,
          column: s.column,
          endLine: e.line,
          endColumn: e.column,
          fixes: [],
        });
      }
    }
  }
  return out;
}
