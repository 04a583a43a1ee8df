// All of the session's state, and the one pure reducer that changes it. Effects (detection,
// planning, writing, exiting) live in App.tsx and report back through actions.
import type { WriteOutcome } from '../apply/write.js';
import type { Plan } from '../fix/engine.js';
import { findingKey } from '../fix/finding-key.js';
import type { Change, Fix, ResolvedFinding } from '../types.js';
import { plural } from './display.js';
import { acceptedFix, overlapsWith, selectionSignature, type Decision } from './plan.js';

export type Screen = 'scanning' | 'list' | 'review' | 'writing' | 'result' | 'quit';

export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'enter'
  | 'escape'
  | 'accept'
  | 'skip'
  | 'acceptAll'
  | 'toggle'
  | 'review'
  | 'quit'
  | 'interrupt'
  | 'help'
  | 'digit';

export interface Notice {
  text: string;
  tone: 'info' | 'warn';
}

export interface State {
  screen: Screen;
  /** Entries the walk visited. */
  walked: number;
  /** Build contexts found, once detection ran. */
  contexts: number | null;
  findings: ResolvedFinding[];
  decisions: Decision[];
  /** Index into findings. */
  cursor: number;
  /** The detail of the finding under the cursor is open. */
  detail: boolean;
  /** First visible line of the detail or review body. */
  scroll: number;
  help: boolean;
  notice: Notice | null;
  /** Selection signature a plan is wanted for (the App computes it); null when none. */
  planWanted: string | null;
  /** The latest plan and the signature it was made for. */
  plan: Plan | null;
  planFor: string | null;
  /** Accepted findings whose fix overlapped another accepted one: reported when the re-plan lands. */
  overlapping: number[];
  outcome: WriteOutcome | null;
}

/** Size of the visible body, and how far the current body can scroll. */
export interface ViewMetrics {
  page: number;
  maxScroll: number;
}

export type Action =
  | { type: 'scanned'; findings: ResolvedFinding[]; contexts: number }
  | { type: 'key'; key: KeyName; digit?: number; view: ViewMetrics }
  | { type: 'planned'; signature: string; plan: Plan }
  | { type: 'written'; outcome: WriteOutcome };

export function initialState(walked: number): State {
  return {
    screen: 'scanning',
    walked,
    contexts: null,
    findings: [],
    decisions: [],
    cursor: 0,
    detail: false,
    scroll: 0,
    help: false,
    notice: null,
    planWanted: null,
    plan: null,
    planFor: null,
    overlapping: [],
    outcome: null,
  };
}

export function signatureOf(state: State): string {
  return selectionSignature(state.findings, state.decisions);
}

/** The plan, when it is up to date with the decisions. */
export function currentPlan(state: State): Plan | null {
  return state.plan && state.planFor === signatureOf(state) ? state.plan : null;
}

export function totals(state: State): { findings: number; fixable: number; accepted: number; skipped: number; pending: number } {
  let fixable = 0;
  let accepted = 0;
  let skipped = 0;
  state.findings.forEach((f, i) => {
    if (f.fixes.length === 0) return;
    fixable++;
    const s = state.decisions[i].status;
    if (s === 'accepted') accepted++;
    else if (s === 'skipped') skipped++;
  });
  return { findings: state.findings.length, fixable, accepted, skipped, pending: fixable - accepted - skipped };
}

/** Exit code once the session is over: 2 when a chosen file could not be written (an I/O
 * failure, as for `fix --write`), else 0. */
export function exitCode(state: State): number {
  return state.outcome && state.outcome.skipped.length > 0 ? 2 : 0;
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'scanned':
      return {
        ...state,
        screen: action.findings.length === 0 ? 'result' : 'list',
        findings: action.findings,
        contexts: action.contexts,
        decisions: action.findings.map(() => ({ status: 'pending', choice: 0 })),
        cursor: 0,
      };
    case 'planned':
      return landPlan(state, action.signature, action.plan);
    case 'written':
      return state.screen === 'writing' ? { ...state, screen: 'result', outcome: action.outcome } : state;
    case 'key':
      return onKey({ ...state, notice: null }, action);
  }
}

function onKey(state: State, action: Extract<Action, { type: 'key' }>): State {
  const { key } = action;
  if (state.screen === 'writing' || state.screen === 'result' || state.screen === 'quit') return state;
  if (key === 'interrupt') return quit(state);
  if (state.help) return key === 'help' || key === 'escape' || key === 'quit' || key === 'enter' ? { ...state, help: false } : state;
  if (key === 'help') return { ...state, help: true };
  if (state.screen === 'scanning') return key === 'quit' ? quit(state) : state;
  if (state.screen === 'review') return onReviewKey(state, action);
  return onListKey(state, action);
}

function quit(state: State): State {
  return { ...state, screen: 'quit', help: false, planWanted: null };
}

function scrollBy(state: State, delta: number, view: ViewMetrics): State {
  return { ...state, scroll: Math.max(0, Math.min(view.maxScroll, state.scroll + delta)) };
}

function moveTo(state: State, cursor: number): State {
  const c = Math.max(0, Math.min(state.findings.length - 1, cursor));
  return c === state.cursor ? state : { ...state, cursor: c, scroll: 0 };
}

function onReviewKey(state: State, { key, view }: Extract<Action, { type: 'key' }>): State {
  switch (key) {
    case 'up':
      return scrollBy(state, -1, view);
    case 'down':
      return scrollBy(state, 1, view);
    case 'pageUp':
      return scrollBy(state, -view.page, view);
    case 'pageDown':
      return scrollBy(state, view.page, view);
    case 'home':
      return { ...state, scroll: 0 };
    case 'end':
      return { ...state, scroll: view.maxScroll };
    case 'accept': {
      const p = currentPlan(state);
      if (!p) return { ...state, notice: { text: 'Still planning; nothing written yet.', tone: 'info' } };
      if (p.files.length === 0) return { ...state, screen: 'result', outcome: { written: [], skipped: [] } };
      return { ...state, screen: 'writing' };
    }
    case 'skip':
    case 'escape':
      return { ...state, screen: 'list', scroll: 0 };
    case 'quit':
      return quit(state);
    default:
      return state;
  }
}

function onListKey(state: State, { key, digit, view }: Extract<Action, { type: 'key' }>): State {
  switch (key) {
    case 'up':
      return state.detail ? scrollBy(state, -1, view) : moveTo(state, state.cursor - 1);
    case 'down':
      return state.detail ? scrollBy(state, 1, view) : moveTo(state, state.cursor + 1);
    case 'pageUp':
      return state.detail ? scrollBy(state, -view.page, view) : moveTo(state, state.cursor - view.page);
    case 'pageDown':
      return state.detail ? scrollBy(state, view.page, view) : moveTo(state, state.cursor + view.page);
    case 'home':
      return state.detail ? { ...state, scroll: 0 } : moveTo(state, 0);
    case 'end':
      return state.detail ? { ...state, scroll: view.maxScroll } : moveTo(state, state.findings.length - 1);
    case 'left':
      return state.detail ? moveTo(state, state.cursor - 1) : state;
    case 'right':
      return state.detail ? moveTo(state, state.cursor + 1) : state;
    case 'enter':
      return { ...state, detail: !state.detail, scroll: 0 };
    case 'escape':
      return { ...state, detail: false, scroll: 0 };
    case 'accept':
      return decide(state, 'accepted', true);
    case 'skip':
      return decide(state, 'skipped', true);
    case 'toggle':
      return decide(state, state.decisions[state.cursor].status === 'accepted' ? 'skipped' : 'accepted', false);
    case 'acceptAll':
      return acceptAllSafe(state);
    case 'digit':
      return chooseAlternative(state, digit ?? 0);
    case 'review': {
      const reviewing = { ...state, screen: 'review' as const, scroll: 0, help: false };
      return wantPlan(reviewing);
    }
    case 'quit':
      return quit(state);
    default:
      return state;
  }
}

/** Ask for a plan of the current decisions unless one is already there (or on its way). */
function wantPlan(state: State): State {
  const sig = signatureOf(state);
  return state.planFor === sig ? { ...state, planWanted: null } : { ...state, planWanted: sig };
}

function withDecision(state: State, index: number, d: Decision): State {
  const decisions = state.decisions.slice();
  decisions[index] = d;
  return { ...state, decisions };
}

/** Accept (checking overlap) or skip the finding under the cursor; y/n move on, space stays. */
function decide(state: State, status: 'accepted' | 'skipped', advance: boolean): State {
  const i = state.cursor;
  const f = state.findings[i];
  if (f.fixes.length === 0) return { ...state, notice: { text: 'This finding has no automatic fix.', tone: 'info' } };
  let next = withDecision(state, i, { ...state.decisions[i], status });
  if (status === 'accepted') next = checkOverlap(next, [i]);
  else next = { ...next, overlapping: next.overlapping.filter((o) => o !== i) };
  return advance ? moveTo(next, i + 1) : next;
}

/** When accepted fixes overlap others, re-plan now so the user learns what will happen. */
function checkOverlap(state: State, indices: number[]): State {
  const hits = indices.filter((i) => {
    const fix = acceptedFix(state.findings[i], state.decisions[i]);
    return fix !== undefined && overlapsWith(state.findings, state.decisions, i, fix).length > 0;
  });
  if (hits.length === 0) return state;
  const overlapping = [...new Set([...state.overlapping, ...hits])];
  return {
    ...wantPlan({ ...state, overlapping }),
    notice: { text: `${hits.length === 1 ? 'This fix overlaps' : `${hits.length} fixes overlap`} an accepted fix; re-planning…`, tone: 'info' },
  };
}

function acceptAllSafe(state: State): State {
  const decisions = state.decisions.slice();
  const accepted: number[] = [];
  let unsafe = 0;
  state.findings.forEach((f, i) => {
    const d = decisions[i];
    const fix = f.fixes[d.choice];
    if (d.status !== 'pending' || !fix) return;
    if (fix.applicability !== 'safe') {
      unsafe++;
      return;
    }
    decisions[i] = { ...d, status: 'accepted' };
    accepted.push(i);
  });
  const text =
    `Accepted ${plural(accepted.length, 'safe fix', 'safe fixes')}` +
    (unsafe > 0 ? `; ${plural(unsafe, 'unsafe fix', 'unsafe fixes')} left for you to decide.` : '.');
  const next = checkOverlap({ ...state, decisions }, accepted);
  return { ...next, notice: next.notice ? { text: `${text} ${next.notice.text}`, tone: 'info' } : { text, tone: 'info' } };
}

function chooseAlternative(state: State, digit: number): State {
  const i = state.cursor;
  const f = state.findings[i];
  if (f.fixes.length === 0) return { ...state, notice: { text: 'This finding has no automatic fix.', tone: 'info' } };
  if (digit < 1 || digit > f.fixes.length) {
    return { ...state, notice: { text: `No alternative ${digit}: this finding has ${plural(f.fixes.length, 'fix', 'fixes')}.`, tone: 'warn' } };
  }
  const next = { ...withDecision(state, i, { ...state.decisions[i], choice: digit - 1 }), scroll: 0 };
  const picked = { ...next, notice: { text: `Alternative ${digit}: ${f.fixes[digit - 1].title}`, tone: 'info' as const } };
  return next.decisions[i].status === 'accepted' ? { ...checkOverlap(picked, [i]), notice: picked.notice } : picked;
}

/** Store a plan; when it was a re-plan for overlapping fixes, say what became of them. */
function landPlan(state: State, signature: string, plan: Plan): State {
  if (signature !== signatureOf(state)) return state.planWanted === signature ? { ...state, planWanted: null } : state;
  const next: State = { ...state, plan, planFor: signature, planWanted: null };
  const pending = state.overlapping.filter((i) => state.decisions[i].status === 'accepted');
  if (pending.length === 0) return { ...next, overlapping: [] };
  const fates = pending.map((i) => fateOf(state.findings[i], plan, acceptedFix(state.findings[i], state.decisions[i])));
  const later = fates.filter((f) => f.kind === 'applied' && f.pass > 0).length;
  const covered = fates.filter((f) => f.kind === 'covered').length;
  const dropped = fates.filter((f) => f.kind === 'rejected' || f.kind === 'dropped').length;
  let text: string;
  if (pending.length === 1) {
    const fate = fates[0];
    text =
      fate.kind === 'applied'
        ? fate.pass > 0
          ? `Re-planned: this fix overlaps another and applies in pass ${fate.pass + 1}, after it.`
          : 'Re-planned: this fix applies first; the overlapping one waits for a later pass.'
        : fate.kind === 'covered'
          ? `Re-planned: this fix is the same edit as another accepted fix, and is applied with it (${fate.by.title}).`
          : fate.kind === 'rejected'
            ? `Re-planned: this fix was dropped: ${fate.reason}`
            : 'Re-planned: after the overlapping fix this finding no longer matches, so this fix will not be written.';
  } else {
    const parts = [`${later} apply in a later pass`, ...(covered > 0 ? [`${covered} are applied with another fix's identical edit`] : []), `${dropped} will not be written`];
    text = `Re-planned ${pending.length} overlapping fixes: ${parts.join(', ')}.`;
  }
  return { ...next, overlapping: [], notice: { text, tone: dropped > 0 ? 'warn' : 'info' } };
}

/**
 * `covered`: the fix was not applied for this finding, but its edit was, as part of another
 * finding's fix (three undefined variables, one `.env.example` that lists them all): the engine
 * takes a shared edit once, and the other findings are gone in the next pass.
 */
export type Fate = { kind: 'applied'; pass: number } | { kind: 'covered'; by: Fix; pass: number } | { kind: 'rejected'; reason: string } | { kind: 'dropped' };

/** What a plan did with a finding's accepted fix (`fix`: the alternative chosen for it). */
export function fateOf(finding: ResolvedFinding, plan: Plan, fix?: Fix): Fate {
  const key = findingKey(finding);
  const applied = plan.applied.find((a) => findingKey(a.finding) === key);
  if (applied) return { kind: 'applied', pass: applied.pass };
  const rejected = plan.rejected.find((r) => findingKey(r.finding) === key);
  if (rejected) return { kind: 'rejected', reason: rejected.reason };
  const by = fix && plan.applied.find((a) => fix.changes.every((c) => a.fix.changes.some((d) => sameChange(c, d))));
  if (by) return { kind: 'covered', by: by.fix, pass: by.pass };
  return { kind: 'dropped' };
}

function sameChange(a: Change, b: Change): boolean {
  if (a.kind !== b.kind || a.file !== b.file) return false;
  if (a.kind === 'edit' && b.kind === 'edit') return a.start === b.start && a.end === b.end && a.text === b.text;
  if (a.kind === 'create' && b.kind === 'create') return a.text === b.text;
  return a.kind === 'delete';
}
