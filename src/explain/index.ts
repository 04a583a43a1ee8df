// `dockmend explain [log-file | -] [--root .] [--format text|json]`: from a failed build log to
// the line, the cause, the finding and its fix. The CLI reads the log, opens a session on the
// root and calls explainLog, then renderExplain; explainExitCode gives its exit code.
import type { ExplainResult } from './types.js';

export { explainLog } from './explain.js';
export { renderExplain, type ExplainFormat } from './render.js';
export { parseLog, type LogEvent, type ParsedLog } from './log.js';
export { recognise, RULES_FOR } from './recognise.js';
export type { CauseId, ExplainedFailure, ExplainFinding, ExplainFix, ExplainResult, LogStep, RepairKind, UnrecognisedFailure } from './types.js';

export interface ExplainOptions {
  root: string;
  format: 'text' | 'json';
  color: boolean;
}

/** 1 when the log holds a failure (explained or not), 0 when it holds none. */
export function explainExitCode(result: ExplainResult): 0 | 1 {
  return result.failures.length + result.unrecognised.length > 0 ? 1 : 0;
}

/** `findingKey()`s of the findings that explain the log: what `--fix` should focus the session on. */
export function explainedFindingKeys(result: ExplainResult): string[] {
  return [...new Set(result.failures.flatMap((f) => (f.finding ? [f.finding.key] : [])))];
}
