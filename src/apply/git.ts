// `fix --write --branch <name>`: commit the planned fixes on a new branch made from HEAD.
//
// The commits are built with git's plumbing (a temporary index, hash-object, write-tree,
// commit-tree) and the branch ref is created last, in one compare-and-swap update-ref: the
// user's HEAD, index and work tree are never touched, so a failure at any step leaves the
// repository exactly as it was (at worst a few unreachable objects for `git gc`). `--stay`
// then checks the branch out, which git does atomically or not at all.
//
// Only the git CLI is used, through execFileSync with explicit arguments (never a shell).
// Nothing is ever pushed.
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { childProcess, os } from '../builtins.js';
import { join, relative, sep } from 'node:path';
import type { PlannedFile } from '../fix/engine.js';

export interface GitCall {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
}

/** Runs `git <args>` and returns its stdout; throws on a non-zero exit. Injectable for tests. */
export type GitRunner = (args: readonly string[], call: GitCall) => string;

export class GitError extends Error {}

export const runGit: GitRunner = (args, call) => {
  try {
    return childProcess().execFileSync('git', args, {
      cwd: call.cwd,
      input: call.input,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', ...call.env },
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string; status?: number };
    if (e.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH)');
    // git may warn before it fails (an unreadable ~/.config/git, say): name the failure.
    const lines = (e.stderr ?? '').toString().trim().split('\n');
    const detail = lines.find((l) => /^(error|fatal):/.test(l)) ?? (lines[0] || e.message);
    throw new GitError(`git ${args[0]} failed: ${detail}`);
  }
};

export interface BranchSettings {
  branch: string;
  allowDirty?: boolean;
  forceBranch?: boolean;
}

export interface BranchContext {
  git: GitRunner;
  /** Absolute, real path of the work tree's top level. */
  toplevel: string;
  /** Absolute, real path of the scan root (plan paths are relative to it). */
  root: string;
  branch: string;
  /** HEAD's commit when we started. */
  base: string;
  /** The branch HEAD is on, or null when detached. */
  originalBranch: string | null;
  /** The branch's commit when it already exists (with --force-branch), else null. */
  existing: string | null;
}

/** Checks before anything is planned or written. Throws GitError (exit 2) when refusing. */
export function prepareBranch(root: string, settings: BranchSettings, git: GitRunner = runGit): BranchContext {
  const realRoot = realpathSync(root);
  let toplevel: string;
  try {
    if (git(['rev-parse', '--is-inside-work-tree'], { cwd: realRoot }).trim() !== 'true') throw new Error();
    toplevel = realpathSync(git(['rev-parse', '--show-toplevel'], { cwd: realRoot }).trim());
  } catch (err) {
    if (err instanceof GitError && /not installed/.test(err.message)) throw err;
    throw new GitError(`--branch needs a git work tree: ${realRoot} is not inside one`);
  }
  const run = (args: string[], input?: string) => git(args, { cwd: toplevel, input });
  const tryRun = (args: string[]) => {
    try {
      return run(args).trim();
    } catch {
      return null;
    }
  };

  const { branch } = settings;
  const checked = branch.startsWith('-') ? null : tryRun(['check-ref-format', '--branch', branch]);
  if (checked !== branch) throw new GitError(`'${branch}' is not a valid branch name`);
  const base = tryRun(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!base) throw new GitError('the repository has no commit yet: commit something first, then fix on a branch');
  const originalBranch = tryRun(['symbolic-ref', '--quiet', '--short', 'HEAD']);

  const existing = tryRun(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
  if (existing) {
    if (!settings.forceBranch) throw new GitError(`branch '${branch}' already exists (--force-branch resets it)`);
    if (branch === originalBranch) throw new GitError(`branch '${branch}' is checked out here; it cannot be reset`);
    const worktrees = run(['worktree', 'list', '--porcelain']);
    if (worktrees.split('\n').includes(`branch refs/heads/${branch}`)) throw new GitError(`branch '${branch}' is checked out in another work tree; it cannot be reset`);
  }

  if (!settings.allowDirty) {
    const dirty = run(['status', '--porcelain=v1', '-z', '--untracked-files=no']);
    if (dirty !== '') {
      const paths = dirty.split('\0').filter(Boolean).map((l) => l.slice(3));
      const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, and ${paths.length - 5} more` : '');
      throw new GitError(`the work tree has uncommitted changes (${shown}); commit or stash them, or pass --allow-dirty`);
    }
  }
  return { git, toplevel, root: realRoot, branch, base, originalBranch, existing };
}

export interface CommitStep {
  /** First line of the commit message. */
  subject: string;
  /** Rule id → number of fixes, listed in the message body. */
  rules: Map<string, number>;
  /** The state of every file changed so far (cumulative: the plan of all steps up to this one). */
  files: readonly PlannedFile[];
}

export interface BranchResult {
  branch: string;
  /** Where the branch starts: the original branch's name, or the commit when detached. */
  from: string;
  commits: { sha: string; subject: string }[];
  /** `git diff --shortstat` of the branch against its base. */
  stat: string;
  /** True when --stay checked the branch out. */
  checkedOut: boolean;
  pushCommand: string;
}

export interface CommitHooks {
  /** Called before each git invocation of the commit phase (tests inject failures here). */
  beforeGit?: (args: readonly string[]) => void;
}

/**
 * Commit each step on the branch and create (or reset) it. The work tree, index and HEAD are
 * left alone unless `stay`, which then checks the branch out.
 */
export function commitToBranch(ctx: BranchContext, steps: readonly CommitStep[], options: { stay?: boolean } = {}, hooks: CommitHooks = {}): BranchResult {
  const prefix = relative(ctx.toplevel, ctx.root).split(sep).join('/');
  const repoPath = (p: string) => (prefix === '' ? p : `${prefix}/${p}`);
  const indexDir = mkdtempSync(join(os().tmpdir(), 'dockmend-index-'));
  const env = { GIT_INDEX_FILE: join(indexDir, 'index') };
  const git = (args: string[], input?: string | Buffer, withIndex = false) => {
    hooks.beforeGit?.(args);
    return ctx.git(args, { cwd: ctx.toplevel, input, env: withIndex ? env : undefined });
  };

  let branchCreated = false;
  try {
    // Every file a fix touches must be committed as it is on disk: tracked and unmodified
    // (edits), or absent from HEAD and the disk (creations). Otherwise the commit would carry
    // changes the user never committed, or lose them.
    const touched = new Map<string, PlannedFile>();
    for (const step of steps) for (const f of step.files) if (!touched.has(f.path)) touched.set(f.path, f);
    const modes = new Map<string, string>();
    for (const [path, f] of touched) {
      const rp = repoPath(path);
      const tree = git(['--literal-pathspecs', 'ls-tree', '-z', ctx.base, '--', rp]);
      if (f.before === null) {
        if (tree !== '' || existsSync(join(ctx.root, path))) throw new GitError(`${path} exists; dockmend would create it`);
        continue;
      }
      const mode = tree.split(' ')[0];
      if (tree === '' || (mode !== '100644' && mode !== '100755')) throw new GitError(`${path} is not a regular file tracked by git; commit it first`);
      const status = git(['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--', rp]);
      if (status !== '') throw new GitError(`${path} has uncommitted changes; commit or stash them first`);
      modes.set(path, mode);
    }

    git(['read-tree', ctx.base], undefined, true);
    const commits: BranchResult['commits'] = [];
    let parent = ctx.base;
    let parentTree = git(['rev-parse', `${ctx.base}^{tree}`]).trim();
    const previous = new Map<string, string>();
    for (const step of steps) {
      const changed: Changed[] = [];
      for (const f of step.files) {
        const state = f.deleted ? '\0deleted' : f.after;
        if (previous.get(f.path) === state) continue;
        const rp = repoPath(f.path);
        if (f.deleted) {
          git(['update-index', '--force-remove', '--', rp], undefined, true);
          changed.push({ path: rp, change: 'deleted' });
        } else {
          const blob = git(['hash-object', '-w', '--stdin', `--path=${rp}`], Buffer.from(f.after, 'utf8')).trim();
          git(['update-index', '--add', '--cacheinfo', `${modes.get(f.path) ?? '100644'},${blob},${rp}`], undefined, true);
          changed.push({ path: rp, change: f.before === null && !previous.has(f.path) ? 'new' : 'modified' });
        }
        previous.set(f.path, state);
      }
      const tree = git(['write-tree'], undefined, true).trim();
      if (tree === parentTree) continue;
      const message = commitMessage(step, changed);
      const sha = git(['commit-tree', tree, '-p', parent, '-F', '-'], message).trim();
      commits.push({ sha, subject: step.subject });
      parent = sha;
      parentTree = tree;
    }
    if (commits.length === 0) throw new GitError('the fixes change nothing git would commit');

    // Create the branch last, only if it is still as we found it.
    git(['update-ref', '-m', `dockmend: fix on ${ctx.branch}`, `refs/heads/${ctx.branch}`, parent, ctx.existing ?? '']);
    branchCreated = true;
    const stat = git(['diff', '--shortstat', ctx.base, parent]).trim();
    let checkedOut = false;
    if (options.stay) {
      git(['checkout', '--quiet', ctx.branch]);
      checkedOut = true;
    }
    const remotes = git(['remote']).split('\n').filter(Boolean);
    const remote = remotes.includes('origin') ? 'origin' : (remotes[0] ?? '<remote>');
    return {
      branch: ctx.branch,
      from: ctx.originalBranch ?? ctx.base.slice(0, 12),
      commits,
      stat,
      checkedOut,
      pushCommand: `git push --set-upstream ${remote} ${ctx.branch}`,
    };
  } catch (err) {
    if (branchCreated) restoreRef(ctx);
    throw err;
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

/** Put the branch ref back as it was: deleted, or at its old commit (--force-branch). */
function restoreRef(ctx: BranchContext): void {
  const ref = `refs/heads/${ctx.branch}`;
  try {
    if (ctx.existing) ctx.git(['update-ref', '-m', 'dockmend: restore after a failure', ref, ctx.existing], { cwd: ctx.toplevel });
    else ctx.git(['update-ref', '-d', ref], { cwd: ctx.toplevel });
  } catch {
    /* reported by the caller's error; nothing more can be done */
  }
}

interface Changed {
  path: string;
  change: 'new' | 'modified' | 'deleted';
}

function commitMessage(step: CommitStep, changed: readonly Changed[]): string {
  const lines = [step.subject, '', 'Rules:'];
  for (const [rule, n] of step.rules) lines.push(`- ${rule} (${n} fix${n === 1 ? '' : 'es'})`);
  lines.push('', 'Files:');
  for (const c of changed) lines.push(`- ${c.path}${c.change === 'modified' ? '' : ` (${c.change})`}`);
  lines.push('', 'Generated by dockmend fix --branch.');
  return `${lines.join('\n')}\n`;
}
