// Which stages a build runs. BuildKit builds only what the target needs (dockerfile2llb
// `Dockerfile2LLB`: the target stage, or the last one, and the stages it depends on): its base
// (`FROM <stage>`), the stages it copies from (`COPY --from=<stage>`) and the stages a RUN
// mounts (`RUN --mount=from=<stage>`), transitively. A stage nothing reaches is skipped.
import type { DockerfileModel } from './model.js';

/**
 * The indexes of the stages a build of `target` (a stage name; undefined = the last stage)
 * runs, or null when that cannot be told: the target names no stage, or a reached stage
 * depends on something still a variable (`FROM ${BASE}` with no value, `--from=$X`).
 */
export function reachedStages(model: DockerfileModel, target?: string): Set<number> | null {
  if (model.stages.length === 0) return null;
  let start: number;
  if (target === undefined) start = model.stages.length - 1;
  else {
    const lower = target.toLowerCase();
    const i = model.stages.findIndex((s) => s.name === lower);
    if (i < 0) return null;
    start = i;
  }
  const reached = new Set<number>();
  const todo = [start];
  while (todo.length > 0) {
    const i = todo.pop()!;
    if (reached.has(i)) continue;
    reached.add(i);
    const stage = model.stages[i];
    if (stage.baseStageIndex !== undefined) todo.push(stage.baseStageIndex);
    else if (stage.image.includes('$')) return null;
    for (const c of model.copies) {
      if (c.stageIndex !== i || !c.from) continue;
      if (c.fromStageIndex !== undefined) todo.push(c.fromStageIndex);
      else if (c.from.value.includes('$')) return null;
    }
    for (const m of model.runMounts) {
      if (m.stageIndex !== i) continue;
      if (m.fromStageIndex !== undefined) todo.push(m.fromStageIndex);
      else if (m.from.includes('$')) return null;
    }
  }
  return reached;
}

/** "stage 'local-ftl-install'" or "stage 2". */
export function stageLabel(model: DockerfileModel, index: number): string {
  const name = model.stages[index]?.name;
  return name !== undefined ? `stage '${name}'` : `stage ${index}`;
}
