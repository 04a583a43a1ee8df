import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Ink renders only the final frame when it believes it runs in CI (is-in-ci reads CI and
    // CONTINUOUS_INTEGRATION when imported); the UI tests assert intermediate frames.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
