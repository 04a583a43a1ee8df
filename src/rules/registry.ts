// The one place where detectors are paired with the transforms that fix their findings.
// A transform may serve several detectors (ignore-lines serves every .dockerignore rule).
import { composeVersionFix } from '../../transforms/compose-version.js';
import { ignoreLinesFix } from '../../transforms/ignore-lines.js';
import { composeVersion } from '../detectors/compose-version.js';
import { dockerignoreMissing } from '../detectors/dockerignore-missing.js';
import { parseError } from '../detectors/parse-error.js';
import type { RegistryEntry } from './types.js';

export const registry: readonly RegistryEntry[] = [
  { detector: parseError },
  { detector: composeVersion, transform: composeVersionFix },
  { detector: dockerignoreMissing, transform: ignoreLinesFix },
];

export const ruleIds: readonly string[] = registry.map((e) => e.detector.meta.id);

export function ruleById(id: string): RegistryEntry | undefined {
  return registry.find((e) => e.detector.meta.id === id);
}
