import type { Detector } from '../rules/types.js';

/** A file dockmend should read but cannot: reported so the rest of the scan goes on. */
export const parseError: Detector<Record<string, never>> = {
  meta: {
    id: 'parse-error',
    summary: 'A Dockerfile, compose, ignore or env file cannot be read or parsed.',
    severity: 'error',
    fix: 'none',
    docs: 'docs/rules/parse-error.md',
    defaultOptions: {},
  },
  detect(project) {
    return project.unreadable.map((u) => ({
      rule: 'parse-error',
      severity: 'error' as const,
      location: { file: u.path, start: u.span?.start ?? 0, end: u.span?.end ?? 0 },
      message: u.problem,
    }));
  },
};
