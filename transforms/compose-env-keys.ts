// Adds `KEY: ${KEY}` stubs to a service's `environment` (text computed by the detector in the
// service's own style) and the matching `VAR=` stubs to the project's env template.
import type { Change, Finding, Fix } from '../src/types.js';
import { envStubChange, type EnvStubPlan } from './env-stub.js';

export interface EnvKeysData {
  service: string;
  keys: string[];
  insert?: { file: string; at: number; text: string };
  stub?: EnvStubPlan;
}

export function composeEnvKeysFix(finding: Finding<EnvKeysData>): Fix[] {
  const d = finding.data;
  if (!d?.insert || d.keys.length === 0) return [];
  const changes: Change[] = [{ kind: 'edit', file: d.insert.file, start: d.insert.at, end: d.insert.at, text: d.insert.text }];
  const stub = d.stub && envStubChange(d.stub);
  if (stub) changes.push(stub);
  const what = d.keys.map((k) => `${k}: \${${k}}`).join(', ');
  return [{ title: `Add ${what} to service '${d.service}' in ${d.insert.file}${stub ? ` and ${stub.file}` : ''}`, applicability: 'unsafe', changes }];
}
