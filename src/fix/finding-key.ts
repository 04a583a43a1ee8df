import type { ResolvedFinding } from '../types.js';

/** A stable identity for a finding across passes and re-plans (UI selections key on it). */
export function findingKey(f: Pick<ResolvedFinding, 'rule' | 'location' | 'message'>): string {
  return `${f.rule}\0${f.location.file}\0${f.location.start}\0${f.message}`;
}
