import { TemplateSchema, type Template } from './schema';
import { blamelessRca } from './blameless-rca';
import { etsyGoNoGo } from './etsy-go-no-go';
import { googleSrePostmortem } from './google-sre-postmortem';

export * from './schema';

/** The built-in templates, parsed once. A stored (key, version) never changes: edit a built-in by bumping its version. */
export const BUILT_IN_TEMPLATES: readonly Template[] = [blamelessRca, etsyGoNoGo, googleSrePostmortem].map((t) => TemplateSchema.parse(t));
