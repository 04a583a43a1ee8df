import { editDistance } from '../analysis/candidates.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { BakePathsData } from '../../transforms/bake-paths.js';

/**
 * A target's `inherits`, or a group's `targets`, names no target (nor group): Bake stops with
 * "failed to find target <name>" (bake.go Config.target) when that target or group is built.
 * When exactly one defined name is a near spelling, replacing it is offered (a guess: unsafe).
 */
export const bakeUnknownTarget: Detector<Record<string, never>, BakePathsData> = {
  meta: {
    id: 'bake-unknown-target',
    summary: 'A Bake `inherits` or group names a target that is not defined.',
    severity: 'error',
    fix: 'unsafe',
    docs: 'docs/rules/bake-unknown-target.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<BakePathsData>[] = [];
    const seen = new Set<string>();
    for (const model of project.bake ?? []) {
      const names = [...new Set(model.targets.map((t) => t.name))];
      for (const p of model.problems) {
        if (p.kind !== 'unknown-target') continue;
        const key = `${p.file}:${p.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const near = names.filter((n) => editDistance(n, p.name, 2) <= 2);
        const text = project.sources.read(p.file).text ?? '';
        const isLiteral = /^"[^"\\$%]*"$/.test(text.slice(p.span.start, p.span.end));
        const format: 'hcl' | 'json' = p.file.endsWith('.json') ? 'json' : 'hcl';
        const alternatives =
          near.length === 1 && isLiteral
            ? [{ title: `Replace '${p.name}' with '${near[0]}'`, applicability: 'unsafe' as const, sets: [{ file: p.file, format, start: p.span.start, end: p.span.end, value: near[0]! }], inserts: [] }]
            : [];
        // docker/metadata-action writes a Bake file defining `docker-metadata-action` (its
        // `bake-target` input, by default) that workflows pass to Bake with the repository's;
        // a set with a file outside the repository may define any target.
        const generated = /^docker-metadata-action/.test(p.name) || (model.set.external?.length ?? 0) > 0;
        const what = p.from.kind === 'inherits' ? `Bake target '${p.from.name}' inherits from '${p.name}'` : `Bake group '${p.from.name}' names '${p.name}'`;
        findings.push({
          rule: 'bake-unknown-target',
          severity: generated ? 'info' : 'error',
          location: { file: p.file, start: p.span.start, end: p.span.end },
          message: `${what}, which no Bake file of the set defines; \`docker buildx bake\` stops with "failed to find target ${p.name}"${generated ? `, unless a Bake file made outside the repository defines it (${model.set.external?.join(', ') ?? "docker/metadata-action's bake file, which defines docker-metadata-action"})` : ''}.${near.length > 0 && !generated ? ` Did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : ''}`,
          data: { alternatives: generated ? [] : alternatives },
        });
      }
    }
    return findings;
  },
};
