// Content that should not be sent to the Docker daemon: it breaks the layer cache (bytecode
// rewritten on every run), bloats the context (dependency and VCS directories), or leaks
// local state. Patterns use `**/` because Docker, unlike git, anchors an unprefixed pattern
// at the context root (moby/patternmatcher: a pattern is matched against the whole path).
import type { TreeEntry } from '../project/walk.js';

export interface ClutterKind {
  /** The .dockerignore line that excludes this kind anywhere in the context. */
  pattern: string;
  /** Comment heading the group the line is written under. */
  group: string;
  /** Heavy or cache-breaking: its presence alone makes a missing ignore file worth reporting. */
  heavy: boolean;
  matches(entry: TreeEntry): boolean;
  /** What to call one match and several in a message. */
  label: [singular: string, plural: string];
}

const dir = (name: string) => (e: TreeEntry) => e.kind === 'dir' && e.name === name;
const fileSuffix = (...suffixes: string[]) => (e: TreeEntry) => e.kind === 'file' && suffixes.some((s) => e.name.endsWith(s));

const PY = 'Python bytecode and tool caches';
const DEPS = 'Dependencies are installed inside the image';
const VCS = 'Version control';
const JUNK = 'Editor and OS files';

/** In the order they are written to a generated ignore file. */
export const CLUTTER_KINDS: readonly ClutterKind[] = [
  { pattern: '**/__pycache__', group: PY, heavy: true, matches: dir('__pycache__'), label: ['__pycache__ directory', '__pycache__ directories'] },
  { pattern: '**/*.py[cod]', group: PY, heavy: true, matches: fileSuffix('.pyc', '.pyo', '.pyd'), label: ['.pyc file', '.pyc files'] },
  { pattern: '**/.pytest_cache', group: PY, heavy: true, matches: dir('.pytest_cache'), label: ['.pytest_cache directory', '.pytest_cache directories'] },
  { pattern: '**/.mypy_cache', group: PY, heavy: true, matches: dir('.mypy_cache'), label: ['.mypy_cache directory', '.mypy_cache directories'] },
  { pattern: '**/.ruff_cache', group: PY, heavy: true, matches: dir('.ruff_cache'), label: ['.ruff_cache directory', '.ruff_cache directories'] },
  { pattern: '**/.tox', group: PY, heavy: true, matches: dir('.tox'), label: ['.tox directory', '.tox directories'] },
  { pattern: '**/node_modules', group: DEPS, heavy: true, matches: dir('node_modules'), label: ['node_modules directory', 'node_modules directories'] },
  { pattern: '**/.venv', group: DEPS, heavy: true, matches: dir('.venv'), label: ['.venv directory', '.venv directories'] },
  { pattern: '**/venv', group: DEPS, heavy: true, matches: dir('venv'), label: ['venv directory', 'venv directories'] },
  { pattern: '**/.git', group: VCS, heavy: true, matches: (e) => e.name === '.git', label: ['.git directory', '.git directories'] },
  { pattern: '**/.DS_Store', group: JUNK, heavy: false, matches: (e) => e.kind === 'file' && e.name === '.DS_Store', label: ['.DS_Store file', '.DS_Store files'] },
  { pattern: '**/.idea', group: JUNK, heavy: false, matches: dir('.idea'), label: ['.idea directory', '.idea directories'] },
  { pattern: '**/.vscode', group: JUNK, heavy: false, matches: dir('.vscode'), label: ['.vscode directory', '.vscode directories'] },
];

export interface ClutterCount {
  kind: ClutterKind;
  count: number;
  /** First match, for messages. */
  example: string;
}

export function describeCount(c: ClutterCount): string {
  return `${c.count} ${c.kind.label[c.count === 1 ? 0 : 1]}`;
}

/** Count clutter below `entries`; matched directories are not descended by callers' walks. */
export function countClutter(entries: Iterable<TreeEntry>): ClutterCount[] {
  const counts = new Map<ClutterKind, ClutterCount>();
  for (const entry of entries) {
    for (const kind of CLUTTER_KINDS) {
      if (!kind.matches(entry)) continue;
      const c = counts.get(kind);
      if (c) c.count++;
      else counts.set(kind, { kind, count: 1, example: entry.path });
    }
  }
  return CLUTTER_KINDS.filter((k) => counts.has(k)).map((k) => counts.get(k)!);
}
