import { allDockerfileInstructions, stageIsBuilt } from '../analysis/models.js';
import { parseWords } from '../dockerfile/model.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

// dockerfile2llb/convert.go `getSecretsRegex`: a secret-like token at a word boundary (start,
// end or `_`), unless an allow token is one too (`PUBLIC_KEY`, `KEY_FILE`, `TOKEN_VERSION`).
const DENY = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/**
 * BuildKit's SecretsUsedInArgOrEnv: `validateNoSecretKey` runs for every key of an ENV
 * (`dispatchEnv`) and every name of a stage's ARG (`dispatchArg`). Build args and ENV values are
 * kept in the image's history and config: a secret passed that way leaks.
 */
export const secretsUsedInArgOrEnv: Detector<Record<string, never>> = {
  meta: {
    id: 'secrets-used-in-arg-or-env',
    summary: 'An ARG or ENV whose name says it holds a secret (BuildKit SecretsUsedInArgOrEnv).',
    severity: 'warning',
    fix: 'none',
    docs: 'docs/rules/secrets-used-in-arg-or-env.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'SecretsUsedInArgOrEnv',
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const dockerfile = staged.path;
      const built = stageIsBuilt(project, dockerfile);
      for (const ins of staged.instructions) {
        if ((ins.keyword !== 'ENV' && ins.keyword !== 'ARG') || ins.stageIndex < 0 || !built(ins.stageIndex)) continue;
        const words = parseWords(ins.argsText, staged.escapeChar);
        if (words.length === 0) continue;
        // ENV in the legacy form (`ENV KEY value`) has one key: the first word.
        const keys = ins.keyword === 'ENV' && !words[0].includes('=') ? [words[0]] : words.map((w) => (w.includes('=') ? w.slice(0, w.indexOf('=')) : w));
        const reported = keys.filter((k) => DENY.test(k) && !ALLOW.test(k));
        // BuildKit sorts warnings of one line by their text.
        for (const key of reported.sort()) {
          findings.push({
            rule: 'secrets-used-in-arg-or-env',
            severity: 'warning',
            location: { file: dockerfile, start: ins.start, end: ins.end },
            // BuildKit's wording (linter/ruleset.go RuleSecretsUsedInArgOrEnv), then where a secret goes instead.
            message: `Do not use ARG or ENV instructions for sensitive data (${ins.keyword} "${key}"); a build-time secret belongs in a secret mount: RUN --mount=type=secret,id=<id> (docker build --secret id=<id>,…)`,
          });
        }
      }
    }
    return findings;
  },
};
