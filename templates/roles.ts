import { blamelessRcaRoles } from './blameless-rca';
import { etsyGoNoGoRoles } from './etsy-go-no-go';
import { googleSrePostmortemRoles } from './google-sre-postmortem';
import {
  type FactRole,
  type Field,
  type FieldRole,
  type Template,
  type TemplateRoles,
  FACT_ROLES,
  FIELD_ROLES,
  ROLE_FIELD_TYPES,
  RolesSchema,
  templateFields,
} from './schema';

/**
 * The role table: the one place that knows which field of a template plays which role. Everything else asks
 * templateRoles() / roleField() / factMinutes() and never names a field key.
 *
 * A stored built-in (key, version) never changes, and the v1 built-ins were stored before templates declared
 * roles, so their roles are declared next to each definition (not inside it) and looked up by key and version.
 * A later version of a built-in carries `roles` in its definition instead.
 */
export const BUILT_IN_ROLES: ReadonlyMap<string, TemplateRoles> = new Map([
  ['blameless-rca@1', RolesSchema.parse(blamelessRcaRoles)],
  ['etsy-go-no-go@1', RolesSchema.parse(etsyGoNoGoRoles)],
  ['google-sre-postmortem@1', RolesSchema.parse(googleSrePostmortemRoles)],
]);

/**
 * Before roles existed, features read fixed keys and computed outputs. A custom template stored then (no `roles`)
 * keeps exactly the behaviour it had: a datetime field with one of these keys, or a computed field with one of
 * these outputs, holds the role.
 */
const CONVENTION_KEYS: Partial<Record<FieldRole, string>> = {
  start: 'startedAt',
  detection: 'detectedAt',
  end: 'endedAt',
  launch: 'launchAt',
};
const CONVENTION_OUTPUTS: Record<FactRole, string> = {
  impact: 'impactMinutes',
  timeToDetect: 'timeToDetectMinutes',
  timeToMitigate: 'timeToMitigateMinutes',
  timeToResolve: 'timeToResolveMinutes',
};

export function conventionalRoles(t: Template): TemplateRoles {
  const fields = templateFields(t);
  const roles: TemplateRoles = { facts: {} };
  for (const role of FIELD_ROLES) {
    const key = CONVENTION_KEYS[role];
    const f = key ? fields.find((x) => x.key === key) : undefined;
    if (f && (ROLE_FIELD_TYPES[role] as readonly string[]).includes(f.type)) roles[role] = f.key;
  }
  for (const fact of FACT_ROLES) {
    const f = fields.find((x) => x.type === 'computed' && x.output === CONVENTION_OUTPUTS[fact]);
    if (f) roles.facts[fact] = f.key;
  }
  return roles;
}

const resolved = new WeakMap<Template, TemplateRoles>();

/** The roles of a template: its own `roles`, else the built-in's declared roles, else the pre-roles key convention. */
export function templateRoles(t: Template): TemplateRoles {
  let roles = resolved.get(t);
  if (!roles) {
    roles = t.roles ?? BUILT_IN_ROLES.get(`${t.key}@${t.version}`) ?? conventionalRoles(t);
    resolved.set(t, roles);
  }
  return roles;
}

/** The field holding a role, if the template has one. */
export function roleField(t: Template, role: FieldRole): Field | undefined {
  const key = templateRoles(t)[role];
  return key === undefined ? undefined : templateFields(t).find((f) => f.key === key);
}

/** The stored instant (ISO string) of a datetime role, or null. */
export function roleInstant(
  t: Template,
  fields: Record<string, unknown>,
  role: 'start' | 'detection' | 'end' | 'launch' | 'success',
): string | null {
  const f = roleField(t, role);
  const v = f ? fields[f.key] : undefined;
  return typeof v === 'string' && v ? v : null;
}

/** Minutes of a computed fact (from the document's `computed`, keyed by each computed field's output), or null. */
export function factMinutes(t: Template, computed: Record<string, number | null | undefined>, fact: FactRole): number | null {
  const key = templateRoles(t).facts[fact];
  const f = key === undefined ? undefined : templateFields(t).find((x) => x.key === key);
  if (f?.type !== 'computed') return null;
  const v = computed[f.output];
  return typeof v === 'number' ? v : null;
}
