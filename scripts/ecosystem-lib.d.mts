export type Severity = 'error' | 'warning' | 'info';
export type Verdict = 'true' | 'false' | 'unreviewed';

export interface ScannedFinding {
  rule: string;
  file: string;
  line: number;
  severity: Severity;
  message?: string;
}

export interface ReviewedEntry {
  rule: string;
  file: string;
  line: number;
  severity: Severity;
  verdict: Verdict;
  review: string;
  bug?: string;
  message?: string;
}

export interface Unreviewed {
  finding: ScannedFinding;
  entry?: ReviewedEntry;
  reason: 'new' | 'severity' | 'unreviewed';
}

export interface Comparison {
  matched: { finding: ScannedFinding; entry: ReviewedEntry }[];
  unreviewed: Unreviewed[];
  disappeared: ReviewedEntry[];
}

export const SEVERITIES: Severity[];
export function findingKey(f: { file: string; line: number; rule: string }): string;
export function compareEntries(a: ReviewedEntry, b: ReviewedEntry): number;
export function entryProblems(entries: unknown): string[];
export function readExpected(dir: string, name: string): ReviewedEntry[] | null;
export function writeExpected(dir: string, name: string, entries: ReviewedEntry[]): void;
export function compareScan(findings: readonly ScannedFinding[], entries: readonly ReviewedEntry[]): Comparison;
export function precision(comparisons: readonly Comparison[]): Record<Severity, { tp: number; fp: number }>;
export function updatedEntries(comparison: Comparison): ReviewedEntry[];
export function isClean(comparison: Comparison): boolean;
