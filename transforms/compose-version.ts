// Inserts or deletes the top-level `version:` line of a compose file by splicing text at the
// offsets the detector found — the document is never re-serialised.
import type { ComposeVersionData } from '../src/detectors/compose-version.js';
import type { Finding, Fix } from '../src/types.js';

export function composeVersionFix(finding: Finding<ComposeVersionData>): Fix[] {
  const d = finding.data;
  if (!d) return [];
  if (d.action === 'insert') {
    return [
      {
        title: `Add version: ${d.valueSource}`,
        applicability: 'safe',
        changes: [{ kind: 'edit', file: d.file, start: d.offset, end: d.offset, text: `${d.indent}version: ${d.valueSource}${d.eol}` }],
      },
    ];
  }
  return [{ title: 'Remove the obsolete `version` key', applicability: 'safe', changes: [{ kind: 'edit', file: d.file, start: d.start, end: d.end, text: d.keep }] }];
}
