// compose-env-file-missing's alternatives: create the env file with `KEY=` stubs (never values),
// or make the reference optional with `required: false` (the YAML text for that is computed by
// the detector, in the style of the list it sits in).
import type { Change, Finding, Fix } from '../src/types.js';

export interface EnvFileData {
  create?: { file: string; header: string; keys: string[] };
  /** A git-ignored env file with a template next to it: created as a copy of the template. */
  fromTemplate?: { file: string; template: string; text: string };
  optional?: { file: string; start: number; end: number; text: string };
  path: string;
}

export function composeEnvFileFix(finding: Finding<EnvFileData>): Fix[] {
  const d = finding.data;
  if (!d) return [];
  const fixes: Fix[] = [];
  if (d.fromTemplate) {
    // What the repository documents (`cp .env.example .env`); unsafe: the values are examples.
    fixes.push({ title: `Create ${d.fromTemplate.file} from ${d.fromTemplate.template}`, applicability: 'unsafe', changes: [{ kind: 'create', file: d.fromTemplate.file, text: d.fromTemplate.text }] });
  }
  if (d.create) {
    const lines = [`# ${d.create.header}`, ...d.create.keys.map((k) => `${k}=`)];
    const change: Change = { kind: 'create', file: d.create.file, text: `${lines.join('\n')}\n` };
    const what = d.create.keys.length > 0 ? ` with ${d.create.keys.length === 1 ? `${d.create.keys[0]}=` : `${d.create.keys.length} empty keys`}` : '';
    fixes.push({ title: `Create ${d.create.file}${what}`, applicability: 'unsafe', changes: [change] });
  }
  if (d.optional) {
    fixes.push({
      title: `Mark env_file ${d.path} optional (required: false, Compose 2.24+)`,
      applicability: 'unsafe',
      changes: [{ kind: 'edit', file: d.optional.file, start: d.optional.start, end: d.optional.end, text: d.optional.text }],
    });
  }
  return fixes;
}
