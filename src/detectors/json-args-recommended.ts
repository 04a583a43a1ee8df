import { allDockerfileInstructions, stageIsBuilt } from '../analysis/models.js';
import { fileRange, jsonStrings, whitespaceTokens } from '../dockerfile/model.js';
import { stageChain } from '../dockerfile/staged.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { DockerfileEditsData } from '../../transforms/dockerfile-edits.js';

/**
 * Words that mean the same to `/bin/sh -c` as to an exec: no expansion, quoting, globbing,
 * redirection, operators, comments or tilde (POSIX Shell Command Language 2.2–2.6).
 */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Shell keywords and special built-ins: no executable of that name runs them without a shell. */
const SHELL_ONLY = new Set([
  'exec', 'cd', '.', 'source', 'export', 'set', 'unset', 'eval', 'trap', 'ulimit', 'umask', 'wait', 'read', 'shift',
  'alias', 'if', 'for', 'while', 'until', 'case', 'exit', 'return', 'local', 'readonly', 'type', 'command', 'builtin',
  'hash', 'jobs', 'fg', 'bg', 'times', 'getopts', 'break', 'continue', 'function', 'select', 'time',
]);

/**
 * BuildKit's JSONArgsRecommended: a shell-form CMD or ENTRYPOINT runs under `/bin/sh -c`, which
 * does not forward SIGTERM to the command. dockerfile2llb/convert.go `dispatchCmd` /
 * `dispatchEntrypoint` raise it when `c.PrependShell` and the image has no `SHELL` set — a SHELL
 * earlier in the stage, or anywhere in a stage it is built FROM (the dispatch state is inherited).
 */
export const jsonArgsRecommended: Detector<Record<string, never>, DockerfileEditsData> = {
  meta: {
    id: 'json-args-recommended',
    summary: 'Shell-form `CMD`/`ENTRYPOINT`: the command does not receive OS signals (BuildKit JSONArgsRecommended).',
    severity: 'warning',
    fix: 'unsafe',
    docs: 'docs/rules/json-args-recommended.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'JSONArgsRecommended',
  },
  detect(project) {
    const findings: Finding<DockerfileEditsData>[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const { path: dockerfile, text } = staged;
      const built = stageIsBuilt(project, dockerfile);
      const shellSet = new Set<number>();
      const shellStages = new Set<number>();
      const cmdStages = new Set<number>();
      const entrypointStages = new Set<number>();
      for (const ins of staged.instructions) {
        if (ins.stageIndex < 0) continue;
        if (ins.keyword === 'SHELL') shellStages.add(ins.stageIndex);
        if (ins.keyword === 'CMD') cmdStages.add(ins.stageIndex);
        if (ins.keyword === 'ENTRYPOINT') entrypointStages.add(ins.stageIndex);
      }
      // Stages that share the image config of stage i: its ancestors and the stages built FROM it.
      const related = (i: number) =>
        staged.stages.filter((s) => s.index === i || stageChain(staged, i).includes(s.index) || stageChain(staged, s.index).includes(i)).map((s) => s.index);
      for (const ins of staged.instructions) {
        if (ins.stageIndex < 0) continue;
        if (ins.keyword === 'SHELL') {
          shellSet.add(ins.stageIndex);
          continue;
        }
        if ((ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') || !built(ins.stageIndex)) continue;
        const { lg, split } = ins;
        if (split.argsStart >= split.argsEnd) continue;
        if (jsonStrings(lg.text, split.argsStart, split.argsEnd)) continue;
        // A SHELL earlier in this stage, or in any stage this one is built FROM (all of it ran).
        const chain = stageChain(staged, ins.stageIndex);
        if (shellSet.has(ins.stageIndex) || chain.slice(1).some((i) => shellStages.has(i))) continue;
        const words = whitespaceTokens(lg.text, split.argsStart, split.argsEnd).map((t) => t.text);
        const span = fileRange(lg, split.argsStart, split.argsEnd);
        const singleLine = !/[\r\n]/.test(text.slice(span.start, span.end));
        // A shell-form ENTRYPOINT ignores CMD; in JSON form it receives CMD as arguments. A CMD
        // next to a Dockerfile ENTRYPOINT is handed to it. Either way the JSON form would change
        // what runs, so no fix where the related stages have the other instruction.
        const other = ins.keyword === 'ENTRYPOINT' ? cmdStages : entrypointStages;
        const plain =
          singleLine &&
          !related(ins.stageIndex).some((i) => other.has(i)) &&
          !staged.stages[ins.stageIndex].windows &&
          words.length > 0 &&
          words.every((w) => PLAIN_WORD.test(w)) &&
          !words[0].includes('=') &&
          !SHELL_ONLY.has(words[0]);
        const json = `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
        findings.push({
          rule: 'json-args-recommended',
          severity: 'warning',
          location: { file: dockerfile, start: ins.start, end: ins.end },
          // BuildKit's wording (linter/ruleset.go RuleJSONArgsRecommended).
          message: `JSON arguments recommended for ${ins.keyword} to prevent unintended behavior related to OS signals`,
          data: {
            ...(plain ? { fix: { title: `Write ${ins.keyword} in JSON form: ${json}`, applicability: 'unsafe' as const, edits: [{ start: span.start, end: span.end, text: json }] } } : {}),
          },
        });
      }
    }
    return findings;
  },
};
