import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/**
 * What dockmend could not read in a Bake file: a file its HCL parser could not read (the parser
 * did not load, or the file is encrypted with git-crypt; a file that is not valid HCL or JSON is
 * a parse-error), or a value it cannot compute statically (an unknown function, a `for` expression, a reference
 * to another target's attribute). Info: the build may well work; dockmend checks the targets
 * with what it knows and says what it left out, once per value.
 */
export const bakeUnresolved: Detector<Record<string, never>> = {
  meta: {
    id: 'bake-unresolved',
    summary: 'A Bake file or value dockmend cannot read or compute, so part of a build is not checked.',
    severity: 'info',
    fix: 'none',
    docs: 'docs/rules/bake-unresolved.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const model of project.bake ?? []) {
      for (const p of model.problems) {
        // A Bake file that is itself broken fails `docker buildx bake` too: parse-error says so.
        if (p.kind === 'unknown-target' || (p.kind === 'unreadable' && p.invalid)) continue;
        const location = p.kind === 'unreadable' ? { file: p.file, start: 0, end: 0 } : { file: p.file, start: p.span.start, end: p.span.end };
        const key = `${location.file}:${location.start}:${p.kind}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({
          rule: 'bake-unresolved',
          severity: 'info',
          location,
          message:
            p.kind === 'unknown-variable'
              ? `Bake variable '${p.variable}': dockmend cannot compute its default statically; the values that use it are left out of the checks (a target whose context or Dockerfile uses it is not checked).`
              : p.kind === 'unreadable'
                ? `dockmend cannot read this Bake file (${p.message.split('\n')[0]}); its targets are not checked.`
                : `Bake target '${p.target}': dockmend cannot compute '${p.attribute}' statically; ${p.attribute === 'context' || p.attribute === 'dockerfile' || p.attribute === 'matrix' || p.attribute === 'name' ? 'the target is not checked' : 'the target is checked without it'}.`,
        });
      }
    }
    return findings;
  },
};
