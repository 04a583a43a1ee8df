// Parsing HCL Bake files with HashiCorp's own parser: @cdktf/hcl2json, the Go `hcl` package
// compiled to WebAssembly (a runtime dependency, kept out of the bundle: tsup.config.ts).
//
// Loading it costs ~0.3 s (compiling 8 MB of WebAssembly), so it is loaded only when a
// repository has an HCL Bake file, on the first parse, and once per process. The package's own
// API is asynchronous (it instantiates the module with a promise), but nothing in the Go side
// needs to wait: the module is compiled and instantiated synchronously here, `go.run` registers
// the parser's functions before it returns, and `parse` calls its callback before returning.
// So the project model stays synchronous.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire, v8, zlib } from '../builtins.js';

/**
 * `syntax`: the file is not valid HCL (the parser says where), so `docker buildx bake` fails on
 * it too; otherwise the parser itself could not load or answer, dockmend's problem alone.
 */
export type HclParse = { ok: true; body: Record<string, unknown> } | { ok: false; message: string; syntax: boolean };

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
}

type ParseFn = (filename: string, text: string, cb: (err: string | null, json: string) => void) => void;

let parser: ParseFn | null | undefined;
let loadProblem = '';

/** The package name, not a literal in `require()`: the bundler must leave the package external. */
const PACKAGE = ['@cdktf', 'hcl2json'].join('/');

function load(): ParseFn | null {
  if (parser !== undefined) return parser;
  try {
    // The CLI bundle is CommonJS with a `require` of its own (bin/load-cli.js); sources run
    // as ES modules under the tests.
    const req = typeof require === 'function' ? require : createRequire(import.meta.url);
    const base = dirname(req.resolve(`${PACKAGE}/package.json`));
    const hadRequire = Object.prototype.hasOwnProperty.call(globalThis, 'require');
    const previousRequire = (globalThis as { require?: unknown }).require;
    // Go's wasm_exec: defines globalThis.Go (and sets globalThis.require, put back below).
    req(join(base, 'wasm', 'bridge_wasm_exec.js'));
    if (hadRequire) (globalThis as { require?: unknown }).require = previousRequire;
    else delete (globalThis as { require?: unknown }).require;
    const Go = (globalThis as unknown as { Go: new () => { importObject: object; run(i: object): Promise<void> } }).Go;
    const go = new Go();
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    // V8 compiles a WebAssembly module twice: at once with its baseline compiler (Liftoff),
    // then again, optimised, on background threads (TurboFan) — for this 6.5 MB module about
    // 0.8 s of CPU, and the process waits for it to finish before it can exit, while a scan
    // parses a few small files. Liftoff alone: about 0.3 s from load to exit instead of 1.4 s.
    // dockmend runs no other WebAssembly before this point; the flag applies from here on.
    v8().setFlagsFromString('--liftoff-only');
    const instance = new wasm.Instance(new wasm.Module(zlib().gunzipSync(readFileSync(join(base, 'main.wasm.gz')))), go.importObject);
    const exported: Record<string, unknown> = {};
    // The name the Go side registers its functions under (the package's lib/bridge.js).
    (globalThis as Record<string, unknown>).__parse_terraform_config_wasm__ = exported;
    void go.run(instance);
    parser = typeof exported.parse === 'function' ? (exported.parse as ParseFn) : null;
    if (parser === null) loadProblem = 'the HCL parser did not start';
  } catch (err) {
    parser = null;
    loadProblem = `the HCL parser (${PACKAGE}) could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
  }
  return parser;
}

/** Whether the parser has been loaded in this process (tests check that scans without Bake files never load it). */
export function hclParserLoaded(): boolean {
  return parser !== undefined && parser !== null;
}

/** Recent parses by file and text: each fix pass rebuilds the project from the same texts. */
const recent = new Map<string, HclParse>();
const RECENT = 32;

/** Parse an HCL file into hcl2json's JSON shape: blocks by type, then label, as lists of bodies. */
export function parseHcl(filename: string, text: string): HclParse {
  const key = `${filename}\u0000${text}`;
  const known = recent.get(key);
  if (known) return known;
  const result = parseUncached(filename, text);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(key, result);
  return result;
}

function parseUncached(filename: string, text: string): HclParse {
  const parse = load();
  if (!parse) return { ok: false, message: loadProblem, syntax: false };
  let result: HclParse | null = null;
  const done = (err: string | null, json: string) => {
    if (err) {
      result = { ok: false, message: String(err).replace(/^parse config: \[|\]$/g, ''), syntax: true };
      return;
    }
    try {
      const body: unknown = JSON.parse(json);
      result = body !== null && typeof body === 'object' && !Array.isArray(body) ? { ok: true, body: body as Record<string, unknown> } : { ok: false, message: 'not an HCL body', syntax: true };
    } catch (e) {
      result = { ok: false, message: e instanceof Error ? e.message : String(e), syntax: false };
    }
  };
  try {
    parse(filename, text, done);
  } catch (e) {
    // A panic of the Go side (or a runtime that has exited since) is this file's problem only:
    // the runtime does not survive it, so the next file loads a fresh one.
    result = { ok: false, message: `the HCL parser failed: ${e instanceof Error ? e.message : String(e)}`, syntax: false };
    parser = undefined;
  }
  return result ?? { ok: false, message: 'the HCL parser did not answer', syntax: false };
}
