// The engine functions the terminal UI calls, handed over by whoever starts it
// (runInteractiveFix's `engine`). The UI is a bundle of its own (dist/ui/ui.js, an ES module
// because Ink needs one) loaded by the CLI bundle (dist/cli.cjs): importing the engine here
// would put a second engine, with its own parse caches and compose validator, in that bundle.
import type { detect, plan, previewFix } from '../fix/engine.js';

export interface Engine {
  detect: typeof detect;
  plan: typeof plan;
  previewFix: typeof previewFix;
}

let current: Engine | null = null;

export function setEngine(engine: Engine): void {
  current = engine;
}

export function engine(): Engine {
  if (!current) throw new Error('the interactive session was started without the engine');
  return current;
}
