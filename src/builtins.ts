// Node built-ins that only some runs use, loaded on first use instead of at start-up: loading
// child_process (with the net and dgram modules it pulls in), crypto, os and worker_threads is
// a few milliseconds of every start, and a scan of a small repository needs none of them (nor
// module, v8 and zlib, which only the Bake HCL parser uses: src/bake/hcl-parse.ts).
// `process.getBuiltinModule` (Node >= 20.16; package.json asks for >= 20.19) works from the
// ES modules the tests run and from the CommonJS bundle alike.
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import type * as NodeModule from 'node:module';
import type * as Net from 'node:net';
import type * as Os from 'node:os';
import type * as V8 from 'node:v8';
import type * as WorkerThreads from 'node:worker_threads';
import type * as Zlib from 'node:zlib';

export const childProcess = (): typeof ChildProcess => process.getBuiltinModule('node:child_process');
export const crypto = (): typeof Crypto => process.getBuiltinModule('node:crypto');
export const os = (): typeof Os => process.getBuiltinModule('node:os');
export const createRequire: typeof NodeModule.createRequire = (path) => process.getBuiltinModule('node:module').createRequire(path);
export const v8 = (): typeof V8 => process.getBuiltinModule('node:v8');
export const zlib = (): typeof Zlib => process.getBuiltinModule('node:zlib');
export const workerThreads = (): typeof WorkerThreads => process.getBuiltinModule('node:worker_threads');

/** `net.isIP`: 4 or 6 for an IP address, 0 otherwise. */
export function isIP(address: string): number {
  return (process.getBuiltinModule('node:net') as typeof Net).isIP(address);
}
