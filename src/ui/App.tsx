// The interactive fix session: one reducer for the state, effects for the engine calls.
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { WriteOutcome } from '../apply/write.js';
import type { PlannedFile, RunOptions, Session } from '../fix/engine.js';
import { planDiff } from '../report/diff.js';
import type { Fix } from '../types.js';
import { clean, plural } from './display.js';
import { keyNames } from './keys.js';
import { ColorContext, LineView, LinesView, windowStart } from './Lines.js';
import { engine } from './engine.js';
import { diffLines, fixDiffLines, planSelection } from './plan.js';
import { Spinner } from './Spinner.js';
import { currentPlan, exitCode, initialState, reducer, type State, type ViewMetrics } from './state.js';
import { detailLines, headerLine, helpLines, hintLine, listLines, resultLines, reviewLines, type Line } from './view.js';

export type WriteFn = (root: string, files: readonly PlannedFile[]) => WriteOutcome | Promise<WriteOutcome>;

export interface AppProps {
  session: Session;
  options: RunOptions;
  write: WriteFn;
  /** Paint colours and styles (see colorEnabled). */
  color: boolean;
  /** Shown on the last frame: how to run the session again. */
  rerun: string;
  /** Told the exit code when the session ends (tests; the entry point uses Ink's exit value). */
  onDone?: (code: number) => void;
}

/** Terminal size, following 'resize'. */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return size;
}

/** Header, footer (notice + keys) and Ink's trailing line: the body gets the rest, never the last row. */
const CHROME = 4;

export function App({ session, options, write, color, rerun, onDone }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [state, dispatch] = useReducer(reducer, session.tree.visited, initialState);
  const bodyHeight = Math.max(3, rows - CHROME);

  // Scanning: the walk already ran (openSession); detection runs after the first frame.
  useEffect(() => {
    const timer = setImmediate(() => {
      try {
        const { project, findings } = engine().detect(session, options);
        dispatch({ type: 'scanned', findings, contexts: project.contexts.length });
      } catch (err) {
        exit(err instanceof Error ? err : new Error(String(err)));
      }
    });
    return () => clearImmediate(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // (Re-)planning of the accepted fixes; plan() runs on the session, which is then put back.
  const latest = useRef(state);
  latest.current = state;
  useEffect(() => {
    const signature = state.planWanted;
    if (signature === null) return;
    const timer = setImmediate(() => {
      const s = latest.current;
      try {
        dispatch({ type: 'planned', signature, plan: planSelection(session, options, s.findings, s.decisions) });
      } catch (err) {
        exit(err instanceof Error ? err : new Error(String(err)));
      }
    });
    return () => clearImmediate(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.planWanted]);

  // Writing: only after the confirmation on the review screen.
  useEffect(() => {
    if (state.screen !== 'writing') return;
    const plan = currentPlan(state);
    if (!plan) return;
    let cancelled = false;
    setImmediate(async () => {
      try {
        const outcome = await write(session.root, plan.files);
        if (!cancelled) dispatch({ type: 'written', outcome });
      } catch (err) {
        exit(err instanceof Error ? err : new Error(String(err)));
      }
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.screen]);

  // The last frame stays on the terminal; then the session ends.
  const done = state.screen === 'result' || state.screen === 'quit';
  useEffect(() => {
    if (!done) return;
    onDone?.(exitCode(state));
    exit(exitCode(state));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done]);

  const diffCache = useRef(new WeakMap<Fix, string[]>());
  const current = state.findings[state.cursor];
  const currentFix = current?.fixes[state.decisions[state.cursor]?.choice ?? 0];
  const fixDiff = useMemo(() => {
    if (!state.detail || !currentFix) return [];
    let lines = diffCache.current.get(currentFix);
    if (!lines) diffCache.current.set(currentFix, (lines = fixDiffLines(session, currentFix)));
    return lines;
  }, [state.detail, currentFix, session]);
  const plan = currentPlan(state);
  const reviewDiff = useMemo(() => (plan ? diffLines(planDiff(plan.files)) : []), [plan]);

  const scrollable: Line[] | null = state.help
    ? null
    : state.screen === 'review'
      ? reviewLines(state, reviewDiff)
      : state.screen === 'list' && state.detail
        ? detailLines(state, fixDiff, columns)
        : null;
  const view: ViewMetrics = { page: bodyHeight, maxScroll: scrollable ? Math.max(0, scrollable.length - bodyHeight) : 0 };
  const viewRef = useRef(view);
  viewRef.current = view;

  useInput(
    (input, key) => {
      for (const k of keyNames(input, key)) dispatch({ type: 'key', ...k, view: viewRef.current });
    },
    { isActive: !done },
  );

  if (done) {
    return (
      <ColorContext.Provider value={color}>
        <Box flexDirection="column" width={columns}>
          {resultLines(state, rerun).map((line, i) => (
            <LineView key={i} line={line} width={columns} />
          ))}
        </Box>
      </ColorContext.Provider>
    );
  }

  let body;
  if (state.help) body = <LinesView lines={helpLines()} start={0} height={bodyHeight} width={columns} />;
  else if (state.screen === 'scanning') body = <Scanning state={state} height={bodyHeight} />;
  else if (state.screen === 'writing') body = <Working text="Writing…" height={bodyHeight} />;
  else if (scrollable) {
    const start = Math.min(state.scroll, view.maxScroll);
    body = <LinesView lines={scrollable} start={start} height={bodyHeight} width={columns} />;
  } else {
    const { lines, focus } = listLines(state, columns);
    body = <LinesView lines={lines} start={windowStart(lines.length, focus, bodyHeight)} height={bodyHeight} width={columns} />;
  }

  return (
    <ColorContext.Provider value={color}>
      <Box flexDirection="column" width={columns}>
        <LineView line={headerLine(state, session.root)} width={columns} />
        {body}
        <LineView line={noticeLine(state, scrollable, bodyHeight)} width={columns} />
        <LineView line={hintLine(state)} width={columns} />
      </Box>
    </ColorContext.Provider>
  );
}

function noticeLine(state: State, scrollable: Line[] | null, height: number): Line {
  if (state.notice) return [{ text: state.notice.text, color: state.notice.tone === 'warn' ? 'yellow' : undefined }];
  if (scrollable && scrollable.length > height) {
    const start = Math.min(state.scroll, scrollable.length - height);
    return [{ text: `lines ${start + 1}–${start + height} of ${scrollable.length}`, dim: true }];
  }
  if (state.screen === 'list' && !state.detail && state.findings.length > 0) return [{ text: `${state.cursor + 1}/${state.findings.length}`, dim: true }];
  return [];
}

function Scanning({ state, height }: { state: State; height: number }) {
  return (
    <Box flexDirection="column" height={height}>
      <Box>
        <Spinner />
        <Text>
          {' '}
          Scanning: {plural(state.walked, 'entry', 'entries')} walked · {state.contexts === null ? 'detecting findings…' : `${plural(state.contexts, 'build context')}`}
        </Text>
      </Box>
    </Box>
  );
}

function Working({ text, height }: { text: string; height: number }) {
  return (
    <Box height={height}>
      <Spinner />
      <Text> {clean(text)}</Text>
    </Box>
  );
}
