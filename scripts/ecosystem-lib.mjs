// The ecosystem check's bookkeeping: the reviewed expected lists of the real-world corpus
// (test/corpus/expected/<repository>.json) and their comparison with a scan. Shared by
// `npm run ecosystem` (scripts/ecosystem.mjs) and the corpus test, so both judge a scan the
// same way. Pure functions, no I/O but reading and writing the lists.
//
// An expected list is a JSON array of reviewed findings:
//   { rule, file, line, severity, verdict: "true" | "false" | "unreviewed", review, bug? }
// - "true": read in the repository and confirmed; `review` says why.
// - "false": a false positive, kept so that the scan stays pinned; `bug` names the mechanism
//   that is wrong (one string per cause). A finding that is right but louder than it deserves
//   is "false" too, with bug "severity too high: …".
// - "unreviewed": written by `npm run ecosystem -- --update` for a person to judge; the check
//   and the corpus test fail while any is left.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEVERITIES = ['error', 'warning', 'info'];
const VERDICTS = new Set(['true', 'false', 'unreviewed']);

/** `file:line rule`: how a finding and a reviewed entry are matched. */
export function findingKey(f) {
  return `${f.file}:${f.line} ${f.rule}`;
}

/** Sort order of the lists: file, line, rule (code-unit order, so every platform agrees). */
export function compareEntries(a, b) {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return 0;
}

/**
 * Problems with an expected list's shape (empty when none): every entry needs rule, file, line,
 * severity and a known verdict; a false one names its bug; a reviewed one says why.
 */
export function entryProblems(entries) {
  const problems = [];
  if (!Array.isArray(entries)) return ['not a JSON array'];
  entries.forEach((e, i) => {
    const at = `entry ${i} (${e && typeof e === 'object' ? findingKey(e) : String(e)})`;
    if (!e || typeof e !== 'object') return problems.push(`${at}: not an object`);
    if (typeof e.rule !== 'string' || typeof e.file !== 'string' || !Number.isInteger(e.line)) problems.push(`${at}: needs rule, file and line`);
    if (!SEVERITIES.includes(e.severity)) problems.push(`${at}: severity must be one of ${SEVERITIES.join(', ')}`);
    if (!VERDICTS.has(e.verdict)) problems.push(`${at}: verdict must be "true", "false" or "unreviewed"`);
    if (e.verdict === 'false' && (typeof e.bug !== 'string' || e.bug.trim() === '')) problems.push(`${at}: a false positive names its bug`);
    if (e.verdict !== 'unreviewed' && (typeof e.review !== 'string' || e.review.trim() === '')) problems.push(`${at}: a reviewed finding says why (review)`);
  });
  return problems;
}

/** Read `<dir>/<name>.json`; null when there is none. Throws on a malformed list. */
export function readExpected(dir, name) {
  let text;
  try {
    text = readFileSync(join(dir, `${name}.json`), 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
  const entries = JSON.parse(text);
  const problems = entryProblems(entries);
  if (problems.length > 0) throw new Error(`${name}.json: ${problems.join('; ')}`);
  return entries;
}

/** Write a list as the review diff expects it: sorted, one key per line group, final newline. */
export function writeExpected(dir, name, entries) {
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify([...entries].sort(compareEntries), null, 2)}\n`);
}

/**
 * Match a scan's findings with the reviewed entries (a multiset: two findings with one key need
 * two entries). Returns:
 * - matched: [{ finding, entry }] with the same key and severity, entry reviewed;
 * - unreviewed: [{ finding, entry?, reason }] — reason "new" (no entry), "severity" (the entry
 *   was reviewed at another severity: its verdict may no longer hold) or "unreviewed" (the entry
 *   waits for its verdict);
 * - disappeared: [entry] reviewed entries no finding matched.
 */
export function compareScan(findings, entries) {
  const byKey = new Map();
  for (const entry of entries) {
    const k = findingKey(entry);
    const list = byKey.get(k) ?? [];
    list.push(entry);
    byKey.set(k, list);
  }
  const matched = [];
  const unreviewed = [];
  const pending = [];
  // Exact matches (key and severity) first, so that a severity change of one of two findings
  // sharing a key is attributed to the right one.
  for (const finding of findings) {
    const list = byKey.get(findingKey(finding)) ?? [];
    const i = list.findIndex((e) => e.severity === finding.severity);
    if (i < 0) {
      pending.push(finding);
      continue;
    }
    const [entry] = list.splice(i, 1);
    if (entry.verdict === 'unreviewed') unreviewed.push({ finding, entry, reason: 'unreviewed' });
    else matched.push({ finding, entry });
  }
  for (const finding of pending) {
    const list = byKey.get(findingKey(finding)) ?? [];
    if (list.length === 0) {
      unreviewed.push({ finding, reason: 'new' });
      continue;
    }
    const [entry] = list.splice(0, 1);
    unreviewed.push({ finding, entry, reason: entry.verdict === 'unreviewed' ? 'unreviewed' : 'severity' });
  }
  const disappeared = [...byKey.values()].flat().filter((e) => e.verdict !== 'unreviewed');
  // An unreviewed entry that no finding matches any more is simply gone: nothing to report.
  return { matched, unreviewed, disappeared };
}

/** Per severity: reviewed true (tp) and false (fp) findings among the matched ones. */
export function precision(comparisons) {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, { tp: 0, fp: 0 }]));
  for (const c of comparisons) {
    for (const { finding, entry } of c.matched) out[finding.severity][entry.verdict === 'true' ? 'tp' : 'fp']++;
  }
  return out;
}

/**
 * The list `--update` writes: every matched entry as it is; every unreviewed finding as an
 * entry with verdict "unreviewed" (an entry reviewed at another severity keeps its old review,
 * prefixed, to help the reviewer); a disappeared false positive dropped (its bug no longer
 * shows); a disappeared true finding kept — losing it is a regression a person must judge.
 * Never marks anything false by itself.
 */
export function updatedEntries(comparison) {
  const out = comparison.matched.map(({ entry }) => entry);
  for (const { finding, entry, reason } of comparison.unreviewed) {
    const base = { rule: finding.rule, file: finding.file, line: finding.line, severity: finding.severity, verdict: 'unreviewed' };
    if (reason === 'severity') out.push({ ...base, review: `was ${entry.severity}, reviewed ${entry.verdict}: ${entry.review}`, message: finding.message });
    else out.push({ ...base, review: entry?.review ?? '', message: finding.message });
  }
  for (const entry of comparison.disappeared) if (entry.verdict === 'true') out.push(entry);
  return out.sort(compareEntries);
}

/** Whether a repository's scan agrees with its reviewed list: nothing unreviewed or lost. */
export function isClean(comparison) {
  return comparison.unreviewed.length === 0 && comparison.disappeared.length === 0;
}
