// Gives a port variable that Compose leaves empty a default equal to the container port:
// `"${BACKEND_PORT}:8000"` → `"${BACKEND_PORT:-8000}:8000"`. Only the `${VAR}` / `$VAR`
// expression is replaced; the scalar keeps its quotes and everything around it.
import type { Finding, Fix } from '../src/types.js';

export interface PortDefaultData {
  /** Present when the expression can be given a default. */
  edit?: { file: string; start: number; end: number; variable: string; port: number };
}

export function composePortDefaultFix(finding: Finding<PortDefaultData>): Fix[] {
  const e = finding.data?.edit;
  if (!e) return [];
  const text = `\${${e.variable}:-${e.port}}`;
  return [
    {
      title: `Default ${e.variable} to ${e.port}: ${text}`,
      applicability: 'unsafe',
      changes: [{ kind: 'edit', file: e.file, start: e.start, end: e.end, text }],
    },
  ];
}
