// Findings must not depend on the machine running the tests: Compose interpolation reads the
// shell environment first, so every test starts with an empty one (tests that exercise the
// shell environment set their own).
import { beforeEach } from 'vitest';
import { setShellEnv } from '../src/compose/env.js';

beforeEach(() => {
  setShellEnv({});
});
