// SARIF 2.1.0 (OASIS), as GitHub code scanning ingests it: one run, the rules in
// tool.driver.rules, each finding a result with a physical location relative to %SRCROOT%
// (the repository root when there is one), and each fix alternative as a SARIF `fix` whose
// replacements are character ranges of the file as it is on disk.
//
// Suppressed findings are left out (GitHub code scanning ignores `result.suppressions` and
// would open alerts for them); the run's property bag counts them.
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };
import type { RuleMeta } from '../rules/types.js';
import type { Change, Fix, ResolvedFinding, Severity } from '../types.js';

export interface SarifRuleInfo {
  id: string;
  summary: string;
  severity: Severity;
  /** Documentation page, relative to the repository (`docs/rules/<id>.md`). */
  docs: string;
}

export interface SarifInput {
  /** Absolute scan root; finding paths are relative to it. */
  root: string;
  /** Absolute directory the result URIs are relative to (the repository root, else the scan root). */
  base: string;
  findings: readonly ResolvedFinding[];
  /** The rules that ran (and any pseudo-rule the findings name), listed in tool.driver.rules. */
  rules: readonly (RuleMeta | SarifRuleInfo)[];
  /** Text of a root-relative file as the findings' offsets see it, for fix offsets. */
  read: (file: string) => string | null;
  suppressed?: number;
}

/** Where the project lives; rule help pages are `<repository>/blob/main/docs/rules/<id>.md`. */
export const REPOSITORY_URL = ((pkg as { homepage?: string }).homepage ?? 'https://github.com/dockmend/dockmend').replace(/\/+$/, '').replace(/#.*$/, '');

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function helpUri(docs: string): string {
  return `${REPOSITORY_URL}/blob/main/${docs}`;
}

export function toSarif(input: SarifInput): object {
  const srcRoot = pathToFileURL(input.base).href.replace(/\/?$/, '/');
  const uriOf = (file: string) =>
    relative(input.base, join(input.root, file))
      .split(sep)
      .map((s) => encodeURIComponent(s))
      .join('/');
  const location = (file: string) => ({ uri: uriOf(file), uriBaseId: '%SRCROOT%' });

  const rules = input.rules.map((r) => ({
    id: r.id,
    name: r.id
      .split('-')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: r.summary },
    helpUri: helpUri(r.docs),
    help: { text: `${r.summary} See ${helpUri(r.docs)}`, markdown: `${r.summary} [Documentation](${helpUri(r.docs)})` },
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));

  const texts = new Map<string, string | null>();
  const textOf = (file: string) => {
    if (!texts.has(file)) texts.set(file, input.read(file));
    return texts.get(file) ?? null;
  };
  /** SARIF character offsets count the file's characters, not its byte-order mark. */
  const charOffset = (file: string, offset: number) => (textOf(file)?.startsWith('\uFEFF') ? Math.max(0, offset - 1) : offset);

  const fixOf = (fix: Fix) => {
    const byFile = new Map<string, Change[]>();
    for (const c of fix.changes) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
    return {
      description: { text: fix.title },
      artifactChanges: [...byFile].map(([file, changes]) => ({
        artifactLocation: location(file),
        replacements: changes.map((c) => {
          if (c.kind === 'create') return { deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: c.text } };
          // SARIF has no file deletion: the whole content is deleted.
          if (c.kind === 'delete') return { deletedRegion: { charOffset: 0, charLength: charOffset(file, textOf(file)?.length ?? 0) } };
          const start = charOffset(file, c.start);
          return { deletedRegion: { charOffset: start, charLength: charOffset(file, c.end) - start }, ...(c.text !== '' ? { insertedContent: { text: c.text } } : {}) };
        }),
      })),
      properties: { applicability: fix.applicability },
    };
  };

  const results = input.findings.map((f) => ({
    ruleId: f.rule,
    ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: location(f.location.file),
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column : 1) },
        },
      },
    ],
    ...(f.fixes.length > 0 ? { fixes: f.fixes.map(fixOf) } : {}),
    ...(f.context !== undefined ? { properties: { context: f.context } } : {}),
  }));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockmend',
            version: pkg.version,
            semanticVersion: pkg.version,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } },
        columnKind: 'utf16CodeUnits',
        results,
        properties: { suppressed: input.suppressed ?? 0 },
      },
    ],
  };
}
