import { allDockerfileInstructions } from '../analysis/models.js';
import { globalArgDefaults } from '../dockerfile/global-args.js';
import { expandGlobalWord, whitespaceTokens } from '../dockerfile/model.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

// distribution/reference regexp.go
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

/** distribution/reference ParseNormalizedNamed accepts it. */
export function isNormalizedNamed(s: string): boolean {
  if (!s || /^[a-f0-9]{64}$/.test(s)) return false;
  const slash = s.indexOf('/');
  const first = slash >= 0 ? s.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  const remainder = hasDomain ? s.slice(slash + 1) : s;
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return false;
  const m = REFERENCE.exec(hasDomain ? s : `docker.io/${s.includes('/') ? s : `library/${s}`}`);
  return m !== null && m[1].length <= 255;
}

/**
 * BuildKit's InvalidDefaultArgInFrom. dockerfile2llb/convert.go
 * `validateBaseImagesWithDefaultArgs`: each FROM image expanded with the global ARGs' defaults
 * only (no build args) must be a valid image reference; `FROM alpine:$VERSION` with no default
 * for VERSION reads `alpine:`, which a build without `--build-arg VERSION=…` cannot pull.
 * Only images written with a variable are checked (a constant invalid name fails every build).
 */
export const invalidDefaultArgInFrom: Detector<Record<string, never>> = {
  meta: {
    id: 'invalid-default-arg-in-from',
    summary: 'FROM with the global ARG defaults is no valid image name (BuildKit InvalidDefaultArgInFrom).',
    severity: 'warning',
    fix: 'none',
    docs: 'docs/rules/invalid-default-arg-in-from.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'InvalidDefaultArgInFrom',
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const dockerfile = staged.path;
      const defaults = globalArgDefaults(staged);
      for (const stage of staged.stages) {
        const { lg, split } = stage.from;
        const image = whitespaceTokens(lg.text, split.argsStart, split.argsEnd)[0]?.text;
        if (!image || !image.includes('$')) continue;
        const { value } = expandGlobalWord(image, defaults, staged.escapeChar);
        // Undeclared names are UndefinedArgInFrom's; expanding them to nothing here would report twice.
        if (value === null || isNormalizedNamed(value)) continue;
        findings.push({
          rule: 'invalid-default-arg-in-from',
          severity: 'warning',
          location: { file: dockerfile, start: stage.from.start, end: stage.from.end },
          // BuildKit's wording (linter/ruleset.go RuleInvalidDefaultArgInFrom).
          message: `Default value for ARG ${image} results in empty or invalid base image name`,
        });
      }
    }
    return findings;
  },
};
