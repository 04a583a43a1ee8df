// A fix must leave every file it touches parseable: a compose file that parsed before still
// parses after. Checked per fix, before the fix is taken, so a bad fix is reported and dropped.
import { parseDocument } from 'yaml';
import { isComposeName } from '../project/discover.js';
import { basenameOf } from '../project/paths.js';

export function parseProblem(path: string, text: string): string | null {
  if (isComposeName(basenameOf(path)) || /\.ya?ml$/.test(path)) {
    const doc = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true });
    return doc.errors.length > 0 ? doc.errors[0].message.split('\n')[0] : null;
  }
  return null;
}
