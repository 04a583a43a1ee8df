// runInteractiveFix itself: Ink on fake TTY streams, the default writer, exit codes, colour.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detect, openSession, plan, previewFix } from '../../src/fix/engine.js';
import { runInteractiveFix } from '../../src/ui/index.js';
import { snapshot, tree } from '../helpers.js';
import { strip, tick, tokenRule } from './ui-helpers.js';

// Chalk (inside Ink) decides its colour level when loaded; force it on, so that only our own
// NO_COLOR / FORCE_COLOR decision can keep styles off.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

class FakeStdin extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  setRawMode() {
    return this;
  }
  setEncoding() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
  read() {
    return this.queue.shift() ?? null;
  }
  type(s: string) {
    this.queue.push(s);
    this.emit('readable');
  }
}

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 20;
  out = '';
  write(s: string) {
    this.out += s;
    return true;
  }
}

/** Keys to type; `{ until }` waits for a text on the screen first. */
type Step = string | { until: string };

async function session(keys: Step[], write?: Parameters<typeof runInteractiveFix>[0]['write']) {
  const root = tree({ 'a.txt': 'x\n' });
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const done = runInteractiveFix({
    engine: { detect, plan, previewFix },
    session: openSession(root),
    options: { entries: [tokenRule('swap-x', 'a.txt', 'x', [{ text: 'X' }])] },
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    write,
  });
  // Observe the outcome at once: it may reject while keys are still being typed.
  const settled = done.then(
    (code) => ({ code }),
    (error: unknown) => ({ error }),
  );
  const until = async (text: string) => {
    for (let i = 0; i < 1000 && !strip(stdout.out).includes(text); i++) await tick(5);
  };
  await until('accept/skip');
  for (const k of keys) {
    if (typeof k === 'string') {
      stdin.type(k);
      await tick(20);
    } else await until(k.until);
  }
  const result = await settled;
  if ('error' in result) throw result.error;
  return { root, code: result.code, out: stdout.out };
}

const SGR = /\u001b\[[0-9;]*m/;

describe('runInteractiveFix', () => {
  afterEach(() => {
    delete process.env.NO_COLOR;
  });

  it('writes through writePlan by default and resolves 0', async () => {
    const { root, code, out } = await session(['y', 'w', { until: 'Files to write' }, 'y']);
    expect(code).toBe(0);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('X\n');
    expect(strip(out)).toContain('Wrote 1 file:');
  });

  it('resolves 0 on quit, having written nothing', async () => {
    const write = vi.fn();
    const { root, code } = await session(['y', 'q'], write);
    expect(code).toBe(0);
    expect(write).not.toHaveBeenCalled();
    expect(snapshot(root)).toEqual({ 'a.txt': 'x\n' });
  });

  it('resolves 2 when a write fails', async () => {
    const { code } = await session(['y', 'w', { until: 'Files to write' }, 'y'], (_root, files) => ({ written: [], skipped: files.map((f) => ({ path: f.path, reason: 'nope' })) }));
    expect(code).toBe(2);
  });

  it('rejects when the write throws', async () => {
    await expect(
      session(['y', 'w', { until: 'Files to write' }, 'y'], () => {
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
  });

  it('paints colours on a terminal, none with NO_COLOR', async () => {
    expect((await session(['y', 'q'])).out).toMatch(SGR);
    process.env.NO_COLOR = '1';
    expect((await session(['y', 'q'])).out).not.toMatch(SGR);
  });

  it('opens the session itself behind a spinner with the live count of entries walked', async () => {
    const root = tree({ 'a.txt': 'x\n' });
    const stdin = new FakeStdin();
    const stdout = new FakeStdout();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const done = runInteractiveFix({
      engine: { detect, plan, previewFix },
      open: async (onProgress) => {
        onProgress(4096);
        await gate;
        return openSession(root);
      },
      options: (s) => ({ entries: [tokenRule('swap-x', 'a.txt', 'x', [{ text: 'X' }])], include: () => s.root === root }),
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
    });
    for (let i = 0; i < 200 && !strip(stdout.out).includes('4,096 entries walked'); i++) await tick(5);
    expect(strip(stdout.out)).toContain('Scanning: 4,096 entries walked');
    release();
    for (let i = 0; i < 1000 && !strip(stdout.out).includes('accept/skip'); i++) await tick(5);
    stdin.type('q');
    expect(await done).toBe(0);
    expect(strip(stdout.out)).toContain('swap-x');
  });
});
