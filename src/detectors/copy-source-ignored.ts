import { cleanSource } from '../analysis/context-sources.js';
import { copyAnalysis } from '../analysis/copies.js';
import { describeContext, sourceFindings, unbuiltStage } from '../analysis/copy-findings.js';
import { ignoreOf } from '../analysis/models.js';
import type { Detector } from '../rules/types.js';
import { eolOf } from '../text.js';
import type { IgnoreLinesData } from '../../transforms/ignore-lines.js';

/**
 * The source exists but the ignore file in force excludes it, so it is not sent and the build
 * fails as if it were missing. BuildKit's `CopyIgnoredFile` check says so only with `--check`,
 * and skips the check entirely when the ignore file has any `!` line; dockmend always checks.
 */
export const copySourceIgnored: Detector<Record<string, never>, IgnoreLinesData> = {
  meta: {
    id: 'copy-source-ignored',
    summary: 'A COPY/ADD source exists but the .dockerignore in force excludes it.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/copy-source-ignored.md',
    defaultOptions: {},
  },
  detect(project) {
    // Every re-include one ignore file needs, in one block: each finding's fix adds them all,
    // so the file is repaired in one pass instead of one pass per source (appends at the same
    // offset would otherwise wait for each other).
    const needed = new Map<string, { patterns: string[]; users: string[] }>();
    for (const check of copyAnalysis(project)) {
      const file = check.context.ignoreFile;
      if (!file) continue;
      for (const sc of check.checks) {
        if (sc.result.status !== 'ignored') continue;
        const entry = needed.get(file) ?? { patterns: [], users: [] };
        const line = `!${cleanSource(sc.source.value ?? '') ?? ''}`;
        if (!entry.patterns.includes(line)) entry.patterns.push(line);
        const user = `${check.dockerfile} line ${sc.copy.line}`;
        if (!entry.users.includes(user)) entry.users.push(user);
        needed.set(file, entry);
      }
    }
    return sourceFindings<IgnoreLinesData>(project, 'copy-source-ignored', 'error', 'ignored', (check, sc) => {
      const ignoreFile = check.context.ignoreFile;
      const text = ignoreFile ? project.sources.read(ignoreFile).text : null;
      const ignore = ignoreFile ? ignoreOf(project, ignoreFile) : null;
      if (!ignoreFile || text === null || !ignore || sc.result.status !== 'ignored') return null;
      const block = needed.get(ignoreFile)!;
      // The pattern that decides the (first) excluded match, for the message.
      const k = ignore.matcher.decidingPattern(sc.result.matches[0]);
      const pattern = k >= 0 ? ignore.file.patterns[k] : undefined;
      const by = pattern && !pattern.negate ? ` (pattern '${pattern.raw.trim()}' on line ${pattern.line})` : '';
      const unbuilt = unbuiltStage(check, sc);
      return {
        ...(unbuilt ? { severity: 'info' as const } : {}),
        message: `Source '${sc.source.raw}' exists but ${ignoreFile} excludes it${by}, so it is not sent to the build ${describeContext(check)} and the COPY fails as if it were missing${unbuilt ? `; but ${unbuilt}` : ''}.`,
        data: {
          ignoreFile,
          append: { at: text.length, eol: eolOf(text), endsWithNewline: text.length === 0 || text.endsWith('\n') },
          groups: [{ comment: `Needed by ${block.users.join(', ')}; re-included by dockmend`, patterns: block.patterns }],
        },
      };
    });
  },
};
