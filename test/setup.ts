// Findings must not depend on the machine running the tests: Compose interpolation reads the
// shell environment first, so every test starts with an empty one (tests that exercise the
// shell environment set their own).
import { beforeEach } from 'vitest';
import { setShellEnv } from '../src/compose/env.js';
import { detect, plan, previewFix } from '../src/fix/engine.js';
import { setEngine } from '../src/ui/engine.js';

// UI components rendered on their own (without runInteractiveFix) use the engine under test.
setEngine({ detect, plan, previewFix });

beforeEach(() => {
  setShellEnv({});
});
