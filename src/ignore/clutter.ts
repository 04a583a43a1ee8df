// Content that should not be sent to the Docker daemon: it breaks the layer cache (bytecode
// rewritten on every run), bloats the context (dependency and VCS directories), or leaks
// local secrets. Patterns use `**/` because Docker, unlike git, anchors an unprefixed pattern
// at the context root (moby/patternmatcher matches a pattern against the whole path).
import type { EntryKind, FileTree } from '../project/walk.js';
import { compareCodeUnits, lowerBound } from '../text.js';

export interface ClutterKind {
  /** The .dockerignore lines that exclude this kind anywhere in the context. */
  patterns: string[];
  /** Comment heading the group the lines are written under. */
  group: string;
  /** Heavy, cache-breaking or secret: its presence alone makes a missing ignore file worth reporting. */
  reportable: boolean;
  matches(name: string, kind: EntryKind, parent: string): boolean;
  /** `matches` reads `parent`; the others depend on the name and kind alone (clutterIndex caches them by name). */
  byParent?: true;
  /** What to call one match and several in a message. */
  label: [singular: string, plural: string];
}

const dir = (dirName: string) => (name: string, kind: EntryKind) => kind === 'dir' && name === dirName;
const file = (test: (name: string) => boolean) => (name: string, kind: EntryKind) => kind === 'file' && test(name);

const PY = 'Python bytecode and tool caches';
const DEPS = 'Dependencies are installed inside the image';
const VCS = 'Version control';
const OUTPUT = 'Build and test output';
const SECRETS = 'Local environment and secrets: never bake them into an image';
const LOGS = 'Logs';
const JUNK = 'Editor and OS files';

/** In the order they are written to a generated ignore file. */
export const CLUTTER_KINDS: readonly ClutterKind[] = [
  { patterns: ['**/__pycache__'], group: PY, reportable: true, matches: dir('__pycache__'), label: ['__pycache__ directory', '__pycache__ directories'] },
  { patterns: ['**/*.py[cod]'], group: PY, reportable: true, matches: file((n) => /\.py[cod]$/.test(n)), label: ['.pyc file', '.pyc files'] },
  { patterns: ['**/.pytest_cache'], group: PY, reportable: true, matches: dir('.pytest_cache'), label: ['.pytest_cache directory', '.pytest_cache directories'] },
  { patterns: ['**/.mypy_cache'], group: PY, reportable: true, matches: dir('.mypy_cache'), label: ['.mypy_cache directory', '.mypy_cache directories'] },
  { patterns: ['**/.ruff_cache'], group: PY, reportable: true, matches: dir('.ruff_cache'), label: ['.ruff_cache directory', '.ruff_cache directories'] },
  { patterns: ['**/.tox'], group: PY, reportable: true, matches: dir('.tox'), label: ['.tox directory', '.tox directories'] },
  { patterns: ['**/node_modules'], group: DEPS, reportable: true, matches: dir('node_modules'), label: ['node_modules directory', 'node_modules directories'] },
  { patterns: ['**/.venv'], group: DEPS, reportable: true, matches: dir('.venv'), label: ['.venv directory', '.venv directories'] },
  { patterns: ['**/venv'], group: DEPS, reportable: true, matches: dir('venv'), label: ['venv directory', 'venv directories'] },
  { patterns: ['**/.git'], group: VCS, reportable: true, matches: (name) => name === '.git', label: ['.git directory', '.git directories'] },
  { patterns: ['**/coverage'], group: OUTPUT, reportable: false, matches: dir('coverage'), label: ['coverage directory', 'coverage directories'] },
  { patterns: ['**/.next/cache'], group: OUTPUT, reportable: true, matches: (name, kind, parent) => kind === 'dir' && name === 'cache' && (parent === '.next' || parent.endsWith('/.next')), byParent: true, label: ['.next/cache directory', '.next/cache directories'] },
  { patterns: ['**/dist'], group: OUTPUT, reportable: false, matches: dir('dist'), label: ['dist directory', 'dist directories'] },
  {
    patterns: ['**/.env', '**/.env.*', '!**/.env.example', '!**/.env.template'],
    group: SECRETS,
    reportable: true,
    matches: file((n) => n === '.env' || (n.startsWith('.env.') && !n.endsWith('.example') && !n.endsWith('.template'))),
    label: ['.env file', '.env files'],
  },
  // Private keys by name only: a `.pem` is as often a public CA bundle the app reads at run time
  // (redash ships rds-combined-ca-bundle.pem), and excluding it would break the image.
  {
    patterns: ['**/*.key', '**/*-key.pem', '**/*_key.pem', '**/privkey*.pem'],
    group: SECRETS,
    reportable: true,
    matches: file((n) => n.endsWith('.key') || /[-_]key\.pem$/.test(n) || /^privkey.*\.pem$/.test(n)),
    label: ['private key file', 'private key files'],
  },
  { patterns: ['**/id_rsa*'], group: SECRETS, reportable: true, matches: file((n) => n.startsWith('id_rsa')), label: ['SSH key', 'SSH keys'] },
  { patterns: ['**/*.log'], group: LOGS, reportable: false, matches: file((n) => n.endsWith('.log')), label: ['log file', 'log files'] },
  { patterns: ['**/.DS_Store'], group: JUNK, reportable: false, matches: file((n) => n === '.DS_Store'), label: ['.DS_Store file', '.DS_Store files'] },
  { patterns: ['**/.idea'], group: JUNK, reportable: false, matches: dir('.idea'), label: ['.idea directory', '.idea directories'] },
  { patterns: ['**/.vscode'], group: JUNK, reportable: false, matches: dir('.vscode'), label: ['.vscode directory', '.vscode directories'] },
];

export interface ClutterCount {
  kind: ClutterKind;
  count: number;
  /** Root-relative paths of the matches. */
  paths: string[];
}

export function describeCount(c: ClutterCount): string {
  return `${c.count} ${c.kind.label[c.count === 1 ? 0 : 1]}`;
}

const BY_NAME_KINDS = CLUTTER_KINDS.filter((k) => !k.byParent);
const BY_PARENT_KINDS = CLUTTER_KINDS.filter((k) => k.byParent);

interface ClutterEntry {
  path: string;
  kind: ClutterKind;
}

/**
 * Every clutter entry of the tree, found in one traversal and shared by every context and rule;
 * sorted by path, so that the entries below a directory are one run found by binary search.
 */
const indexes = new WeakMap<FileTree, { version: number; entries: ClutterEntry[] }>();

function clutterIndex(tree: FileTree): ClutterEntry[] {
  const cached = indexes.get(tree);
  if (cached && cached.version === tree.version) return cached.entries;
  // A fix pass adds or removes a few files (a generated .dockerignore): update the index rather
  // than traverse the whole tree again.
  const changes = cached ? tree.changesSince(cached.version) : null;
  if (cached && changes) {
    for (const c of changes) (c.added ? addFileEntries : removeFileEntries)(cached.entries, c.path);
    cached.version = tree.version;
    return cached.entries;
  }
  const entries: ClutterEntry[] = [];
  // The kinds that go by name and kind alone, per name: 75,000 entries are mostly a few
  // thousand names (`__init__.py`, `index.js`), and 20 kinds tried on each was 2% of a scan.
  const byName = { file: new Map<string, readonly ClutterKind[]>(), dir: new Map<string, readonly ClutterKind[]>(), symlink: new Map<string, readonly ClutterKind[]>(), other: new Map<string, readonly ClutterKind[]>() };
  tree.visitNames('', (name, kind, parent) => {
    const cache = byName[kind];
    let kinds = cache.get(name);
    if (kinds === undefined) cache.set(name, (kinds = BY_NAME_KINDS.filter((k) => k.matches(name, kind, parent))));
    let withParent: ClutterKind[] | null = null;
    for (const k of BY_PARENT_KINDS) if (k.matches(name, kind, parent)) (withParent ??= []).push(k);
    if (withParent !== null) {
      const own = kinds;
      const more = withParent;
      kinds = CLUTTER_KINDS.filter((k) => own.includes(k) || more.includes(k));
    }
    for (const clutter of kinds) entries.push({ path: parent === '' ? name : `${parent}/${name}`, kind: clutter });
    // A matched directory is not descended into: its content is the clutter.
    return kinds.length === 0;
  });
  entries.sort((a, b) => compareCodeUnits(a.path, b.path));
  indexes.set(tree, { version: tree.version, entries });
  return entries;
}

/** Index a file the tree gained, as the traversal would have: not below a matched directory. */
function addFileEntries(entries: ClutterEntry[], path: string): void {
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
    const ancestor = path.slice(0, i);
    const at = lowerBound(entries, ancestor, (e) => e.path);
    if (at < entries.length && entries[at].path === ancestor) return;
  }
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const parent = slash < 0 ? '' : path.slice(0, slash);
  const matched = CLUTTER_KINDS.filter((k) => k.matches(name, 'file', parent));
  if (matched.length === 0) return;
  const at = lowerBound(entries, path, (e) => e.path);
  entries.splice(at, 0, ...matched.map((kind) => ({ path, kind })));
}

/** Forget a file the tree lost. */
function removeFileEntries(entries: ClutterEntry[], path: string): void {
  const at = lowerBound(entries, path, (e) => e.path);
  let end = at;
  while (end < entries.length && entries[end].path === path) end++;
  entries.splice(at, end - at);
}

/**
 * Clutter below `dir`, leaving out what `isSent` says is not sent (for a path below an
 * excluded directory, `isSent` must say so too: the ignore matcher's parent matching does).
 */
export function countClutter(tree: FileTree, dir: string, isSent: (path: string) => boolean = () => true): ClutterCount[] {
  const counts = new Map<ClutterKind, ClutterCount>();
  const prefix = dir === '' ? '' : `${dir}/`;
  const entries = clutterIndex(tree);
  // Paths sharing a prefix are contiguous in sorted order: start at the first one not below it.
  for (let i = lowerBound(entries, prefix, (e) => e.path); i < entries.length && entries[i].path.startsWith(prefix); i++) {
    const { path, kind } = entries[i];
    if (!isSent(path)) continue;
    const c = counts.get(kind);
    if (c) {
      c.count++;
      c.paths.push(path);
    } else counts.set(kind, { kind, count: 1, paths: [path] });
  }
  return CLUTTER_KINDS.filter((k) => counts.has(k)).map((k) => counts.get(k)!);
}

/**
 * Whether an entry is a cache, dependency, VCS directory, secret or build output (what makes a
 * context heavy, cache-breaking or leaky), as opposed to logs, editor files and ordinary names.
 */
export function isWeightyClutter(name: string, kind: EntryKind, parent: string): boolean {
  return CLUTTER_KINDS.some((k) => k.group !== LOGS && k.group !== JUNK && k.matches(name, kind, parent));
}
