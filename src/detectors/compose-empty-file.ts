import { emptyComposeFiles } from '../compose/empty-files.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/**
 * A compose file that holds only comments and that nothing loads on its own: a template to fill
 * in (or to copy), not a broken file. `info`: `docker compose -f <file>` would stop with "empty
 * compose file", but no command line, `include:` or default name in use runs it alone. When one
 * does, `parse-error` reports it as an error instead; an empty file merged with files that have
 * content is skipped by Compose and reported by neither (src/compose/empty-files.ts).
 */
export const composeEmptyFile: Detector<Record<string, never>> = {
  meta: {
    id: 'compose-empty-file',
    summary: 'A compose file holds only comments: a template nothing runs on its own.',
    severity: 'info',
    fix: 'none',
    docs: 'docs/rules/compose-empty-file.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const e of emptyComposeFiles(project)) {
      if (e.use !== 'alone' || !e.commentsOnly) continue;
      findings.push({
        rule: 'compose-empty-file',
        severity: 'info',
        location: { file: e.file.path, start: 0, end: 0 },
        message: 'the compose file holds only comments (a template to fill in): run on its own, Compose would stop with "empty compose file"; no command line or include uses it.',
      });
    }
    return findings;
  },
};
