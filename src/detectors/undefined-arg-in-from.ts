import { allDockerfileInstructions } from '../analysis/models.js';
import { declaredArgNames, globalArgDefaults } from '../dockerfile/global-args.js';
import { expandGlobalWord, flagName, flagValue, whitespaceTokens } from '../dockerfile/model.js';
import { suggestName } from '../buildkit/suggest.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * BuildKit's UndefinedArgInFrom. dockerfile2llb/convert.go `reportUnusedFromArgs`: a variable the
 * FROM image or `--platform` reads that is no declared ARG (`unusedFromArgsCheckKeys`: the ARGs of
 * the Dockerfile and the automatic platform ARGs) — it always expands to nothing there.
 */
export const undefinedArgInFrom: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'undefined-arg-in-from',
    summary: 'FROM reads a variable no ARG declares (BuildKit UndefinedArgInFrom).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/undefined-arg-in-from.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'UndefinedArgInFrom',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const { path: dockerfile, text } = staged;
      const esc = staged.escapeChar;
      const defaults = globalArgDefaults(staged);
      const declared = declaredArgNames(staged);
      for (const stage of staged.stages) {
        const { lg, split } = stage.from;
        const words: string[] = [];
        const platform = split.flags.find((f) => flagName(f.text) === 'platform');
        const pv = platform ? flagValue(platform.text) : null;
        if (pv) words.push(pv);
        const image = whitespaceTokens(lg.text, split.argsStart, split.argsEnd)[0]?.text;
        if (image) words.unshift(image);
        const names: string[] = [];
        for (const w of words) for (const n of expandGlobalWord(w, defaults, esc).unresolved) if (!declared.has(n) && !names.includes(n)) names.push(n);
        for (const name of names) {
          const suggestion = suggestName(name, declared);
          const spans = suggestion ? nameSpans(text, stage.from.start, stage.from.end, name, esc) : [];
          findings.push({
            rule: 'undefined-arg-in-from',
            severity: 'warning',
            location: { file: dockerfile, start: stage.from.start, end: stage.from.end },
            // BuildKit's wording (linter/ruleset.go RuleUndefinedArgInFrom).
            message: `FROM argument '${name}' is not declared${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
            data: {
              ...(suggestion && spans.length === 1
                ? { fix: { title: `Change $${name} to $${suggestion}`, applicability: 'safe' as const, edits: [{ start: spans[0]!.start, end: spans[0]!.end, text: suggestion }] } }
                : {}),
            },
          });
        }
      }
    }
    return findings;
  },
};

/** Offsets of `name` in `$name` / `${name…}` references of the instruction (unescaped). */
function nameSpans(text: string, start: number, end: number, name: string, esc: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (let i = start; i < end; i++) {
    if (text[i] !== '$' || (i > start && text[i - 1] === esc)) continue;
    const braced = text[i + 1] === '{';
    const at = i + (braced ? 2 : 1);
    if (text.slice(at, at + name.length) !== name) continue;
    const after = text[at + name.length] ?? '';
    if (/[A-Za-z0-9_]/.test(after)) continue;
    spans.push({ start: at, end: at + name.length });
  }
  return spans;
}
