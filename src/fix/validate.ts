// A fix must leave every file it touches parseable: a compose file that parsed before still
// parses after. Checked per fix, before the fix is taken, so a bad fix is reported and dropped.
import { parseYaml } from '../compose/model.js';
import { isComposeName } from '../project/discover.js';
import { basenameOf } from '../project/paths.js';

/** Why `text` would not parse as the kind of file `path` names, or null when it does. Never throws. */
export function parseProblem(path: string, text: string): string | null {
  if (isComposeName(basenameOf(path)) || /\.ya?ml$/.test(path)) {
    const { errors } = parseYaml(text);
    return errors.length > 0 ? errors[0].message : null;
  }
  return null;
}
