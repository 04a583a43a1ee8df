import { sourceFindings } from '../analysis/copy-findings.js';
import type { Detector } from '../rules/types.js';

/** A source whose variables have no value here: it cannot be checked, so it is said, never guessed. */
export const copySourceUnresolved: Detector<Record<string, never>> = {
  meta: {
    id: 'copy-source-unresolved',
    summary: 'A COPY/ADD source uses a variable with no value in scope, so it cannot be checked.',
    severity: 'info',
    fix: 'none',
    docs: 'docs/rules/copy-source-unresolved.md',
    defaultOptions: {},
  },
  detect(project) {
    return sourceFindings(project, 'copy-source-unresolved', 'info', 'unresolved', (check, sc) => {
      const names = sc.result.status === 'unresolved' ? sc.result.names : [];
      const o = check.context.origin;
      const args = o.kind === 'compose' ? `, no build arg of service ${o.service} (${o.file})` : o.kind === 'bake' ? `, no build arg of Bake target ${o.target} (${o.file})` : ', no build arg';
      const why = names.map((n) => {
        // A global ARG with a value that still does not resolve is not re-declared in the stage.
        if (typeof check.model.globalArgs.get(n) === 'string') {
          return `$${n} is a global ARG (declared before the first FROM) that this stage does not re-declare, so it is empty here unless the base image sets ENV ${n} — add \`ARG ${n}\` after the stage's FROM`;
        }
        return `$${n} has no ARG default, no ENV${args} in scope`;
      });
      return { message: `Source '${sc.source.raw}' cannot be checked: ${why.join('; ')}.` };
    });
  },
};
