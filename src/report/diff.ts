// Git-style unified diffs of a plan: `--- a/path` / `+++ b/path`, new files from /dev/null.
import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';
import type { PlannedFile } from '../fix/engine.js';
import { escapeControl } from '../text.js';

export function unifiedDiff(file: PlannedFile): string {
  // Paths are escaped like the rest of the output (git quotes them); file contents never are.
  const path = escapeControl(file.path);
  const oldName = file.before === null ? '/dev/null' : `a/${path}`;
  const newName = file.deleted ? '/dev/null' : `b/${path}`;
  return createTwoFilesPatch(oldName, newName, file.before ?? '', file.after, '', '', { headerOptions: FILE_HEADERS_ONLY });
}

export function planDiff(files: readonly PlannedFile[]): string {
  return files.map(unifiedDiff).join('');
}
