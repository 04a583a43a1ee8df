// The env stub: `VAR=` lines appended to a project's env template (`.env.example`, created when
// absent), each under a comment naming the compose files and services that use it. Like
// ignore-lines, it never rewrites or reorders the user's lines: it appends with the file's own
// line endings and adds a missing final newline first. It never writes a value (no secrets) and
// never writes `.env` itself. Shared by compose-undefined-variable and compose-env-drift.
import type { Change, Finding, Fix } from '../src/types.js';

export interface EnvStubPlan {
  /** Root-relative path of the template. */
  file: string;
  /** null: create the file. Otherwise the file's length, its EOL and whether it ends with one. */
  append: { at: number; eol: string; endsWithNewline: boolean } | null;
  /** Variables to add, in order, each with the comment that explains where it is used. */
  stubs: { name: string; comment: string }[];
}

export interface EnvStubData {
  stub: EnvStubPlan;
}

const CREATED_HEADER = 'Variables the compose files here interpolate. Copy this file to .env and set the values.';

/** The change that adds the plan's stubs, or null when there is nothing to add. */
export function envStubChange(plan: EnvStubPlan): Change | null {
  if (plan.stubs.length === 0) return null;
  const eol = plan.append?.eol ?? '\n';
  const lines: string[] = [];
  let lastComment: string | undefined;
  for (const s of plan.stubs) {
    if (s.comment !== lastComment) lines.push(`# ${s.comment}`);
    lastComment = s.comment;
    lines.push(`${s.name}=`);
  }
  const block = lines.join(eol) + eol;
  if (plan.append === null) return { kind: 'create', file: plan.file, text: `# ${CREATED_HEADER}${eol}${eol}${block}` };
  const lead = plan.append.endsWithNewline ? (plan.append.at > 0 ? eol : '') : eol + eol;
  return { kind: 'edit', file: plan.file, start: plan.append.at, end: plan.append.at, text: lead + block };
}

export function envStubTitle(plan: EnvStubPlan): string {
  const names = plan.stubs.map((s) => s.name);
  const what = names.length <= 3 ? names.map((n) => `${n}=`).join(', ') : `${names.length} variables`;
  return `${plan.append === null ? 'Create' : 'Add'} ${plan.append === null ? `${plan.file} with ${what}` : `${what} to ${plan.file}`}`;
}

export function envStubFix(finding: Finding<EnvStubData>): Fix[] {
  const plan = finding.data?.stub;
  if (!plan) return [];
  const change = envStubChange(plan);
  if (!change) return [];
  return [{ title: envStubTitle(plan), applicability: 'safe', changes: [change] }];
}
