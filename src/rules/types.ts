import type { Applicability, Finding, Fix, Severity } from '../types.js';
import type { Project } from '../project/project.js';

export interface RuleMeta<Options = Record<string, unknown>> {
  /** Stable kebab-case id. */
  id: string;
  /** One line: what the rule checks. */
  summary: string;
  severity: Severity;
  /** How the paired transform's fixes apply: `safe` with --write, `unsafe` only with --unsafe or an explicit yes. */
  fix: Applicability | 'none';
  /** Documentation page, relative to the package root. */
  docs: string;
  defaultOptions: Options;
  /**
   * The BuildKit build check this rule implements (`docker build --check`), when it is one:
   * its name as BuildKit spells it (`JSONArgsRecommended`), which the Dockerfile's
   * `# check=skip=<names>;error=true` directive refers to.
   */
  buildkitCheck?: string;
  /**
   * An experimental BuildKit check: BuildKit runs it only when the Dockerfile's `# check=`
   * directive (or BUILDKIT_DOCKERFILE_CHECK) names it in `experimental=<names>|all`, and then
   * whatever `skip=` says (linter.go `Run`). dockmend reports it likewise, or when dockmend's own
   * configuration asks for it (a severity in `rules`, or `--only`).
   */
  experimental?: boolean;
}

/** Pure: project model in, findings out. */
export interface Detector<Options = Record<string, unknown>, Data = unknown> {
  meta: RuleMeta<Options>;
  detect(project: Project, options: Options): Finding<Data>[];
}

/** Pure: a finding in, its alternative fixes out (first = default). */
export type Transform<Data = unknown> = (finding: Finding<Data>) => Fix[];

export interface RegistryEntry {
  // The registry stores heterogeneous rules; each entry pairs a detector with its transform.
  detector: Detector<any, any>;
  transform?: Transform<any>;
}
