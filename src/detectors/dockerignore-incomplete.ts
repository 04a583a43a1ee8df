import { buildsReading, safeAdditions } from '../analysis/ignore-additions.js';
import { fileLines, ignoreFilesInUse } from '../analysis/ignore-usage.js';
import { ignoreOf } from '../analysis/models.js';
import { goMatch } from '../dockerfile/wildcard.js';
import { contextTransferScope } from '../analysis/transferred.js';
import { countClutter, describeCount, type ClutterCount } from '../ignore/clutter.js';
import { basenameOf, displayPath, relativePath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import { LineIndex, eolOf } from '../text.js';
import type { Finding } from '../types.js';
import type { IgnoreLinesData } from '../../transforms/ignore-lines.js';
import { groupLines } from './dockerignore-missing.js';
import { rootOnlyCandidates } from './dockerignore-root-only-pattern.js';

/** An ignore file exists, but the context still sends caches, dependencies, VCS data or secrets. */
export const dockerignoreIncomplete: Detector<Record<string, never>, IgnoreLinesData> = {
  meta: {
    id: 'dockerignore-incomplete',
    summary: 'A .dockerignore in force leaves caches, dependency, VCS or secret files in the build context.',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/dockerignore-incomplete.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<IgnoreLinesData>[] = [];
    for (const [ignoreFile, contexts] of ignoreFilesInUse(project)) {
      const ignore = ignoreOf(project, ignoreFile);
      const text = project.sources.read(ignoreFile).text;
      if (!ignore || text === null) continue;
      const existing = fileLines(text);
      // Names an unanchored pattern would cover if it had `**/`: the root-only rule rewrites those.
      const rootOnly = rootOnlyCandidates(ignore.file.patterns).map((p) => p.pattern);
      const clutter: ClutterCount[] = [];
      for (const context of contexts) {
        // What the ignore file lets through and the builds transfer (BuildKit sends only the
        // COPY/ADD sources: src/analysis/transferred.ts).
        const scope = contextTransferScope(project, context.dir, ignoreFile);
        const sent = countClutter(project.tree, context.dir, (path) => {
          const rel = relativePath(context.dir, path);
          return !ignore.matcher.excludes(rel) && (scope === null || scope.reachesInto(rel));
        });
        for (const c of sent) {
          if (!c.kind.reportable) continue;
          if (c.paths.some((p) => rootOnly.some((pattern) => safeMatch(pattern, basenameOf(p))))) continue;
          const known = clutter.find((x) => x.kind === c.kind);
          if (known) {
            known.count += c.count;
            known.paths.push(...c.paths);
          } else clutter.push({ ...c, paths: [...c.paths] });
        }
      }
      const candidates = clutter.flatMap((c) => c.kind.patterns).filter((p) => !existing.some((l) => l.trim() === p));
      if (candidates.length === 0) continue;
      const builds = contexts.flatMap((c) => buildsReading(project, c.dir, ignoreFile));
      const additions = safeAdditions(project, builds, existing, candidates);
      if (!additions.kept.some((l) => !l.startsWith('!'))) continue;
      const index = new LineIndex(text);
      findings.push({
        rule: 'dockerignore-incomplete',
        severity: 'warning',
        location: { file: ignoreFile, start: index.lineStart(1), end: index.lineEnd(1) },
        context: contexts.map((c) => displayPath(c.dir)).join(', '),
        message: `${ignoreFile} still lets the build context send ${clutter.map(describeCount).join(', ')}.`,
        data: {
          ignoreFile,
          append: { at: text.length, eol: eolOf(text), endsWithNewline: text.length === 0 || text.endsWith('\n') },
          groups: groupLines(clutter, additions.kept),
        },
      });
    }
    return findings;
  },
};

function safeMatch(pattern: string, name: string): boolean {
  try {
    return goMatch(pattern, name);
  } catch {
    return false;
  }
}
