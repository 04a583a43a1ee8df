// The shapes `dockmend explain` produces: from a failed build log to the finding and its fix.
import type { JsonFinding } from '../report/json.js';
import type { Applicability } from '../types.js';

/** What the log says went wrong, as dockmend recognises it (one id per upstream message). */
export type CauseId =
  | 'copy-source-not-found'
  | 'user-not-found'
  | 'group-not-found'
  | 'dockerfile-not-found'
  | 'context-not-found'
  | 'variable-not-set'
  | 'variable-required'
  | 'version-obsolete'
  | 'invalid-interpolation'
  | 'invalid-port'
  | 'port-allocated';

/**
 * For a missing COPY source (and a missing Dockerfile), which repair applies:
 * `source-missing` — the path is wrong (copy-source-missing, or a wildcard whose directory is not
 * in the context); `source-ignored` — the .dockerignore in force excludes it (copy-source-ignored);
 * `context` — the build context (or the Dockerfile path) the compose file declares is wrong (a
 * copy-source-missing finding whose fix edits a compose file, or compose-dockerfile-missing /
 * compose-build-context-missing).
 */
export type RepairKind = 'source-missing' | 'source-ignored' | 'context';

/** A step as the log names it. */
export interface LogStep {
  /** As printed: `[backend stage-1 4/6] COPY --chown=netra:netra netra_backend /app/netra_backend` or `Step 10/15 : COPY …`. */
  label: string;
  /** The instruction text of the step: `COPY --chown=netra:netra netra_backend /app/netra_backend`. */
  instruction: string;
  /** The compose service (or bake target) the step was built for, when the log names one. */
  service?: string;
  /** The stage name (`stage-1` for an unnamed stage), when the log names one. */
  stage?: string;
  /** BuildKit `[… n/m]` (per stage) or legacy `Step n/m` (per file). */
  index?: number;
  total?: number;
  legacy?: boolean;
}

/** A finding as in the JSON contract (docs/json-format.md), plus its key. */
export interface ExplainFinding extends JsonFinding {
  /** `findingKey()` of the finding: `dockmend fix --interactive` can focus on it. */
  key: string;
}

export interface ExplainFix {
  title: string;
  applicability: Applicability;
  /** Files the fix writes (root-relative). */
  files: string[];
  /** Git-style unified diff of the fix on its own (previewFix + unifiedDiff). */
  diff: string;
}

export interface ExplainedFailure {
  cause: CauseId;
  /** `error` for what stops a build or `up`; `warning` for what Compose only warns about. */
  severity: 'error' | 'warning';
  /** The failing step as the log names it, when the failure happened in one. */
  step?: LogStep;
  /** The upstream message, as printed (wrapper prefixes such as `ERROR: failed to solve:` removed). */
  message: string;
  /** 1-based lines of the log that report this failure (step error, summary, excerpt). */
  logLines: number[];
  /** The compose service, when the log or the mapping names one. */
  service?: string;
  /** The Dockerfile instruction the step maps to. */
  dockerfile?: { file: string; line: number; endLine: number; instruction: string };
  /** The compose file the failure is about, when known. */
  composeFile?: string;
  /** The cause in one sentence. */
  explanation: string;
  /** The dockmend rules that explain this kind of failure (checked whether registered or not). */
  rules: string[];
  /** The finding that explains this failure, or null: "no dockmend finding explains it". */
  finding: ExplainFinding | null;
  /** Other findings the log is equally consistent with (the log did not say enough to choose). */
  alternatives: ExplainFinding[];
  /** For a missing COPY source or Dockerfile: which of the repairs it is. */
  repair?: RepairKind;
  /** The finding's default fix, or null when it has none. */
  fix: ExplainFix | null;
  /** Why there is no finding or no mapping, said plainly. */
  note?: string;
}

export interface UnrecognisedFailure {
  /** The failing step as the log names it (`label`), when there is one. */
  step?: string;
  /** 1-based line of the log. */
  line: number;
  text: string;
}

export interface ExplainResult {
  failures: ExplainedFailure[];
  unrecognised: UnrecognisedFailure[];
}
