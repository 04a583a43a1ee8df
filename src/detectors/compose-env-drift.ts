import { isMap } from 'yaml';
import { alternativeStacks, relatedGroups, editableDefinition, readersOf, readerOfKey, type ServiceVariant } from '../compose/drift.js';
import { environmentInsertion } from '../compose/env-edit.js';
import { isVariableName } from '../compose/interpolate.js';
import { resolveNode } from '../compose/model.js';
import { pairOf } from '../compose/services.js';
import { stubPlan } from '../compose/variables.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { EnvKeysData } from '../../transforms/compose-env-keys.js';

/**
 * The same service in several compose projects — same logical name in sibling files of one
 * folder (`backend` in docker-compose.staging.alpine.yml, `alpine-test-backend` in
 * docker-compose.alpine-test.yml) or built from the same Dockerfile — where `environment` keys
 * that one variant writes are missing from another (neither in its `environment` nor in its
 * env files). Keys a service only gets through a `<<:` merge of a shared block are the file's
 * common settings and are not compared.
 */
export const composeEnvDrift: Detector<Record<string, never>, EnvKeysData> = {
  meta: {
    id: 'compose-env-drift',
    summary: 'A service lacks environment keys that the same service defines in a sibling compose file.',
    severity: 'info',
    fix: 'unsafe',
    docs: 'docs/rules/compose-env-drift.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<EnvKeysData>[] = [];
    for (const group of relatedGroups(project)) {
      for (const v of group) {
        if (v.effective === null) continue;
        // Only definitions of the same stack are compared; alternative stacks differ on purpose.
        const sources = new Map<string, ServiceVariant[]>();
        for (const w of group) {
          if (w === v || alternativeStacks(project, v, w)) continue;
          for (const key of w.own) sources.set(key, [...(sources.get(key) ?? []), w]);
        }
        const missing = [...sources.keys()].filter((k) => !v.effective!.has(k));
        if (missing.length === 0) continue;
        const target = editableDefinition(v);
        const first = v.merged.infos[0]!;
        const at = target ?? first;
        const envKey = at.info.environment?.keySpan;
        const location = { file: at.unit.file.path, ...(envKey ?? at.info.key) };
        const from = missing.map((k) => `${k} in ${sources.get(k)!.map((s) => `${s.top.files[0]} ('${s.name}')`).join(', ')}`);
        const data: EnvKeysData = { service: v.name, keys: [] };
        if (target) {
          const keys = missing.filter(isVariableName);
          const file = target.unit.file;
          const services = file.doc && file.root ? resolveNode(file.doc, pairOf(file.doc, file.root, 'services')?.pair.value) : null;
          const insert = environmentInsertion(file.text, target.info, keys, isMap(services) ? services : null);
          if (insert) {
            data.keys = keys;
            data.insert = { file: file.path, ...insert };
            const vars = target.unit.vars;
            const undefinedKeys = keys.filter((k) => !vars.defined(k));
            if (undefinedKeys.length > 0) data.stub = stubPlan(project, vars, undefinedKeys.map((k) => ({ name: k, comment: `${k}: environment of service '${v.name}' in ${file.path}` })));
          }
        }
        // Variants often differ on purpose (a build file and a run file, an HTTP and a TLS
        // variant): a difference is only likely wrong when the service itself reads the key.
        const readers = readersOf(project, v, group);
        const read = missing.map((k) => ({ key: k, reader: readerOfKey(readers, k) })).filter((r) => r.reader !== null);
        const why =
          read.length > 0
            ? ` The service reads ${read.map((r) => r.key).join(', ')} by name (${[...new Set(read.map((r) => r.reader!.where))].join(', ')}).`
            : ' Nothing in the repository shows this service reading them (its Dockerfile, entrypoint, command or the application code it copies in): the variants may differ on purpose.';
        findings.push({
          rule: 'compose-env-drift',
          severity: read.length > 0 ? 'warning' : 'info',
          location,
          message: `Service '${v.name}' lacks ${missing.join(', ')} in its environment, which the same service sets elsewhere: ${from.join('; ')}.${why}`,
          data,
        });
      }
    }
    return findings;
  },
};
