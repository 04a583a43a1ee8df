// Adding `KEY: ${KEY}` entries to a service's `environment`, in the style the file uses: block or
// flow, map (`KEY: value`) or list (`- KEY=value`), with the indentation of the siblings, the
// file's line endings; a service without `environment` gets a new block after its last key.
import { isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ServiceInfo } from './services.js';
import { indentStep, insertLinesAfter, lastItemEnd, mapKeyIndent, renderLines, seqItemPrefix } from './yaml-text.js';

export interface TextInsert {
  at: number;
  text: string;
}

/** `KEY: ${KEY}` (map) / `KEY=${KEY}` (list) entries for a service; null when its style cannot be followed. */
export function environmentInsertion(text: string, info: ServiceInfo, keys: readonly string[], services: YAMLMap | null): TextInsert | null {
  if (keys.length === 0) return null;
  const env = info.environment;
  if (env) {
    if (!env.editable) return null;
    const node = env.node;
    if (isMap(node) && !node.flow) {
      const indent = mapKeyIndent(text, node);
      const end = lastItemEnd(node);
      if (indent === null || end === null) return null;
      const ins = insertLinesAfter(text, end);
      return { at: ins.at, text: renderLines(ins, keys.map((k) => `${indent}${k}: \${${k}}`), text) };
    }
    if (isSeq(node) && !node.flow) {
      const prefix = seqItemPrefix(text, node);
      const end = lastItemEnd(node);
      if (prefix === null || end === null) return null;
      const ins = insertLinesAfter(text, end);
      return { at: ins.at, text: renderLines(ins, keys.map((k) => `${prefix}${k}=\${${k}}`), text) };
    }
    if ((isMap(node) || isSeq(node)) && node.flow) return flowInsertion(text, node, keys);
    return null;
  }
  // No environment: a new block after the service's last key.
  const map = info.map;
  if (!map || map.flow || info.aliased) return null;
  const indent = mapKeyIndent(text, map);
  const end = lastItemEnd(map);
  if (indent === null || end === null) return null;
  const step = services ? indentStep(text, services, map) : '  ';
  const ins = insertLinesAfter(text, end);
  return { at: ins.at, text: renderLines(ins, [`${indent}environment:`, ...keys.map((k) => `${indent}${step}${k}: \${${k}}`)], text) };
}

function flowInsertion(text: string, node: YAMLMap | YAMLSeq, keys: readonly string[]): TextInsert | null {
  // `{` and `}` are flow indicators: the values are quoted.
  const entries = keys.map((k) => (isMap(node) ? `${k}: "\${${k}}"` : `"${k}=\${${k}}"`));
  const end = lastItemEnd(node);
  if (end === null) {
    // `{}` / `[]`: right after the opening bracket.
    const start = node.range?.[0];
    if (start === undefined) return null;
    return { at: start + 1, text: entries.join(', ') };
  }
  return { at: end, text: `, ${entries.join(', ')}` };
}
