import { NameIndex, pathCandidates } from '../analysis/candidates.js';
import { cleanSource, inContext } from '../analysis/context-sources.js';
import { betterContextDir, composeContextEdit, type ContextChoice } from '../analysis/context-fix.js';
import type { DockerfileCheck, SourceCheck } from '../analysis/copies.js';
import { generatedSource } from '../analysis/generated.js';
import { describeContext, keepsOtherBuilds, sourceFindings, unbuiltStage } from '../analysis/copy-findings.js';
import { basenameOf, dirnameOf, displayPath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import type { CopySourceMissingData } from '../../transforms/copy-source-missing.js';

const MAX_CANDIDATES = 5;

/**
 * A COPY/ADD source that is not in the build context. BuildKit fails with
 * `failed to compute cache key: failed to calculate checksum of ref … "/<path>": not found`;
 * the legacy builder with `COPY failed: file not found in build context or excluded by .dockerignore`.
 *
 * Repairs, best first: the context is wrong (one compose edit repairs every COPY of the
 * Dockerfile), then the path is wrong (a rewrite of this source).
 */
export const copySourceMissing: Detector<Record<string, never>, CopySourceMissingData> = {
  meta: {
    id: 'copy-source-missing',
    summary: 'A COPY/ADD source does not exist in the build context.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/copy-source-missing.md',
    defaultOptions: {},
  },
  detect(project) {
    const contextChoices = new Map<DockerfileCheck, ContextChoice | null>();
    const names = new Map<string, NameIndex>();
    return sourceFindings<CopySourceMissingData>(project, 'copy-source-missing', 'error', 'missing', (check, sc) => {
      // A build output (git-ignored, or written by a script) is copy-source-generated's.
      if (generatedSource(project, check.context.dir, cleanSource(sc.source.value ?? '') ?? '')) return null;
      const described = describeMissing(check, sc);
      // A stage the build never runs cannot fail it: what is said is a note, not an error.
      const unbuilt = unbuiltStage(check, sc);
      return unbuilt ? { ...described, message: `${described.message.slice(0, -1)}; but ${unbuilt}.`, severity: 'info' as const } : described;
    });

    function describeMissing(check: DockerfileCheck, sc: SourceCheck): { message: string; data: CopySourceMissingData } {
      if (!contextChoices.has(check)) contextChoices.set(check, betterContextDir(project, check));
      const choice = contextChoices.get(check)!;
      const rel = cleanSource(sc.source.value ?? '') ?? '';
      // A path built from variables is reported with its value and never rewritten.
      const literal = sc.source.raw === sc.source.value;
      const head = `Source '${sc.source.raw}'${literal ? '' : ` (= ${sc.source.value})`} is not in the build ${describeContext(check)}: ${inContext(check.context.dir, rel)} does not exist`;

      let index = names.get(check.context.dir);
      if (!index) names.set(check.context.dir, (index = new NameIndex(project.tree, check.context.dir)));
      const all = pathCandidates(project.tree, check.view, rel, index);
      const fitting = all.filter((c) => keepsOtherBuilds(project, check, sc, c));
      // A handful of alternatives is a choice; dozens are noise.
      const candidates = fitting.slice(0, MAX_CANDIDATES);
      const more = fitting.length > candidates.length ? ` (and ${fitting.length - candidates.length} more)` : '';
      const pathFix = { dockerfile: check.dockerfile, keyword: sc.copy.keyword, source: sc.source, json: sc.copy.json, candidates: literal ? candidates : [] };

      // A source no directory tried has is not repaired by moving the context: it keeps its own
      // finding, with its candidates.
      const contextFix = choice && !choice.nowhere.has(sc.source.start) ? composeContextEdit(project, check.context, choice.dir, check.dockerfile, choice.all ? 'safe' : 'unsafe') : null;
      if (choice && contextFix) {
        const why = `${choice.all ? 'every source' : 'most sources'} of ${check.dockerfile} ${choice.all ? 'is' : 'are'} in '${displayPath(choice.dir)}'`;
        return { message: `${head}; ${why}, so the build context is probably wrong.`, data: { contextFix, pathFix } };
      }
      const shown = (paths: string[]) => paths.map((c) => inContext(check.context.dir, c)).join(', ');
      const dropped = all.filter((c) => !fitting.includes(c));
      let found: string;
      if (candidates.length > 0) found = `; ${candidates.length === 1 ? 'it is probably' : 'candidates:'} ${shown(candidates)}${more}`;
      else if (dropped.length > 0) found = `; ${shown(dropped)} would fit, but ${check.dockerfile} is also built from other contexts where that path does not resolve`;
      else found = `, and nothing named '${basenameOf(rel)}' elsewhere in the context (nor a similar name in '${displayPath(inContext(check.context.dir, dirnameOf(rel)))}') could replace it`;
      const variables = literal ? '' : ' The path is built from variables, so dockmend does not rewrite it.';
      return { message: `${head}${found}.${variables}`, data: { pathFix } };
    }
  },
};
