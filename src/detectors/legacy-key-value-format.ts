import { allDockerfileInstructions, stageIsBuilt } from '../analysis/models.js';
import { fileRange, parseWords } from '../dockerfile/model.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/** Keys written back as they are: no quotes, escapes or variables to re-read. */
const PLAIN_KEY = /^[A-Za-z0-9_.:/@-]+$/;

/**
 * BuildKit's LegacyKeyValueFormat. parser/line_parsers.go `parseNameVal`: when the first word of
 * an ENV or LABEL has no `=`, the instruction is the legacy `KEY value` form — the key is the text
 * up to the first blank run (`reWhitespace`), the value all the rest, read as ONE word by the shell
 * lexer (`ProcessWord`: blanks kept). dockerfile2llb/convert.go `dispatchEnv`/`dispatchLabel`
 * report it (`e.NoDelim`).
 */
export const legacyKeyValueFormat: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'legacy-key-value-format',
    summary: '`ENV key value` / `LABEL key value`: the legacy form without `=` (BuildKit LegacyKeyValueFormat).',
    severity: 'warning',
    fix: 'safe',
    docs: 'docs/rules/legacy-key-value-format.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'LegacyKeyValueFormat',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const { path: dockerfile, text } = staged;
      const built = stageIsBuilt(project, dockerfile);
      const esc = staged.escapeChar;
      for (const ins of staged.instructions) {
        if ((ins.keyword !== 'ENV' && ins.keyword !== 'LABEL') || ins.stageIndex < 0 || !built(ins.stageIndex)) continue;
        const words = parseWords(ins.argsText, esc);
        if (words.length === 0 || words[0].includes('=')) continue;
        const m = /^([^\t\v\f\r ]+)[\t\v\f\r ]+([\s\S]+)$/.exec(ins.argsText);
        if (!m) continue; // "ENV must have two arguments": a parse error, not this rule
        const [, key, value] = m;
        const span = fileRange(ins.lg, ins.split.argsStart, ins.split.argsEnd);
        const singleLine = !/[\r\n]/.test(text.slice(span.start, span.end));
        // The value is re-read the same way: inside double quotes only `"`, `$` and the escape
        // character are special, and `$` expands there as it does unquoted (lex.go
        // processDoubleQuote); a single word (no unquoted blank) can follow `=` as it is.
        let rewritten: string | undefined;
        if (!/["'`]/.test(value) && !value.includes(esc)) rewritten = `${key}="${value}"`;
        else if (parseWords(value, esc).length === 1 && !/[\t\v\f\r ]$/.test(value)) rewritten = `${key}=${value}`;
        const fixable = singleLine && PLAIN_KEY.test(key) && rewritten !== undefined;
        findings.push({
          rule: 'legacy-key-value-format',
          severity: 'warning',
          location: { file: dockerfile, start: ins.start, end: ins.end },
          // BuildKit's wording (linter/ruleset.go RuleLegacyKeyValueFormat).
          message: `"${ins.keyword} key=value" should be used instead of legacy "${ins.keyword} key value" format`,
          data: {
            ...(fixable ? { fix: { title: `Write ${ins.keyword} ${rewritten}`, applicability: 'safe' as const, edits: [{ start: span.start, end: span.end, text: rewritten! }] } } : {}),
          },
        });
      }
    }
    return findings;
  },
};
