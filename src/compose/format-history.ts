// The Compose file format 3.x history: which minor version introduced which key. The one place
// this table lives. Source: "Compose file versions and upgrading" (docs.docker.com,
// compose/compose-file/compose-versioning.md, sections "Version 3.1" … "Version 3.8"); extension
// fields from the v3 reference ("Extension fields: added in version 3.4", and 3.7 for the root of
// service, network, volume, secret and config definitions).
//
// Keys that no 3.x format has (`extends`, `volumes_from`, `profiles`, `include`, …) are not in
// the table: docker-compose 1.27+ and Compose v2 read them whatever the version says.
import { isMap, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { resolveNode, type ComposeFile } from './model.js';
import { effectivePairs } from './services.js';

export interface FormatFeature {
  minor: number;
  /** What the file uses, in words, with the compose path. */
  what: string;
}

/** `3`, `3.0` … `3.8` → the minor number; null for anything else (2.x, compose-spec files). */
export function v3Minor(version: string): number | null {
  const m = /^3(?:\.([0-9]+))?$/.exec(version.trim());
  return m ? Number(m[1] ?? 0) : null;
}

function pairs(doc: Document.Parsed, node: unknown) {
  const n = resolveNode(doc, node);
  return isMap(n) ? effectivePairs(doc, n) : [];
}

function has(doc: Document.Parsed, node: unknown, key: string): Node | null | undefined {
  const p = pairs(doc, node).find((x) => x.key === key);
  return p ? (resolveNode(doc, p.pair.value) ?? null) : undefined;
}

/** Every versioned key the file uses, with the minor version that introduced it. */
export function formatFeatures(file: ComposeFile): FormatFeature[] {
  const doc = file.doc;
  const root = file.root;
  const out: FormatFeature[] = [];
  if (!doc || !root) return out;
  const add = (minor: number, what: string) => out.push({ minor, what });
  const top = pairs(doc, root);
  for (const p of top) {
    if (p.key.startsWith('x-')) add(4, `top-level extension field ${p.key}`);
    if (p.key === 'secrets') add(1, 'top-level secrets');
    if (p.key === 'configs') add(3, 'top-level configs');
  }
  const definitions = (section: string, check: (name: string, def: YAMLMap) => void) => {
    for (const p of pairs(doc, has(doc, root, section))) {
      const def = resolveNode(doc, p.pair.value);
      if (isMap(def)) check(p.key, def);
    }
  };
  const extensionsIn = (kind: string, name: string, def: YAMLMap) => {
    for (const k of pairs(doc, def)) if (k.key.startsWith('x-')) add(7, `extension field ${k.key} in ${kind} ${name}`);
  };
  definitions('networks', (name, def) => {
    if (has(doc, def, 'attachable') !== undefined) add(2, `networks.${name}.attachable`);
    if (has(doc, def, 'name') !== undefined) add(5, `networks.${name}.name`);
    extensionsIn('network', name, def);
  });
  definitions('volumes', (name, def) => {
    if (has(doc, def, 'name') !== undefined) add(4, `volumes.${name}.name`);
    extensionsIn('volume', name, def);
  });
  for (const section of ['secrets', 'configs'] as const) {
    definitions(section, (name, def) => {
      if (has(doc, def, 'name') !== undefined) add(5, `${section}.${name}.name`);
      if (has(doc, def, 'template_driver') !== undefined) add(8, `${section}.${name}.template_driver`);
      if (section === 'secrets' && (has(doc, def, 'driver') !== undefined || has(doc, def, 'driver_opts') !== undefined)) add(8, `secrets.${name}.driver`);
      extensionsIn(section === 'secrets' ? 'secret' : 'config', name, def);
    });
  }
  definitions('services', (name, svc) => {
    const s = `services.${name}`;
    extensionsIn('service', name, svc);
    if (has(doc, svc, 'secrets') !== undefined) add(1, `${s}.secrets`);
    if (has(doc, svc, 'configs') !== undefined) add(3, `${s}.configs`);
    if (has(doc, svc, 'credential_spec') !== undefined) add(3, `${s}.credential_spec`);
    if (has(doc, svc, 'isolation') !== undefined) add(5, `${s}.isolation`);
    if (has(doc, svc, 'init') !== undefined) add(7, `${s}.init`);
    const build = has(doc, svc, 'build');
    if (isMap(build)) {
      if (has(doc, build, 'cache_from') !== undefined) add(2, `${s}.build.cache_from`);
      if (has(doc, build, 'labels') !== undefined) add(3, `${s}.build.labels`);
      if (has(doc, build, 'target') !== undefined) add(4, `${s}.build.target`);
      if (has(doc, build, 'network') !== undefined) add(4, `${s}.build.network`);
      if (has(doc, build, 'shm_size') !== undefined) add(5, `${s}.build.shm_size`);
    }
    const ports = has(doc, svc, 'ports');
    if (isSeq(ports) && ports.items.some((i) => isMap(resolveNode(doc, i)))) add(2, `${s}.ports (long syntax)`);
    const volumes = has(doc, svc, 'volumes');
    if (isSeq(volumes)) {
      const long = volumes.items.map((i) => resolveNode(doc, i)).filter(isMap);
      if (long.length > 0) add(2, `${s}.volumes (long syntax)`);
      if (long.some((v) => has(doc, has(doc, v, 'tmpfs'), 'size') !== undefined)) add(6, `${s}.volumes tmpfs size`);
    }
    const health = has(doc, svc, 'healthcheck');
    if (has(doc, health, 'start_period') !== undefined) add(4, `${s}.healthcheck.start_period`);
    const deploy = has(doc, svc, 'deploy');
    if (deploy) {
      if (has(doc, deploy, 'endpoint_mode') !== undefined) add(2, `${s}.deploy.endpoint_mode`);
      const placement = has(doc, deploy, 'placement');
      if (has(doc, placement, 'preferences') !== undefined) add(2, `${s}.deploy.placement.preferences`);
      if (has(doc, placement, 'max_replicas_per_node') !== undefined) add(8, `${s}.deploy.placement.max_replicas_per_node`);
      if (has(doc, has(doc, deploy, 'update_config'), 'order') !== undefined) add(4, `${s}.deploy.update_config.order`);
      if (has(doc, deploy, 'rollback_config') !== undefined) add(7, `${s}.deploy.rollback_config`);
    }
  });
  return out;
}

/** The lowest 3.x format that supports every versioned key of the file, and the keys that need it. */
export function requiredFormat(file: ComposeFile): { version: string; minor: number; because: string[] } {
  const features = formatFeatures(file);
  const minor = features.reduce((m, f) => Math.max(m, f.minor), 0);
  return { version: `3.${minor}`, minor, because: features.filter((f) => f.minor === minor && minor > 0).map((f) => f.what) };
}
