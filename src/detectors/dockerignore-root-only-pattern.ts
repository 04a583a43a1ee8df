import { contextTransferScope } from '../analysis/transferred.js';
import { buildsReading, firstNeeded } from '../analysis/ignore-additions.js';
import { fileLines, ignoreFilesInUse } from '../analysis/ignore-usage.js';
import { ignoreOf } from '../analysis/models.js';
import { compileGoPattern, hasMeta, type GoPattern } from '../dockerfile/wildcard.js';
import { isWeightyClutter } from '../ignore/clutter.js';
import { IgnoreMatcher, parseDockerignore, type IgnorePattern } from '../ignore/matcher.js';
import { displayPath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { IgnoreLineRewriteData } from '../../transforms/ignore-line-rewrite.js';

/**
 * Unanchored single-name patterns (`__pycache__`, `*.pyc`, `node_modules`): .gitignore
 * matches them at any depth, Docker only at the context root (moby/patternmatcher matches the
 * pattern against the whole relative path), so nested copies are still sent.
 */
export function rootOnlyCandidates(patterns: readonly IgnorePattern[]): IgnorePattern[] {
  // `*` followed by `!` lines is the allowlist idiom (`*`, `!src`, `!package.json`): everything
  // at the root goes and what is listed comes back; it is not a .gitignore habit.
  const allowlist = (p: IgnorePattern) => p.pattern === '*' && patterns.some((q) => q.negate && q.line > p.line);
  return patterns.filter((p) => !p.negate && !p.pattern.includes('/') && !p.pattern.startsWith('**') && !/^\s*\.?\//.test(p.raw) && p.pattern !== '.' && !allowlist(p));
}

/**
 * The matcher of the line rewritten to match at any depth, followed by the file's later lines: a
 * nested match that a later `!` line re-includes stays sent either way, so it is no example.
 */
function rewrittenMatcher(patterns: readonly IgnorePattern[], p: IgnorePattern): IgnoreMatcher {
  const later = patterns.filter((q) => q.line > p.line);
  return new IgnoreMatcher(parseDockerignore([`**/${p.pattern}`, ...later.map((q) => q.raw)].join('\n')).patterns);
}

export const dockerignoreRootOnlyPattern: Detector<Record<string, never>, IgnoreLineRewriteData> = {
  meta: {
    id: 'dockerignore-root-only-pattern',
    summary: 'An unanchored .dockerignore pattern (the .gitignore habit) that Docker matches only at the context root.',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/dockerignore-root-only-pattern.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<IgnoreLineRewriteData>[] = [];
    for (const [ignoreFile, contexts] of ignoreFilesInUse(project)) {
      const ignore = ignoreOf(project, ignoreFile);
      const text = project.sources.read(ignoreFile).text;
      if (!ignore || text === null) continue;
      const candidates = rootOnlyCandidates(ignore.file.patterns);
      if (candidates.length === 0) continue;
      const compiled = new Map<IgnorePattern, GoPattern>();
      for (const p of candidates) {
        try {
          compiled.set(p, compileGoPattern(p.pattern));
        } catch {
          /* dockerignore-invalid reports it */
        }
      }
      // One traversal per context: the first nested entry each candidate names that nothing
      // excludes.
      const nested = new Map<IgnorePattern, string>();
      // Whether an example is a cache, dependency, secret or build output (warning) or another name (info).
      const weighty = new Map<IgnorePattern, boolean>();
      const rewrites = new Map<IgnorePattern, IgnoreMatcher>();
      const rewriteExcludes = (p: IgnorePattern, rel: string) => {
        let m = rewrites.get(p);
        if (!m) rewrites.set(p, (m = rewrittenMatcher(ignore.file.patterns, p)));
        return m.excludes(rel);
      };
      const note = (p: IgnorePattern, path: string, heavy: boolean) => {
        nested.set(p, path);
        weighty.set(p, heavy);
      };
      const wildcards = [...compiled.keys()].filter((p) => hasMeta(p.pattern));
      const candidateNames = (name: string) => {
        for (const [p, g] of compiled) if (!nested.has(p) && g.test(name)) return true;
        return false;
      };
      for (const context of contexts) {
        const cut = context.dir === '' ? 0 : context.dir.length + 1;
        // A nested match counts only if the builds transfer it (BuildKit sends the COPY/ADD
        // sources, not the whole tree: src/analysis/transferred.ts).
        const scope = contextTransferScope(project, context.dir, ignoreFile);
        project.tree.visitNames(context.dir, (name, kind, parent, opaque) => {
          if (nested.size === compiled.size) return false;
          // A file matters only as an example of a candidate not yet found: its name decides
          // that first, so that most files cost no ignore-matcher call (the result is the same).
          if (kind === 'file' && !candidateNames(name)) return false;
          const path = parent === '' ? name : `${parent}/${name}`;
          const rel = path.slice(cut);
          if (ignore.matcher.excludes(rel) || (scope !== null && !scope.reachesInto(rel))) return false;
          const isNested = rel.includes('/');
          for (const [p, g] of compiled) if (isNested && !nested.has(p) && g.test(name) && rewriteExcludes(p, rel)) note(p, path, isWeightyClutter(name, kind, parent));
          // The walk does not list `__pycache__` (walk.ts OPAQUE_DIRS), where the `.pyc` files a
          // `*.pyc` line is about live: its names are read for a wildcard with no match yet. A
          // literal name, and anything in dependency or VCS directories, is not looked for there.
          if (opaque && name === '__pycache__' && wildcards.some((p) => !nested.has(p))) {
            for (const child of project.tree.listOpaque(path)) {
              for (const p of wildcards) {
                const childRel = `${rel}/${child}`;
                if (nested.has(p) || !compiled.get(p)!.test(child) || ignore.matcher.excludes(childRel)) continue;
                if ((scope === null || scope.reachesInto(childRel)) && rewriteExcludes(p, childRel)) note(p, `${path}/${child}`, true);
              }
            }
          }
          return true;
        });
      }
      const lines = fileLines(text);
      const builds = contexts.flatMap((c) => buildsReading(project, c.dir, ignoreFile));
      for (const [p, example] of nested) {
        const rewritten = `**/${p.raw.trim()}`;
        const after = lines.map((l, i) => (i === p.line - 1 ? rewritten : l));
        const needed = firstNeeded(project, builds, after, 0);
        const blocked = needed !== null && needed.line === p.line - 1;
        findings.push({
          rule: 'dockerignore-root-only-pattern',
          // Caches, dependencies, secrets and build outputs weigh on every build (warning);
          // another name (README.md, Procfile) is small and harmless to send (info).
          severity: weighty.get(p) ? 'warning' : 'info',
          location: { file: ignoreFile, start: p.start, end: p.end },
          context: contexts.map((c) => displayPath(c.dir)).join(', '),
          message: `'${p.raw.trim()}' only matches at the context root in Docker (unlike .gitignore), so nested matches such as ${example} are still sent; '${rewritten}' matches at any depth.${blocked ? ` Not rewritten: ${needed!.dockerfile} copies ${needed!.source}.` : ''}`,
          data: { ignoreFile, start: p.start, end: p.end, text: blocked ? null : rewritten },
        });
      }
    }
    return findings;
  },
};
