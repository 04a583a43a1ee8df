import { allDockerfileInstructions } from '../analysis/models.js';
import { parseWords } from '../dockerfile/model.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/** parser/directives.go: a leading `# key=value` line of a known directive is not a comment. */
const DIRECTIVE = /^#\s*(syntax|escape|check)\s*=/i;

/**
 * BuildKit's InvalidDefinitionDescription (experimental: off unless the Dockerfile's
 * `# check=experimental=InvalidDefinitionDescription` or `experimental=all` asks for it).
 * instructions/parse.go `validateDefinitionDescription`: the comment block right above an `ARG`
 * or a named stage's `FROM` is its description (`--call=outline`, `--call=targets`) when its
 * last line starts with the ARG's key or the stage name; a block whose last line starts with
 * something else is reported. parser.go collects the block: comment lines since the previous
 * instruction, an empty `#` line ending it, the leading parser directives left out.
 *
 * A blank line also ends the block here. BuildKit's documentation says so ("add an empty line …
 * between the instruction and the comment"); the parser.go we read keeps collecting across blank
 * lines. dockmend takes the documented reading, which reports less.
 */
export const invalidDefinitionDescription: Detector<Record<string, never>> = {
  meta: {
    id: 'invalid-definition-description',
    summary: 'The comment right above an ARG or a named FROM does not start with its name (BuildKit InvalidDefinitionDescription, experimental).',
    severity: 'warning',
    fix: 'none',
    docs: 'docs/rules/invalid-definition-description.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'InvalidDefinitionDescription',
    experimental: true,
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const df of allDockerfileInstructions(project)) {
      const lines = df.text.replace(/^\uFEFF/, '').split('\n');
      let directives = true;
      let previousEnd = 0; // the last line of the previous instruction (1-based)
      for (const ins of df.instructions) {
        let comments: string[] = [];
        for (let n = previousEnd + 1; n < ins.line; n++) {
          const raw = lines[n - 1] ?? '';
          const trimmed = raw.replace(/^\s+/, '');
          if (directives && n === 1 && trimmed.startsWith('#!')) continue;
          if (directives && DIRECTIVE.test(trimmed)) continue;
          directives = false;
          if (!trimmed.startsWith('#')) {
            if (trimmed.trim() === '') comments = [];
            continue;
          }
          // parser.go: strings.TrimSpace(line[1:]); an empty comment ends the block.
          const comment = raw.slice(1).trim();
          comments = comment === '' ? [] : [...comments, comment];
        }
        directives = false;
        previousEnd = ins.endLine;
        let instruction: string;
        let keys: string[];
        if (ins.keyword === 'ARG') {
          instruction = 'ARG';
          keys = parseWords(ins.argsText, df.escapeChar).map((w) => (w.includes('=') ? w.slice(0, w.indexOf('=')) : w));
        } else if (ins.keyword === 'FROM' && ins.words.args.length === 3 && ins.words.args[1]!.text.toLowerCase() === 'as') {
          instruction = 'FROM';
          keys = [ins.words.args[2]!.text.toLowerCase()]; // parseBuildStageName lowercases it
        } else continue;
        if (comments.length === 0 || keys.length === 0) continue;
        if (keys.includes(comments[comments.length - 1]!.split(' ')[0]!)) continue;
        const example = keys.length > 1 ? '<arg_key>' : keys[0]!;
        findings.push({
          rule: 'invalid-definition-description',
          severity: 'warning',
          location: { file: df.path, start: ins.start, end: ins.end },
          // BuildKit's wording (linter/ruleset.go RuleInvalidDefinitionDescription).
          message: `Comment for ${instruction} should follow the format: \`# ${example} <description>\``,
        });
      }
    }
    return findings;
  },
};
