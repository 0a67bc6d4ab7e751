import { TemplateSchema, type Template } from './schema';
import { blamelessRca, blamelessRcaRoles, blamelessRcaV2 } from './blameless-rca';
import { etsyGoNoGo, etsyGoNoGoRoles, etsyGoNoGoV2 } from './etsy-go-no-go';
import { launchReadiness, launchReadinessV2 } from './launch-readiness';
import { googleSrePostmortem, googleSrePostmortemRoles, googleSrePostmortemV2 } from './google-sre-postmortem';

export * from './schema';
export * from './roles';

/** The built-in templates, parsed once. A stored (key, version) never changes: edit a built-in by bumping its version. */
export const BUILT_IN_TEMPLATES: readonly Template[] = [
  [blamelessRca, blamelessRcaRoles],
  [etsyGoNoGo, etsyGoNoGoRoles],
  [googleSrePostmortem, googleSrePostmortemRoles],
  [blamelessRcaV2, blamelessRcaV2.roles],
  [googleSrePostmortemV2, googleSrePostmortemV2.roles],
  [launchReadiness, launchReadiness.roles],
  [etsyGoNoGoV2, etsyGoNoGoV2.roles],
  [launchReadinessV2, launchReadinessV2.roles],
].map(([t, roles]) => {
  // The declared roles are checked against the definition by the same schema a custom template meets.
  TemplateSchema.parse({ ...t, roles });
  return TemplateSchema.parse(t);
});
