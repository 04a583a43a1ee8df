import { allDockerfileInstructions, dockerfileModel, stageIsBuilt } from '../analysis/models.js';
import { suggestName, withinOneEdit } from '../buildkit/suggest.js';
import { globalArgDefaults } from '../dockerfile/global-args.js';
import { fileRange, flagName, parseWords } from '../dockerfile/model.js';
import type { StagedInstruction } from '../dockerfile/staged.js';
import { variableReferences, wordSpans, type VariableReference } from '../dockerfile/variable-references.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * The instructions whose words the Dockerfile frontend expands, and so checks: dispatchOpt's
 * `dispatch` runs the command's `Expand` (instructions/commands.go SupportsSingleWordExpansion:
 * ENV keys and values, LABEL keys and values, ADD/COPY sources, destination and `--chown`
 * (ADD also `--checksum`), WORKDIR, USER, VOLUME, STOPSIGNAL) and `dispatchArg` expands ARG
 * defaults. RUN, CMD, ENTRYPOINT and HEALTHCHECK are left to the shell; EXPOSE is expanded by
 * ProcessWords, which reports nothing; FROM is UndefinedArgInFrom's.
 */
const EXPANDED_WHOLE = new Set(['ENV', 'LABEL', 'WORKDIR', 'USER', 'VOLUME', 'STOPSIGNAL']);
const EXPANDED_FLAGS: Record<string, string[]> = { COPY: ['chown'], ADD: ['chown', 'checksum'] };

/** convert.go nonEnvArgs: build args that never become environment variables. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** A stage's variables as the dispatch of its instructions goes. */
interface StageScope {
  /** The environment (`d.state`): the base's, ENVs, ARGs with a value. */
  env: Set<string>;
  /** Every ARG declared in the stage and the stages it is built FROM (`d.buildArgs`). */
  args: Set<string>;
  /**
   * The external image the stage chain starts from, when there is one: its environment (image
   * config `Env`) is part of `env`, and dockmend, which pulls no image, does not know it.
   * undefined when the chain starts from `scratch`: the environment is then all in the file.
   */
  image?: string;
}

/**
 * BuildKit's UndefinedVar (dockerfile2llb/convert.go `dispatch` → validations.go
 * `reportUnmatchedVariables`): a variable a frontend-expanded word reads (see EXPANDED_WHOLE)
 * that the stage's environment does not hold — its base image's ENV (PATH always, convert.go
 * "make sure that PATH is always set"), the ENVs and ARGs with a value of the stage and of the
 * stages it is built FROM — and that no ARG of the stage chain declares. Global ARGs count only
 * through an ARG that redeclares them in the stage; the automatic platform ARGs (TARGETPLATFORM
 * …) only the same way. An instruction's words are expanded before it applies (`ENV a=1 b=$a`
 * reads the earlier `a`).
 *
 * BuildKit knows the base image's environment; dockmend does not pull images. So:
 * - in a stage whose chain starts from `scratch`, the environment is all in the Dockerfile: the
 *   finding is BuildKit's, a warning;
 * - in a stage built on an external image, the variable may come from the image (NODE_VERSION,
 *   JAVA_HOME, GOPATH …): dockmend reports only what is a mistake whatever the image holds — a
 *   variable the same stage declares later (used before its ARG/ENV), or one within BuildKit's
 *   edit distance of a variable in scope (a typo) — and as info, since the image could still
 *   define it.
 * Windows stages are left out (their environment keys compare case-insensitively, and PATH is
 * left to the image).
 *
 * Only stages a build runs are checked: `dispatchStages` dispatches the reached stages (all of
 * them only for `docker build --check` with no target).
 */
export const undefinedVar: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'undefined-var',
    summary: 'A Dockerfile word reads a variable no ENV or ARG in scope defines (BuildKit UndefinedVar).',
    severity: 'warning',
    fix: 'unsafe',
    docs: 'docs/rules/undefined-var.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'UndefinedVar',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const view of allDockerfileInstructions(project)) {
      const { path, text } = view;
      const model = dockerfileModel(project, path);
      const built = stageIsBuilt(project, path);
      const globals = globalArgDefaults(view);
      // dispatchArg: an ARG whose value the build passes (compose `build.args`) takes it and its
      // default is not expanded; one any build of this Dockerfile passes is not checked.
      const builds = project.contexts.filter((c) => c.dockerfile === path);
      const passed = new Set(builds.flatMap((c) => Object.keys(c.args)));
      // buildDispatchStates: a named context (compose `additional_contexts`) with a stage's name
      // replaces the stage; its instructions are not dispatched, and what it holds is unknown.
      const replaced = new Set(builds.flatMap((c) => c.additionalContexts.map((n) => n.toLowerCase())));
      const esc = view.escapeChar;
      const declaredInStage = view.stages.map(() => new Set<string>());
      for (const ins of view.instructions) if (ins.stageIndex >= 0) for (const key of definedKeys(ins, esc)) declaredInStage[ins.stageIndex]!.add(key);
      const scopes: (StageScope | null)[] = [];
      for (const ins of view.instructions) {
        const i = ins.stageIndex;
        if (i < 0) continue;
        if (ins === view.stages[i]?.from) {
          scopes[i] = stageScope(i);
          continue;
        }
        const scope = scopes[i];
        if (!scope) continue;
        const report = (refs: VariableReference[]) => {
          if (!built(i)) return;
          const names = new Map<string, VariableReference[]>();
          for (const ref of refs) {
            if (scope.env.has(ref.name) || scope.args.has(ref.name) || NON_ENV_ARGS.has(ref.name)) continue;
            names.set(ref.name, [...(names.get(ref.name) ?? []), ref]);
          }
          for (const [name, at] of names) {
            const certain = scope.image === undefined;
            // BuildKit suggests from the whole environment, the image's included. On an external
            // image dockmend knows only what the Dockerfile declares and PATH, and the image's own
            // variables may sit 2 edits from PATH (golang's GOPATH): PATH is a basis for "a typo
            // of" there only one edit away (`$PAHT`).
            const suggestion = suggestName(name, certain ? scope.env : [...scope.env].filter((n) => n !== 'PATH' || withinOneEdit(name, n)));
            if (!certain && suggestion === undefined && !declaredInStage[i]!.has(name)) continue;
            const spans = at.map((r) => fileRange(ins.lg, r.start, r.end));
            const fixable = suggestion !== undefined && spans.every((s) => text.slice(s.start, s.end) === name);
            findings.push({
              rule: 'undefined-var',
              severity: certain ? 'warning' : 'info',
              location: { file: path, start: ins.start, end: ins.end },
              // BuildKit's wording (linter/ruleset.go RuleUndefinedVar), then why dockmend is unsure.
              message:
                `Usage of undefined variable '$${name}'${suggestion ? ` (did you mean $${suggestion}?)` : ''}` +
                (certain ? '' : `. The base image ${scope.image} could define it, which dockmend cannot tell without pulling the image`),
              data: fixable ? { fix: { title: `Change $${name} to $${suggestion}`, applicability: 'unsafe', edits: spans.map((s) => ({ ...s, text: suggestion! })) } } : {},
            });
          }
        };
        const { keyword, lg, split } = ins;
        if (keyword === 'ARG') {
          // dispatchArg: each ARG in order; a default is expanded with the ARGs before it.
          for (const w of wordSpans(lg.text, split.argsStart, split.argsEnd, esc)) {
            const word = lg.text.slice(w.start, w.end);
            const eq = word.indexOf('=');
            const key = eq < 0 ? word : word.slice(0, eq);
            if (eq >= 0 && !passed.has(key)) report(variableReferences(lg.text, w.start + eq + 1, w.end, esc));
            if (eq >= 0 || passed.has(key) || typeof globals.get(key) === 'string') scope.env.add(key);
            scope.args.add(key);
          }
          continue;
        }
        if (EXPANDED_WHOLE.has(keyword)) report(variableReferences(lg.text, split.argsStart, split.argsEnd, esc));
        else if (EXPANDED_FLAGS[keyword]) {
          const refs: VariableReference[] = [];
          for (const flag of split.flags) {
            const eq = flag.text.indexOf('=');
            if (eq > 0 && EXPANDED_FLAGS[keyword]!.includes(flagName(flag.text))) refs.push(...variableReferences(lg.text, flag.s + eq + 1, flag.e, esc));
          }
          refs.push(...variableReferences(lg.text, split.argsStart, split.argsEnd, esc));
          report(refs);
        }
        if (keyword === 'ENV') for (const key of definedKeys(ins, esc)) scope.env.add(key);
      }

      /** dispatchState.init: a stage FROM an earlier stage starts from its state; else from the image. */
      function stageScope(i: number): StageScope | null {
        const stage = view.stages[i]!;
        if (stage.windows || (stage.name !== undefined && replaced.has(stage.name))) return null;
        const base = model?.stages[i]?.baseStageIndex ?? stage.baseStageIndex;
        if (base !== undefined) {
          const from = scopes[base];
          return from ? { env: new Set(from.env), args: new Set(from.args), image: from.image } : null;
        }
        const image = model?.stages[i]?.image ?? stage.from.words.args[0]?.text ?? '';
        return { env: new Set(['PATH']), args: new Set(), image: image === 'scratch' ? undefined : image };
      }
    }
    return findings;
  },
};

/** The names an ENV or ARG instruction defines (`ENV k v` legacy form: the first word). */
function definedKeys(ins: StagedInstruction, esc: string): string[] {
  if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') return [];
  const words = parseWords(ins.argsText, esc);
  if (ins.keyword === 'ENV' && words.length > 0 && !words[0]!.includes('=')) return [words[0]!];
  return words.map((w) => (w.includes('=') ? w.slice(0, w.indexOf('=')) : w)).filter((k) => k !== '');
}
