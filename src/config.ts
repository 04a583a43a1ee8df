// Configuration: per-rule severity and options. Read from `dockmend.config.json` in the root
// (or the file given with --config). Errors name the file, the key and what is expected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSetting } from './fix/engine.js';
import { ruleIds } from './rules/registry.js';

export class UsageError extends Error {}

export interface Config {
  path?: string;
  rules: Record<string, RuleSetting>;
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

export function loadConfig(root: string, explicit?: string): Config {
  const path = explicit ?? join(root, 'dockmend.config.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return { rules: {} };
    throw new UsageError(`cannot read config ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError(`${path}: invalid JSON: ${(err as Error).message}`);
  }
  return { path, rules: parseRules(path, raw) };
}

function parseRules(path: string, raw: unknown): Record<string, RuleSetting> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${path}: expected a JSON object at the top level`);
  const rules = (raw as { rules?: unknown }).rules;
  if (rules === undefined) return {};
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) throw new UsageError(`${path}: "rules" must be an object mapping rule ids to a severity or [severity, options]`);
  const out: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(rules)) {
    if (!ruleIds.includes(id)) throw new UsageError(`${path}: "rules.${id}": unknown rule (known: ${ruleIds.join(', ')})`);
    const [severity, options] = Array.isArray(value) ? value : [value, undefined];
    if (typeof severity !== 'string' || !SEVERITIES.has(severity)) {
      throw new UsageError(`${path}: "rules.${id}": expected "off", "info", "warning", "error" or [severity, options]`);
    }
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw new UsageError(`${path}: "rules.${id}[1]": options must be an object`);
    }
    out[id] = { severity: severity as RuleSetting['severity'], options: options as Record<string, unknown> | undefined };
  }
  return out;
}
