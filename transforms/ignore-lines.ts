// Adds lines to a .dockerignore: creates the file, or appends to it. Appending never reorders
// or rewrites the user's lines; it keeps the file's line endings and adds a missing final
// newline before the new block. Serves every .dockerignore rule.
import type { Fix } from '../src/types.js';
import type { Finding } from '../src/types.js';

export interface IgnoreLinesData {
  /** Root-relative path of the ignore file. */
  ignoreFile: string;
  /** null: create the file. Otherwise the file's current length, its EOL and whether it ends with one. */
  append: { at: number; eol: string; endsWithNewline: boolean } | null;
  /** Optional first comment of a created file. */
  header?: string;
  groups: { comment: string; patterns: string[] }[];
}

export function ignoreLinesFix(finding: Finding<IgnoreLinesData>): Fix[] {
  const data = finding.data;
  if (!data || data.groups.every((g) => g.patterns.length === 0)) return [];
  const eol = data.append?.eol ?? '\n';
  const blocks = data.groups
    .filter((g) => g.patterns.length > 0)
    .map((g) => [`# ${g.comment}`, ...g.patterns].join(eol) + eol);
  const count = data.groups.reduce((n, g) => n + g.patterns.length, 0);
  const what = count === 1 ? data.groups.find((g) => g.patterns.length)!.patterns[0] : `${count} patterns`;
  if (data.append === null) {
    const text = (data.header ? `# ${data.header}${eol}${eol}` : '') + blocks.join(eol);
    return [{ title: `Create ${data.ignoreFile} excluding ${what}`, applicability: 'safe', changes: [{ kind: 'create', file: data.ignoreFile, text }] }];
  }
  const lead = data.append.endsWithNewline ? (data.append.at > 0 ? eol : '') : eol + eol;
  return [
    {
      title: `Add ${what} to ${data.ignoreFile}`,
      applicability: 'safe',
      changes: [{ kind: 'edit', file: data.ignoreFile, start: data.append.at, end: data.append.at, text: lead + blocks.join(eol) }],
    },
  ];
}
