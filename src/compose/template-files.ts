// Compose files named as templates (`docker-compose.override.example.yml`): checked like any
// other, but what they name on disk may not exist until the user copies and edits them, so the
// path rules report it as `info`.
import { isTemplateComposeName } from '../project/discover.js';

/** The sentence a path finding in a template compose file ends with; '' for other files. */
export function templateNote(file: string): string {
  return isTemplateComposeName(file) ? ` ${file} is named as a template: the user copies and edits it before running it, so dockmend cannot tell which paths it will name.` : '';
}
