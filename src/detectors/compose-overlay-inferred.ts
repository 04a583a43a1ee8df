import { LineIndex } from '../text.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/**
 * A lone compose file that only makes sense merged over a base (it names services it does not
 * define, or adds keys to services it neither builds nor pulls) was read as
 * `docker compose -f <base> -f <it>` (src/compose/projects.ts). The guess is reported, with the
 * config entry that makes it explicit.
 */
export const composeOverlayInferred: Detector<Record<string, never>> = {
  meta: {
    id: 'compose-overlay-inferred',
    summary: 'A compose file that extends a base compose file was read as an overlay of that base.',
    severity: 'info',
    fix: 'none',
    docs: 'docs/rules/compose-overlay-inferred.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const p of project.composeProjects) {
      const o = p.origin;
      if (o?.kind !== 'overlay') continue;
      const text = project.sources.read(o.overlay).text ?? '';
      const index = new LineIndex(text);
      const set = JSON.stringify({ files: [...o.base, o.overlay] });
      findings.push({
        rule: 'compose-overlay-inferred',
        severity: 'info',
        location: { file: o.overlay, start: index.lineStart(1), end: index.lineEnd(1) },
        message: `Read as an overlay of ${o.base.join(' + ')} (\`docker compose ${[...o.base, o.overlay].map((f) => `-f ${f}`).join(' ')}\`): ${o.narrows ? "each of its services sets only keys the base's service sets, and fewer (alone, they would run without the others)" : 'it names or extends services only the base defines'}. Add ${set} to "projects" in dockmend.config.json to make it explicit.`,
      });
    }
    return findings;
  },
};
