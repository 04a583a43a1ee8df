// A configured severity and the severities a rule lowers itself (severity follows certainty).
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, openSession } from '../src/fix/engine.js';
import { copyDir } from './helpers.js';

const unknownImages = join(import.meta.dirname, '..', 'fixtures', 'rules', 'chown-user-undefined', 'unknown-image-as-info', 'input');
const createdLater = join(import.meta.dirname, '..', 'fixtures', 'rules', 'chown-user-undefined', 'unknown-image-created-later', 'input');

describe('configured severity', () => {
  const root = copyDir(unknownImages);
  cpSync(join(createdLater, 'Dockerfile'), join(root, 'later', 'Dockerfile'), { recursive: true });
  cpSync(join(createdLater, 'run.sh'), join(root, 'later', 'run.sh'));
  const severities = (setting: { severity?: 'error' | 'warning' | 'info'; options?: Record<string, unknown> }) =>
    detect(openSession(root), { only: ['chown-user-undefined'], rules: { 'chown-user-undefined': setting } }).findings.map((f) => `${f.location.file}:${f.line} ${f.severity}`);

  it('the rule default keeps the severities the rule lowered', () => {
    expect(severities({ severity: 'error', options: { unknownImages: 'info' } })).toEqual(['Dockerfile:4 info', 'Dockerfile:7 info', 'later/Dockerfile:2 error']);
  });

  it('another severity applies to every finding of the rule', () => {
    expect(severities({ severity: 'warning', options: { unknownImages: 'info' } })).toEqual(['Dockerfile:4 warning', 'Dockerfile:7 warning', 'later/Dockerfile:2 warning']);
  });

  it('unknown images say nothing by default', () => {
    expect(severities({ severity: 'error' })).toEqual(['later/Dockerfile:2 error']);
  });
});
