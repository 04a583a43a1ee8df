// Which ignore file each build reads, inverted: for every ignore file in force, the build
// contexts (distinct directories) that read it.
import type { BuildContext, Project } from '../project/project.js';

export function ignoreFilesInUse(project: Project): Map<string, BuildContext[]> {
  const byFile = new Map<string, BuildContext[]>();
  for (const c of project.contexts) {
    if (!c.ignoreFile || !c.dirExists) continue;
    const list = byFile.get(c.ignoreFile) ?? [];
    if (!list.some((x) => x.dir === c.dir)) list.push(c);
    byFile.set(c.ignoreFile, list);
  }
  return byFile;
}

/** The text of every line of a file, for comparing with candidate lines. */
export function fileLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}
