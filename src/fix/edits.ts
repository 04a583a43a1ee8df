// Edits are merged and checked for overlap here, and only here.
import type { Change, Edit } from '../types.js';

/** Ranges already claimed in one pass, per file; a new fix must not touch them. */
export class ClaimedRanges {
  private readonly ranges = new Map<string, Array<[number, number]>>();
  private readonly created = new Set<string>();

  /** True when none of the changes overlaps (or touches the insertion point of) a claimed range. */
  fits(changes: readonly Change[]): boolean {
    for (const c of changes) {
      if (c.kind === 'create' || c.kind === 'delete') {
        if (this.created.has(c.file) || this.ranges.has(c.file)) return false;
        continue;
      }
      if (this.created.has(c.file)) return false;
      for (const [s, e] of this.ranges.get(c.file) ?? []) if (overlaps(c, s, e)) return false;
    }
    // Changes of one fix must not overlap each other either.
    const edits = changes.filter((c): c is Edit => c.kind === 'edit');
    for (let i = 0; i < edits.length; i++)
      for (let j = i + 1; j < edits.length; j++)
        if (edits[i].file === edits[j].file && overlaps(edits[i], edits[j].start, edits[j].end)) return false;
    return true;
  }

  claim(changes: readonly Change[]): void {
    for (const c of changes) {
      // A deleted file, like a created one, is claimed whole.
      if (c.kind === 'create' || c.kind === 'delete') this.created.add(c.file);
      else {
        const list = this.ranges.get(c.file) ?? [];
        list.push([c.start, c.end]);
        this.ranges.set(c.file, list);
      }
    }
  }
}

/**
 * Two ranges overlap when they share a character. Two insertions at the same point, or an
 * insertion at the boundary of a replaced range, also conflict: their order would be a guess.
 */
function overlaps(edit: { start: number; end: number }, start: number, end: number): boolean {
  if (edit.start === edit.end || start === end) return edit.start <= end && start <= edit.end;
  return edit.start < end && start < edit.end;
}
