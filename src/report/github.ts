// GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…::message` per
// finding, which the runner turns into annotations on the files of the pull request.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { join, relative, sep } from 'node:path';
import type { ResolvedFinding, Severity } from '../types.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of a command's message (data). */
export function escapeData(s: string): string {
  // GitHub's own escapes first, then any other control character (an ANSI escape in a file name
  // would otherwise reach the Actions log, which renders ANSI colours).
  // eslint-disable-next-line no-control-regex
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Escaping of a command's property values (`file=`, `title=`…): also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface GithubInput {
  root: string;
  /** Directory file paths are given relative to: the repository root (GITHUB_WORKSPACE), else the scan root. */
  base: string;
  findings: readonly ResolvedFinding[];
}

export function githubReport(input: GithubInput): string {
  return input.findings
    .map((f) => {
      const file = relative(input.base, join(input.root, f.location.file)).split(sep).join('/');
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(f.rule)}`,
      ].join(',');
      const fix = f.fixes[0] ? ` (fix${f.fixes[0].applicability === 'unsafe' ? ', unsafe' : ''}: ${f.fixes[0].title})` : '';
      return `::${COMMAND[f.severity]} ${props}::${escapeData(f.message + fix)}\n`;
    })
    .join('');
}
