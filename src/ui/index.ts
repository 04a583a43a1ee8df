// Entry point of the interactive fix session. Loaded lazily by the CLI (`await import`), so
// that `scan` and `fix --dry-run` never load Ink or React.
import { render } from 'ink';
import { createElement } from 'react';
import { writePlan } from '../apply/write.js';
import type { RunOptions, Session } from '../fix/engine.js';
import { App, type WriteFn } from './App.js';
import { setEngine, type Engine } from './engine.js';
import { Walking } from './Walking.js';
import { colorEnabled, rerunCommand } from './display.js';

export type { WriteFn } from './App.js';
export type { Engine } from './engine.js';

/**
 * Run the interactive session on a freshly opened session (plan() not yet run on it) and
 * resolve with the exit code: 0 when everything chosen was written (or nothing was chosen, or
 * the user quit), 2 when a write failed. Rejects when detection or planning throws.
 */
export async function runInteractiveFix(args: {
  /** detect, plan and previewFix of the caller's engine (src/ui/engine.ts says why). */
  engine: Engine;
  /** An open session, or (`open`) one to open while a spinner shows the walk's progress. */
  session?: Session;
  open?: (onProgress: (walked: number) => void) => Promise<Session>;
  /** The run's options, or a function of the session (suppressions read its files). */
  options: RunOptions | ((session: Session) => RunOptions);
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** called after the user confirmed on the review screen; defaults to writePlan */
  write?: WriteFn;
}): Promise<number> {
  setEngine(args.engine);
  const stdout = args.stdout ?? process.stdout;
  const stdin = args.stdin ?? process.stdin;
  let session = args.session;
  if (!session) {
    if (!args.open) throw new Error('runInteractiveFix needs a session or a way to open one');
    // The walk yields to the event loop between slices, so the spinner and the count move.
    const walking = render(createElement(Walking, { walked: 0 }), { stdin, stdout, exitOnCtrlC: true, patchConsole: false });
    session = await args.open((walked) => walking.rerender(createElement(Walking, { walked })));
    walking.clear();
    walking.unmount();
  }
  const options = typeof args.options === 'function' ? args.options(session) : args.options;
  const app = createElement(App, {
    session,
    options,
    write: args.write ?? ((root, files) => writePlan(root, files)),
    color: colorEnabled(stdout),
    rerun: rerunCommand(session.root, options),
  });
  // Ctrl-C is a key of the session (quit without writing). Nothing here logs to the console,
  // so Ink need not patch it.
  const instance = render(app, { stdin, stdout, exitOnCtrlC: false, patchConsole: false });
  const code = await instance.waitUntilExit();
  return typeof code === 'number' ? code : 0;
}
