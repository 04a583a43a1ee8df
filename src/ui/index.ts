// Entry point of the interactive fix session. Loaded lazily by the CLI (`await import`), so
// that `scan` and `fix --dry-run` never load Ink or React.
import { render } from 'ink';
import { createElement } from 'react';
import { writePlan } from '../apply/write.js';
import type { RunOptions, Session } from '../fix/engine.js';
import { App, type WriteFn } from './App.js';
import { colorEnabled, rerunCommand } from './display.js';

export type { WriteFn } from './App.js';

/**
 * Run the interactive session on a freshly opened session (plan() not yet run on it) and
 * resolve with the exit code: 0 when everything chosen was written (or nothing was chosen, or
 * the user quit), 1 when a write failed. Rejects when detection or planning throws.
 */
export async function runInteractiveFix(args: {
  session: Session;
  options: RunOptions;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** called after the user confirmed on the review screen; defaults to writePlan */
  write?: WriteFn;
}): Promise<number> {
  const stdout = args.stdout ?? process.stdout;
  const stdin = args.stdin ?? process.stdin;
  const app = createElement(App, {
    session: args.session,
    options: args.options,
    write: args.write ?? ((root, files) => writePlan(root, files)),
    color: colorEnabled(stdout),
    rerun: rerunCommand(args.session.root, args.options),
  });
  // Ctrl-C is a key of the session (quit without writing). Nothing here logs to the console,
  // so Ink need not patch it.
  const instance = render(app, { stdin, stdout, exitOnCtrlC: false, patchConsole: false });
  const code = await instance.waitUntilExit();
  return typeof code === 'number' ? code : 0;
}
