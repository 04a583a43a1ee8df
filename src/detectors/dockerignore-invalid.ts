import { ignoreOf } from '../analysis/models.js';
import type { Detector } from '../rules/types.js';
import { eolOf } from '../text.js';
import type { Finding } from '../types.js';
import type { IgnoreLineRewriteData } from '../../transforms/ignore-line-rewrite.js';

/**
 * Lines Docker rejects (a lone `!`, a malformed pattern: the build fails with
 * `error from sender: … syntax error in pattern`) or reads differently than written: a `#`
 * after a pattern is not a comment in .dockerignore (moby/patternmatcher/ignorefile only
 * treats a `#` in the first column as one), so `*.log  # logs` matches nothing.
 */
export const dockerignoreInvalid: Detector<Record<string, never>, IgnoreLineRewriteData> = {
  meta: {
    id: 'dockerignore-invalid',
    summary: 'A .dockerignore line Docker rejects or reads differently than written.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/dockerignore-invalid.md',
    defaultOptions: {},
    // The .dockerignore files found by name, and their texts.
    reads: ['ignore'],
  },
  detect(project) {
    const findings: Finding<IgnoreLineRewriteData>[] = [];
    for (const ignoreFile of project.ignoreFiles) {
      const ignore = ignoreOf(project, ignoreFile);
      const text = project.sources.read(ignoreFile).text;
      if (!ignore || text === null) continue;
      for (const e of ignore.file.errors) {
        findings.push({
          rule: 'dockerignore-invalid',
          severity: 'error',
          location: { file: ignoreFile, start: e.start, end: e.end },
          message: `Docker rejects this line: ${e.message}.`,
          data: { ignoreFile, start: e.start, end: e.end, text: null },
        });
      }
      for (const p of ignore.file.patterns) {
        const m = /^(\s*)(.*?\S)\s+(#.*)$/.exec(p.raw);
        if (!m) continue;
        findings.push({
          rule: 'dockerignore-invalid',
          severity: 'error',
          location: { file: ignoreFile, start: p.start, end: p.end },
          message: `'${m[3]}' is part of the pattern, not a comment: Docker only treats '#' as a comment in the first column, so this line matches nothing named '${m[2]}'.`,
          data: { ignoreFile, start: p.start, end: p.end, text: `${m[1]}${m[3]}${eolOf(text)}${m[1]}${m[2]}` },
        });
      }
    }
    return findings;
  },
};
