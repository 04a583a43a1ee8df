// A missing COPY source is repaired either where the context is declared (the compose file:
// one edit for every COPY of the Dockerfile) or at the COPY itself (the path). The context fix
// comes first; path rewrites follow as alternatives, unsafe when a context fix exists (the
// two repairs exclude each other).
import type { Finding, Fix } from '../src/types.js';
import { composePathFix, type ComposePathAlternative } from './compose-paths.js';
import { copySourceFix, type CopySourceData } from './copy-source.js';

export interface CopySourceMissingData {
  contextFix?: ComposePathAlternative;
  pathFix?: CopySourceData;
}

export function copySourceMissingFix(finding: Finding<CopySourceMissingData>): Fix[] {
  const d = finding.data;
  if (!d) return [];
  const paths = d.pathFix ? copySourceFix({ ...finding, data: d.pathFix }) : [];
  if (!d.contextFix) return paths;
  return [composePathFix(d.contextFix), ...paths.map((f): Fix => ({ ...f, applicability: 'unsafe' }))];
}
