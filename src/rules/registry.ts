// The one place where detectors are paired with the transforms that fix their findings.
// A transform may serve several detectors (ignore-lines serves every .dockerignore rule).
import { bakePathsFix } from '../../transforms/bake-paths.js';
import { composePathsFix } from '../../transforms/compose-paths.js';
import { composeVersionFix } from '../../transforms/compose-version.js';
import { copyFromFix } from '../../transforms/copy-from.js';
import { copySourceFix } from '../../transforms/copy-source.js';
import { copySourceMissingFix } from '../../transforms/copy-source-missing.js';
import { createUserFix } from '../../transforms/create-user.js';
import { ignoreLineRewriteFix } from '../../transforms/ignore-line-rewrite.js';
import { ignoreLinesFix } from '../../transforms/ignore-lines.js';
import { ignoreMergeFix } from '../../transforms/ignore-merge.js';
import { bakeContextMissing } from '../detectors/bake-context-missing.js';
import { bakeDockerfileMissing } from '../detectors/bake-dockerfile-missing.js';
import { bakeUnknownTarget } from '../detectors/bake-unknown-target.js';
import { bakeUnresolved } from '../detectors/bake-unresolved.js';
import { chownUserUndefined } from '../detectors/chown-user-undefined.js';
import { composeBuildContextMissing } from '../detectors/compose-build-context-missing.js';
import { composeDockerfileMissing } from '../detectors/compose-dockerfile-missing.js';
import { composeVersion } from '../detectors/compose-version.js';
import { contextInferred } from '../detectors/context-inferred.js';
import { copyFromUnknownStage } from '../detectors/copy-from-unknown-stage.js';
import { copySourceIgnored } from '../detectors/copy-source-ignored.js';
import { copySourceMissing } from '../detectors/copy-source-missing.js';
import { copySourceGenerated } from '../detectors/copy-source-generated.js';
import { copySourceOutsideContext } from '../detectors/copy-source-outside-context.js';
import { copySourceUnresolved } from '../detectors/copy-source-unresolved.js';
import { copyWildcardEmpty } from '../detectors/copy-wildcard-empty.js';
import { dockerignoreIncomplete } from '../detectors/dockerignore-incomplete.js';
import { dockerignoreInvalid } from '../detectors/dockerignore-invalid.js';
import { dockerignoreMissing } from '../detectors/dockerignore-missing.js';
import { dockerignoreRootOnlyPattern } from '../detectors/dockerignore-root-only-pattern.js';
import { dockerignoreUnused } from '../detectors/dockerignore-unused.js';
import { parseError } from '../detectors/parse-error.js';
import { composeInvalidInterpolation } from '../detectors/compose-invalid-interpolation.js';
import { composeUndefinedVariable } from '../detectors/compose-undefined-variable.js';
import { composeInvalidPort } from '../detectors/compose-invalid-port.js';
import { composePortConflict } from '../detectors/compose-port-conflict.js';
import { composeUnknownService } from '../detectors/compose-unknown-service.js';
import { composeEnvDrift } from '../detectors/compose-env-drift.js';
import { composeEnvFileMissing } from '../detectors/compose-env-file-missing.js';
import { composeSchema } from '../detectors/compose-schema.js';
import { composeIncludeMissing } from '../detectors/compose-include-missing.js';
import { composeOverlayInferred } from '../detectors/compose-overlay-inferred.js';
import { composeDotenvAbsent } from '../detectors/compose-dotenv-absent.js';
import { composeEmptyFile } from '../detectors/compose-empty-file.js';
import { composeProjectDirectory } from '../detectors/compose-project-directory.js';
import { composeEnvKeysFix } from '../../transforms/compose-env-keys.js';
import { composeEnvFileFix } from '../../transforms/compose-env-file.js';
import { envStubFix } from '../../transforms/env-stub.js';
import { composePortDefaultFix } from '../../transforms/compose-port-default.js';
import { yamlReplaceFix } from '../../transforms/yaml-replace.js';
import { stageNameCasing } from '../detectors/stage-name-casing.js';
import { fromAsCasing } from '../detectors/from-as-casing.js';
import { consistentInstructionCasing } from '../detectors/consistent-instruction-casing.js';
import { noEmptyContinuation } from '../detectors/no-empty-continuation.js';
import { maintainerDeprecated } from '../detectors/maintainer-deprecated.js';
import { exposeProtoCasing } from '../detectors/expose-proto-casing.js';
import { exposeInvalidFormat } from '../detectors/expose-invalid-format.js';
import { duplicateStageName } from '../detectors/duplicate-stage-name.js';
import { reservedStageName } from '../detectors/reserved-stage-name.js';
import { dockerfileEditsFix } from '../../transforms/dockerfile-edits.js';
import { jsonArgsRecommended } from '../detectors/json-args-recommended.js';
import { workdirRelativePath } from '../detectors/workdir-relative-path.js';
import { redundantTargetPlatform } from '../detectors/redundant-target-platform.js';
import { fromPlatformFlagConstDisallowed } from '../detectors/from-platform-flag-const-disallowed.js';
import { legacyKeyValueFormat } from '../detectors/legacy-key-value-format.js';
import { multipleInstructionsDisallowed } from '../detectors/multiple-instructions-disallowed.js';
import { secretsUsedInArgOrEnv } from '../detectors/secrets-used-in-arg-or-env.js';
import { undefinedArgInFrom } from '../detectors/undefined-arg-in-from.js';
import { undefinedVar } from '../detectors/undefined-var.js';
import { invalidDefinitionDescription } from '../detectors/invalid-definition-description.js';
import { invalidDefaultArgInFrom } from '../detectors/invalid-default-arg-in-from.js';
import type { RegistryEntry } from './types.js';

export const registry: readonly RegistryEntry[] = [
  { detector: parseError },
  { detector: composeEmptyFile },
  { detector: composeVersion, transform: composeVersionFix },
  { detector: dockerignoreMissing, transform: ignoreLinesFix },
  { detector: dockerignoreIncomplete, transform: ignoreLinesFix },
  { detector: dockerignoreRootOnlyPattern, transform: ignoreLineRewriteFix },
  { detector: dockerignoreInvalid, transform: ignoreLineRewriteFix },
  { detector: dockerignoreUnused, transform: ignoreMergeFix },
  { detector: composeProjectDirectory },
  { detector: composeBuildContextMissing, transform: composePathsFix },
  { detector: composeDockerfileMissing, transform: composePathsFix },
  { detector: bakeContextMissing, transform: bakePathsFix },
  { detector: bakeDockerfileMissing, transform: bakePathsFix },
  { detector: bakeUnknownTarget, transform: bakePathsFix },
  { detector: bakeUnresolved },
  { detector: copySourceMissing, transform: copySourceMissingFix },
  { detector: copySourceGenerated },
  { detector: copySourceIgnored, transform: ignoreLinesFix },
  { detector: copySourceOutsideContext },
  { detector: copySourceUnresolved },
  { detector: copyWildcardEmpty, transform: copySourceFix },
  { detector: contextInferred },
  { detector: copyFromUnknownStage, transform: copyFromFix },
  { detector: chownUserUndefined, transform: createUserFix },
  { detector: composeInvalidInterpolation },
  { detector: composeUndefinedVariable, transform: envStubFix },
  { detector: composeDotenvAbsent },
  { detector: composeInvalidPort, transform: composePortDefaultFix },
  { detector: composePortConflict },
  { detector: composeUnknownService, transform: yamlReplaceFix },
  { detector: composeEnvDrift, transform: composeEnvKeysFix },
  { detector: composeEnvFileMissing, transform: composeEnvFileFix },
  { detector: composeSchema },
  { detector: composeIncludeMissing },
  { detector: composeOverlayInferred },
  { detector: stageNameCasing, transform: dockerfileEditsFix },
  { detector: fromAsCasing, transform: dockerfileEditsFix },
  { detector: consistentInstructionCasing, transform: dockerfileEditsFix },
  { detector: noEmptyContinuation, transform: dockerfileEditsFix },
  { detector: maintainerDeprecated, transform: dockerfileEditsFix },
  { detector: exposeProtoCasing, transform: dockerfileEditsFix },
  { detector: exposeInvalidFormat, transform: dockerfileEditsFix },
  { detector: duplicateStageName },
  { detector: reservedStageName },
  { detector: jsonArgsRecommended, transform: dockerfileEditsFix },
  { detector: workdirRelativePath },
  { detector: redundantTargetPlatform, transform: dockerfileEditsFix },
  { detector: fromPlatformFlagConstDisallowed },
  { detector: legacyKeyValueFormat, transform: dockerfileEditsFix },
  { detector: multipleInstructionsDisallowed, transform: dockerfileEditsFix },
  { detector: secretsUsedInArgOrEnv },
  { detector: undefinedArgInFrom, transform: dockerfileEditsFix },
  { detector: undefinedVar, transform: dockerfileEditsFix },
  { detector: invalidDefinitionDescription },
  { detector: invalidDefaultArgInFrom },
];

export const ruleIds: readonly string[] = registry.map((e) => e.detector.meta.id);
