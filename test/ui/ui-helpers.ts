// Rendering the interactive session in tests: ink-testing-library at a fixed terminal size,
// key presses, and frames with the colours stripped.
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { writePlan, type WriteOutcome } from '../../src/apply/write.js';
import { openSession, type PlannedFile, type RunOptions, type Session } from '../../src/fix/engine.js';
import { App } from '../../src/ui/App.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  pageDown: '\u001B[6~',
  enter: '\r',
  escape: '\u001B',
  ctrlC: '\u0003',
} as const;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-?]*[ -/]*[@-~]/g;
export const strip = (s: string): string => s.replace(ANSI, '');

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

export interface Harness {
  frame(): string;
  /** Raw last frame, colours included. */
  raw(): string;
  press(...keys: string[]): Promise<void>;
  waitFor(text: string | RegExp, timeout?: number): Promise<string>;
  writes: Array<{ root: string; files: readonly PlannedFile[] }>;
  exited: Promise<number>;
  frames(): string[];
  resize(columns: number, rows: number): Promise<void>;
  unmount(): void;
  session: Session;
}

export interface HarnessOptions {
  options?: RunOptions;
  columns?: number;
  rows?: number;
  color?: boolean;
  /** The real writePlan by default; every call is recorded. */
  write?: (root: string, files: readonly PlannedFile[]) => WriteOutcome;
}

export async function start(root: string, opts: HarnessOptions = {}): Promise<Harness> {
  const session = openSession(root);
  const writes: Harness['writes'] = [];
  const write = opts.write ?? writePlan;
  let columns = opts.columns ?? 100;
  let rows = opts.rows ?? 30;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolveExit = r));
  const instance = render(
    createElement(App, {
      session,
      options: opts.options ?? {},
      write: (r: string, files: readonly PlannedFile[]) => {
        writes.push({ root: r, files });
        return write(r, files);
      },
      color: opts.color ?? false,
      rerun: 'dockmend fix .',
      onDone: (code: number) => resolveExit(code),
    }),
  );
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter;
  Object.defineProperty(stdout, 'columns', { get: () => columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { get: () => rows, configurable: true });
  stdout.emit('resize');
  const frame = () => strip(instance.lastFrame() ?? '');
  const harness: Harness = {
    session,
    writes,
    frame,
    raw: () => instance.lastFrame() ?? '',
    async press(...keys) {
      for (const k of keys) {
        instance.stdin.write(k);
        await tick(5);
      }
      await tick(5);
    },
    async waitFor(text, timeout = 20_000) {
      const t0 = Date.now();
      for (;;) {
        const f = frame();
        if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
        if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${String(text)}; last frame:\n${f}`);
        await tick(5);
      }
    },
    exited,
    frames: () => instance.frames.map(strip),
    async resize(c, r) {
      columns = c;
      rows = r;
      stdout.emit('resize');
      await tick(5);
    },
    unmount: () => instance.unmount(),
  };
  await harness.waitFor(/accept\/skip|No problems/);
  return harness;
}

export { tokenRule } from '../helpers.js';
