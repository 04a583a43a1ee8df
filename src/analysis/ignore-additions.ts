// A line is added to an ignore file only when no COPY/ADD of any Dockerfile that reads that
// file would lose a source because of it — checked with the same resolution that
// copy-source-ignored uses, on the file as it would be after the change.
import { IgnoreMatcher } from '../ignore/matcher.js';
import type { Project } from '../project/project.js';
import { resolveSource, type ContextView } from './context-sources.js';
import { copyAnalysis, type DockerfileCheck } from './copies.js';

/** The builds that read `ignoreFile` (or, for null, the builds of `contextDir` that read none). */
export function buildsReading(project: Project, contextDir: string, ignoreFile: string | null): DockerfileCheck[] {
  return copyAnalysis(project).filter((c) => c.context.dir === contextDir && c.context.ignoreFile === ignoreFile);
}

export interface Additions {
  kept: string[];
  /** Lines left out, with the source that needs what they would exclude. */
  dropped: { line: string; dockerfile: string; source: string }[];
}

/**
 * The first needed source the ignore file `lines` would exclude, with the index of the line
 * that decides it — only lines at or after `from` are blamed (the user's own lines are theirs).
 * Sources that are already not sent are not counted.
 */
export function firstNeeded(project: Project, builds: readonly DockerfileCheck[], lines: readonly string[], from: number): { line: number; dockerfile: string; source: string } | null {
  const matcher = new IgnoreMatcher([...lines]);
  for (const build of builds) {
    const view: ContextView = { ...build.view, ignore: matcher };
    for (const sc of build.checks) {
      if (sc.result.status !== 'ok' || sc.source.value === null) continue;
      const after = resolveSource(project.tree, view, sc.source.value);
      if (after.status !== 'ignored') continue;
      for (const m of after.matches) {
        const k = matcher.decidingPattern(m);
        if (k >= from) return { line: k, dockerfile: build.dockerfile, source: sc.source.raw };
      }
    }
  }
  return null;
}

/** Keep the candidate lines that exclude nothing a build needs. `existing` are the file's current lines. */
export function safeAdditions(project: Project, builds: readonly DockerfileCheck[], existing: readonly string[], candidates: readonly string[]): Additions {
  const result: Additions = { kept: [...candidates], dropped: [] };
  for (;;) {
    const needed = firstNeeded(project, builds, [...existing, ...result.kept], existing.length);
    if (!needed) return result;
    const [line] = result.kept.splice(needed.line - existing.length, 1);
    result.dropped.push({ line, dockerfile: needed.dockerfile, source: needed.source });
  }
}
