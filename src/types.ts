// Core value types shared by every stage of the pipeline:
// project model → detectors → transforms → fix plan → report / apply / UI.

export type Severity = 'error' | 'warning' | 'info';
export type Applicability = 'safe' | 'unsafe';

/** A replacement of `[start, end)` (UTF-16 offsets into the file's original text) by `text`. */
export interface Edit {
  kind: 'edit';
  /** Path relative to the project root, `/` separators. */
  file: string;
  start: number;
  end: number;
  text: string;
}

/** Creation of a file that does not exist yet. */
export interface FileCreate {
  kind: 'create';
  file: string;
  text: string;
}

/** Removal of a file (an ignore file that no build reads, once its entries are merged elsewhere). */
export interface FileDelete {
  kind: 'delete';
  file: string;
}

export type Change = Edit | FileCreate | FileDelete;

/** One way of repairing a finding. Its changes apply all-or-nothing. */
export interface Fix {
  /** What the change does, e.g. "Set build context to ..". */
  title: string;
  applicability: Applicability;
  changes: Change[];
}

export interface Location {
  /** Path relative to the project root, `/` separators. */
  file: string;
  /** Offsets into the file text, end exclusive. */
  start: number;
  end: number;
}

/** What a detector reports. `data` is the rule's own payload for its transform. */
export interface Finding<Data = unknown> {
  rule: string;
  severity: Severity;
  location: Location;
  /** What is wrong. */
  message: string;
  /** Build context (relative to root, '.' for the root) the finding was checked against. */
  context?: string;
  data?: Data;
}

/** A finding with its position resolved and its fixes computed. */
export interface ResolvedFinding extends Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Alternatives; the first is the default. Empty when the rule offers no fix here. */
  fixes: Fix[];
}
