import type { ComposeFile } from '../compose/model.js';
import { dirnameOf, isWithin } from '../project/paths.js';
import { requiredFormat, v3Minor } from '../compose/format-history.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import { LineIndex, eolOf } from '../text.js';

export interface ComposeVersionOptions {
  /**
   * `auto`: follow the repository's convention — add a version to files lacking one only when
   * some compose file declares one; `add`: always add; `remove`: delete it (Compose v2 ignores it);
   * `infer`: add the lowest 3.x format that supports every key the file uses
   * (src/compose/format-history.ts). Except with `remove`, a 3.x version lower than the file's
   * keys need is reported, and `auto` inserts at least that version.
   */
  policy: 'auto' | 'add' | 'remove' | 'infer';
  /** Value inserted by `add`; by default the siblings' most used value, else "3.8". */
  version?: string;
}

export type ComposeVersionData =
  | { action: 'insert'; file: string; offset: number; indent: string; valueSource: string; eol: string }
  | { action: 'remove'; file: string; start: number; end: number; keep: string };

/** Supported by every Compose v3 engine still in use and by docker-compose v1.27+. */
const DEFAULT_VERSION = '3.8';

/** compose-go's warning, word for word (loader/loader.go). */
export const VERSION_OBSOLETE = 'the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion';

export const composeVersion: Detector<ComposeVersionOptions, ComposeVersionData> = {
  meta: {
    id: 'compose-version',
    summary: 'Compose files agree on the top-level `version` key (added or removed by policy).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/compose-version.md',
    defaultOptions: { policy: 'auto' },
    // The compose files and their texts: found by name or content (compose), or named by a
    // command line's `-f` (scripts).
    reads: ['compose', 'scripts'],
  },
  detect(project, options) {
    const files = project.composeFiles.filter((f) => f.root !== null && f.errors.length === 0);
    const findings: Finding<ComposeVersionData>[] = [];
    if (options.policy === 'remove') {
      for (const f of files) {
        const removal = f.version && removalOf(f);
        if (!f.version || !removal) continue;
        findings.push({
          rule: 'compose-version',
          severity: 'warning',
          location: { file: f.path, start: f.version.key.start, end: f.version.value?.end ?? f.version.key.end },
          message: `${f.path}: ${VERSION_OBSOLETE}`,
          data: removal,
        });
      }
      return findings;
    }

    const declared = files.filter((f) => f.version?.value);
    if (options.policy === 'auto' && declared.length === 0) return findings;

    for (const f of files) {
      if (f.version) continue;
      // `auto` follows the convention of the files this one lives with: those in its own
      // folder or a folder above it (`docker/compose.test.yml` under a root `docker-compose.yml`
      // that declares a version). Unrelated samples elsewhere in a repository set no convention.
      const related = options.policy === 'auto' ? declared.filter((d) => isWithin(dirnameOf(d.path), f.path)) : declared;
      if (options.policy === 'auto' && related.length === 0) continue;
      const sibling = mostCommonVersion(related);
      const valueSource =
        options.policy === 'add' && options.version !== undefined ? JSON.stringify(options.version) : (sibling?.source ?? JSON.stringify(DEFAULT_VERSION));
      const insert = insertionOf(f);
      if (!insert) continue;
      const needed = requiredFormat(f);
      let why = sibling ? `other compose files here declare version ${sibling.value}` : 'the compose-version policy is "add"';
      let source = valueSource;
      const chosen = v3Minor(unquote(valueSource));
      if (options.policy === 'infer') {
        why = `the lowest 3.x format supporting its keys is ${needed.version}${needed.because.length ? ` (${needed.because.join(', ')})` : ''}`;
        source = quoteLike(sibling?.source, needed.version);
      } else if (options.policy === 'auto' && chosen !== null && chosen < needed.minor) {
        why += `, but its keys need ${needed.version} (${needed.because.join(', ')})`;
        source = quoteLike(sibling?.source, needed.version);
      }
      findings.push({
        rule: 'compose-version',
        severity: 'warning',
        location: { file: f.path, start: insert.keyStart, end: insert.keyEnd },
        message: `Compose file has no top-level \`version\` key (${why}); docker-compose v1 reads such a file as the legacy v1 format.`,
        data: { action: 'insert', file: f.path, offset: insert.offset, indent: insert.indent, valueSource: source, eol: eolOf(f.text) },
      });
    }
    // A declared 3.x version lower than the keys need: docker-compose v1 rejects the file
    // ("Unsupported config option" / "Additional properties are not allowed").
    for (const f of files) {
      const v = f.version?.value;
      const minor = v ? v3Minor(v.value) : null;
      if (!v || minor === null) continue;
      const needed = requiredFormat(f);
      if (minor >= needed.minor) continue;
      findings.push({
        rule: 'compose-version',
        severity: 'warning',
        location: { file: f.path, start: v.start, end: v.end },
        message: `version ${v.value} is lower than the keys of this file need: ${needed.because.join(', ')} ${needed.because.length === 1 ? 'needs' : 'need'} ${needed.version} (Compose file format history); docker-compose v1 rejects them under ${v.value}. Set version to ${needed.version} or higher.`,
      });
    }
    return findings;
  },
};

/** A version value written with the quotes of `like` (`'3.8'` → `'3.4'`), double quotes by default. */
function quoteLike(like: string | undefined, value: string): string {
  if (like?.startsWith("'")) return `'${value}'`;
  if (like !== undefined && !/^["']/.test(like)) return value;
  return JSON.stringify(value);
}

function unquote(source: string): string {
  return source.replace(/^(["'])(.*)\1$/, '$2');
}

/** The value most files use; ties go to the first file in path order. */
function mostCommonVersion(files: ComposeFile[]): { value: string; source: string } | undefined {
  const counts = new Map<string, { n: number; source: string }>();
  for (const f of files) {
    const v = f.version!.value!;
    const c = counts.get(v.value);
    if (c) c.n++;
    else counts.set(v.value, { n: 1, source: v.source });
  }
  let best: { value: string; source: string; n: number } | undefined;
  for (const [value, c] of counts) if (!best || c.n > best.n) best = { value, source: c.source, n: c.n };
  return best;
}

/** Insert before the first top-level key's line, i.e. after leading comments and blank lines. */
function insertionOf(f: ComposeFile): { offset: number; indent: string; keyStart: number; keyEnd: number } | null {
  const first = f.root?.items[0];
  const range = (first?.key as { range?: [number, number, number] } | null)?.range;
  if (!range || f.root?.flow) return null;
  const index = new LineIndex(f.text);
  const { line } = index.position(range[0]);
  const offset = index.lineStart(line);
  const indent = f.text.slice(offset, range[0]);
  if (!/^[ \t]*$/.test(indent)) return null;
  return { offset, indent, keyStart: range[0], keyEnd: range[1] };
}

/** Delete the whole `version:` line(s); a trailing comment on it stays, on its own line. */
function removalOf(f: ComposeFile): ComposeVersionData | null {
  const v = f.version!;
  if (f.root?.flow) return null;
  const index = new LineIndex(f.text);
  const keyLine = index.position(v.key.start).line;
  const start = index.lineStart(keyLine);
  if (!/^[ \t]*$/.test(f.text.slice(start, v.key.start))) return null;
  const valueEnd = v.value?.end ?? v.key.end;
  const lastLine = index.position(valueEnd).line;
  const rest = f.text.slice(valueEnd, index.lineEnd(lastLine));
  const comment = /^\s*(#.*)$/.exec(rest);
  if (rest.trim() !== '' && !comment) return null;
  const keep = comment ? `${f.text.slice(start, v.key.start)}${comment[1]}${eolOf(f.text)}` : '';
  return { action: 'remove', file: f.path, start, end: index.lineEndWithTerminator(lastLine), keep };
}
