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
  /**
   * What the detector reads, for the fix engine's re-detection after a pass
   * (src/fix/redetect.ts): the rule runs again only when the pass changed one of these, and
   * its previous findings stand otherwise. Absent: it runs again after every pass that
   * changed anything. Declare only what the detector (and everything it calls) can read: an
   * input left out makes a later pass report stale findings.
   */
  reads?: readonly RuleInput[];
}

/**
 * An input of a detector, as the fix engine tells what a pass changed:
 * - `dockerfiles`: the files found by a Dockerfile name (the project model's `dockerfiles`):
 *   which exist, and their texts;
 * - `builds`: the builds of the project model (its `contexts`) as a build runs them: Dockerfile,
 *   context directory, build args, target, named contexts, image and tags; not their ignore
 *   file nor whether their paths exist. Derived from many files, so compared between the
 *   project models before and after the pass rather than predicted;
 * - `compose`, `env`, `ignore`, `bake`, `scripts`: compose files, env files, .dockerignore
 *   files, Bake files, and the script-named files command lines are read from (with
 *   `.gitignore` files): which exist, and their texts;
 * - `tree`: which paths exist (any file created or deleted).
 */
export type RuleInput = 'dockerfiles' | 'builds' | 'compose' | 'env' | 'ignore' | 'bake' | 'scripts' | 'tree';

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
