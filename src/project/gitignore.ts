// Whether git ignores a path, read from the tree's `.gitignore` files: an adapter over the one
// gitignore(5) matcher (src/ignore/gitignore.ts, cross-checked against `git check-ignore`), for
// rules that only need yes or no — e.g. compose-env-file-missing telling a file the user creates
// locally (`.env`, ignored, with a template next to it) from one the repository forgot.
// `.git/info/exclude` and the user's global excludes file are outside the repository and not read.
import { gitIgnored, parseGitignore, type GitignoreSource } from '../ignore/gitignore.js';

interface TreeLike {
  isFile(path: string): boolean;
}
interface TextSource {
  read(path: string): { text: string | null };
}

/** Parsed `.gitignore` files per text source (a scan's SourceStore), by folder. */
const parsed = new WeakMap<TextSource, Map<string, GitignoreSource | null>>();

/** Whether git ignores `path` (root-relative, `/` separators); `isDir` for a directory. */
export function isGitIgnored(tree: TreeLike, sources: TextSource, path: string, isDir = false): boolean {
  let cache = parsed.get(sources);
  if (!cache) parsed.set(sources, (cache = new Map()));
  const byFolder = cache;
  const ignoreFileIn = (dir: string): GitignoreSource | null => {
    if (byFolder.has(dir)) return byFolder.get(dir)!;
    const file = dir === '' ? '.gitignore' : `${dir}/.gitignore`;
    const text = tree.isFile(file) ? sources.read(file).text : null;
    const source = text === null ? null : { dir, file, patterns: parseGitignore(text) };
    byFolder.set(dir, source);
    return source;
  };
  return gitIgnored(path, isDir, ignoreFileIn) !== null;
}
