import { displayPath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import { LineIndex } from '../text.js';

/**
 * No compose file names this Dockerfile and its sources do not resolve in its own directory:
 * it is built as `docker build -f <it> <ancestor>`. dockmend checks it against that ancestor
 * and says so, so the user can pin it in the config instead of relying on the guess.
 */
export const contextInferred: Detector<Record<string, never>> = {
  meta: {
    id: 'context-inferred',
    summary: 'A Dockerfile no compose file names was checked against an inferred build context.',
    severity: 'info',
    fix: 'none',
    docs: 'docs/rules/context-inferred.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const context of project.contexts) {
      const o = context.origin;
      if (o.kind !== 'directory' || o.inferredFrom === undefined) continue;
      const text = project.sources.read(o.dockerfile).text ?? '';
      const index = new LineIndex(text);
      findings.push({
        rule: 'context-inferred',
        severity: 'info',
        location: { file: o.dockerfile, start: index.lineStart(1), end: index.lineEnd(1) },
        context: displayPath(context.dir),
        message: `No compose file names this Dockerfile and its sources are not in '${displayPath(o.inferredFrom)}'; checked as \`docker build -f ${o.dockerfile} ${displayPath(context.dir)}\`. Add {"dockerfile": "${o.dockerfile}", "context": "${displayPath(context.dir)}"} to "contexts" in dockmend.config.json to make it explicit.`,
      });
    }
    return findings;
  },
};
