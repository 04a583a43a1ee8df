import { variableReport, type UndefinedUse } from '../compose/variables.js';
import { isEnvFileName } from '../project/discover.js';
import { basenameOf, displayPath } from '../project/paths.js';
import type { Detector } from '../rules/types.js';
import { escapeControl } from '../text.js';
import type { Finding } from '../types.js';

/** How many variable names a message lists before "and N more". */
const NAMES_SHOWN = 5;

/**
 * The env file Compose interpolates with is not in the repository, so dockmend checks the
 * variables against what the repository documents instead. Always `info`: it depends on a step
 * outside the repository (copying the template, the host providing the linked file).
 *
 * - No `.env` (nor `--env-file`) yet, and variables the compose files use without a default
 *   come only from an env template (`env.example`, `.env.example`, ...): one finding per env file
 *   location, naming the template. Until the copy is made, Compose substitutes blank strings.
 *   No fix: `.env` is user-specific and usually git-ignored (secrets, generated passwords), so
 *   writing it from the template's placeholders would hide the step the README asks for.
 * - A `.env` (or `.env.*`) that is a symbolic link to nothing or out of the repository: Compose
 *   skips a default `.env` that does not exist (compose-go cli/options.go GetEnvFromFile ignores
 *   IsNotExist) and reads one out of the root; dockmend follows neither, so it says so once,
 *   naming the target, instead of a parse error, and reports no variable of that project as
 *   undefined.
 */
export const composeDotenvAbsent: Detector<Record<string, never>> = {
  meta: {
    id: 'compose-dotenv-absent',
    summary: 'The `.env` Compose interpolates with is not in the repository: variables come from a template, or `.env` is a link dockmend does not follow.',
    severity: 'info',
    fix: 'none',
    docs: 'docs/rules/compose-dotenv-absent.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const group of variableReport(project).templateOnly.values()) {
      const vars = group.vars;
      if (vars.dotenvPath !== null || vars.envLink !== null) continue;
      const names = [...group.byName.keys()];
      const first = group.byName.get(names[0]!)![0]!;
      // The templates that define them, in ENV_TEMPLATE_NAMES order.
      const templates = vars.templates.filter((t) => names.some((n) => t.values.has(n))).map((t) => t.path);
      const target = vars.envFiles[0]!;
      const shown = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '');
      const count = names.length === 1 ? '1 variable comes' : `${names.length} variables come`;
      findings.push({
        rule: 'compose-dotenv-absent',
        severity: 'info',
        location: { file: first.unit.file.path, ...first.span },
        message: `${count} only from ${templates.join(', ')} (${shown}); copy it to ${target}: there is no ${target} yet, so Compose substitutes blank strings until it exists. dockmend checks them with the template's example values. Used by ${usedBy(names.flatMap((n) => group.byName.get(n)!))}.`,
      });
    }
    for (const link of project.tree.links ?? []) {
      if (link.problem === 'loop' || !isEnvFileName(basenameOf(link.path))) continue;
      const where =
        link.problem === 'dangling'
          ? 'which does not exist (yet): Compose skips a missing .env, and dockmend cannot check the variables the file will set'
          : 'which is outside the repository: dockmend does not follow it, so the variables it sets are not checked';
      findings.push({
        rule: 'compose-dotenv-absent',
        severity: 'info',
        location: { file: link.path, start: 0, end: 0 },
        message: `${displayPath(link.path)} is a symbolic link to ${escapeControl(link.target)}, ${where}; no variable of a project reading it is reported as undefined.`,
      });
    }
    return findings;
  },
};

/** "compose.yaml, web/compose.yml and 4 more files". */
function usedBy(uses: readonly UndefinedUse[]): string {
  const files = [...new Set(uses.map((u) => u.unit.file.path))];
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more files`;
}
