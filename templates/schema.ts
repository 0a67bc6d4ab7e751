import { z } from 'zod';
import { safeText } from '../app/lib/safe-text';

/** Every field kind a template may use; each has one folder in app/fields and an entry in each layer's map there. */
export const FIELD_TYPES = [
  'text',
  'richtext',
  'datetime',
  'date',
  'select',
  'people',
  'links',
  'timeline',
  'checklist',
  'actions',
  'computed',
  'factors',
  'table',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const TEMPLATE_KINDS = ['rca', 'checklist'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const TIMELINE_MARKERS = ['detected', 'mitigated', 'resolved'] as const;
export type TimelineMarker = (typeof TIMELINE_MARKERS)[number];

const KeySchema = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/, 'use camelCase letters and digits, starting with a lower-case letter')
  .max(60);

const FieldBase = {
  key: KeySchema,
  label: safeText().min(1).max(200),
  help: safeText().max(1000).optional(),
  required: z.boolean().default(false),
};

export const ChecklistItemSchema = z.object({
  key: KeySchema,
  label: safeText().min(1).max(300),
  help: safeText().max(1000).optional(),
  /** A gate must be answered "yes" (or "n.a.") for a Go decision. */
  gate: z.boolean().default(false),
  // The properties below are optional without defaults: a default would change the parsed (and checksummed)
  // definition of every template stored before them.
  /** Must be answered (and pass) for a Go, like a gate, though a failing answer blocks rather than fails the launch. */
  required: z.boolean().optional(),
  /** Which answers pass (absent: yes and n.a.). "Not yet" never passes. */
  pass: z
    .array(z.enum(['yes', 'no', 'na']))
    .min(1)
    .optional(),
  /** An answer that passes needs at least one evidence link. */
  evidence: z.boolean().optional(),
  /**
   * Where the question came from: the accepted proposal and the RCA it cited. Ids only — a template is read by
   * everyone, the RCA perhaps not, so its title stays in the proposal (admins and the RCA's readers see it).
   */
  source: z
    .object({
      proposal: z.string().uuid(),
      rca: z.string().uuid().nullable(),
    })
    .strict()
    .optional(),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const ComputedFormulaSchema = z.discriminatedUnion('op', [
  /** Minutes from one datetime field to another (end − start). */
  z.object({ op: z.literal('duration'), from: KeySchema, to: KeySchema }),
  /** Minutes from a datetime field to the first timeline entry carrying a marker, or to another datetime field. */
  z.object({
    op: z.literal('durationToMarker'),
    from: KeySchema,
    timeline: KeySchema,
    marker: z.enum(TIMELINE_MARKERS),
    /** A datetime field that, when filled, is used instead of the marker. */
    prefer: KeySchema.optional(),
  }),
]);
export type ComputedFormula = z.infer<typeof ComputedFormulaSchema>;

export const FieldSchema = z.discriminatedUnion('type', [
  z.object({
    ...FieldBase,
    type: z.literal('text'),
    multiline: z.boolean().default(false),
    maxLength: z.number().int().positive().max(100_000).optional(),
  }),
  z.object({ ...FieldBase, type: z.literal('richtext') }),
  z.object({ ...FieldBase, type: z.literal('datetime') }),
  z.object({ ...FieldBase, type: z.literal('date') }),
  z.object({
    ...FieldBase,
    type: z.literal('select'),
    options: z.array(z.object({ value: safeText().min(1).max(100), label: safeText().min(1).max(200) })).min(1),
  }),
  z.object({ ...FieldBase, type: z.literal('people') }),
  z.object({ ...FieldBase, type: z.literal('links') }),
  z.object({ ...FieldBase, type: z.literal('timeline') }),
  z.object({
    ...FieldBase,
    type: z.literal('checklist'),
    items: z.array(ChecklistItemSchema).min(1),
    /** Evidence last checked longer ago than this is flagged as stale (absent: never). */
    evidenceMaxAgeDays: z.number().int().min(1).max(3650).optional(),
  }),
  z.object({
    ...FieldBase,
    type: z.literal('actions'),
    /** Kinds offered for the action items of this field. */
    kinds: z.array(safeText().min(1)).min(1).default(['prevent', 'mitigate', 'detect', 'process']),
  }),
  z.object({
    ...FieldBase,
    type: z.literal('computed'),
    formula: ComputedFormulaSchema,
    /** Name under which the value appears in the API's `computed` object. */
    output: KeySchema,
  }),
  /** Contributing factors: short statements, each with categories from the shared vocabulary (admin-editable). */
  z.object({ ...FieldBase, type: z.literal('factors') }),
  /** Rows under fixed columns (a contingency plan: risk, planned response, owner, switch). */
  z.object({
    ...FieldBase,
    type: z.literal('table'),
    columns: z
      .array(
        z.object({
          key: KeySchema,
          label: safeText().min(1).max(100),
          /** A kept row must fill this cell. */
          required: z.boolean().optional(),
          maxLength: z.number().int().min(1).max(5000).optional(),
        }),
      )
      .min(1)
      .max(8)
      .refine((cols) => new Set(cols.map((c) => c.key)).size === cols.length, 'column keys must differ'),
    maxRows: z.number().int().min(1).max(200).optional(),
  }),
]);
export type Field = z.infer<typeof FieldSchema>;
export type FieldOf<T extends FieldType> = Extract<Field, { type: T }>;

export const SectionSchema = z.object({
  key: KeySchema,
  title: safeText().min(1).max(200),
  description: safeText().max(2000).optional(),
  /** `header` sections render as a two-column table of facts; `body` sections as numbered sections. */
  layout: z.enum(['header', 'body']).default('body'),
  fields: z.array(FieldSchema).min(1),
});
export type Section = z.infer<typeof SectionSchema>;

/**
 * What a field means to the rest of Kaizen. Features (the list's date filters, Launches, Insights, the digest, the
 * real columns) read a role, never a field key, so a template with its own keys works everywhere a built-in does.
 * Each role names a field of this template; ROLE_FIELD_TYPES says which kinds may hold it.
 */
export const ROLE_FIELD_TYPES = {
  /** When the incident started. */
  start: ['datetime'],
  /** When it was detected. */
  detection: ['datetime'],
  /** When it stopped. */
  end: ['datetime'],
  /** When a launch starts (checklists). */
  launch: ['datetime'],
  /** The agreed time to declare a launch a success: from then its owners are asked to record the outcome. */
  success: ['datetime'],
  /** A short account of the document (its first paragraph is the library's summary). */
  summary: ['richtext', 'text'],
  /** Why it happened: weighs more in library search than other text. */
  cause: ['richtext', 'text'],
  /** The people responsible (RCA team, authors, who launches). */
  people: ['people'],
  /** Contributing factors: their categories are filtered on in the library and counted in Insights. */
  factors: ['factors'],
} as const satisfies Record<string, readonly FieldType[]>;
export type FieldRole = keyof typeof ROLE_FIELD_TYPES;
export const FIELD_ROLES = Object.keys(ROLE_FIELD_TYPES) as FieldRole[];

/** Computed facts a template may have, each held by a computed field (its value is that field's minutes). */
export const FACT_ROLES = ['impact', 'timeToDetect', 'timeToMitigate', 'timeToResolve'] as const;
export type FactRole = (typeof FACT_ROLES)[number];

export const RolesSchema = z
  .object({
    start: KeySchema.optional(),
    detection: KeySchema.optional(),
    end: KeySchema.optional(),
    launch: KeySchema.optional(),
    success: KeySchema.optional(),
    summary: KeySchema.optional(),
    cause: KeySchema.optional(),
    people: KeySchema.optional(),
    factors: KeySchema.optional(),
    facts: z
      .object({
        impact: KeySchema.optional(),
        timeToDetect: KeySchema.optional(),
        timeToMitigate: KeySchema.optional(),
        timeToResolve: KeySchema.optional(),
      })
      .strict()
      .default({}),
  })
  .strict() satisfies z.ZodType<{ [R in FieldRole]?: string } & { facts: { [F in FactRole]?: string } }>;
export type TemplateRoles = z.infer<typeof RolesSchema>;
export type TemplateRolesInput = z.input<typeof RolesSchema>;

/** Cross-field checks applied in strict mode (in review, published). */
export const RuleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('notBefore'), field: KeySchema, other: KeySchema, message: safeText().optional() }),
]);
export type Rule = z.infer<typeof RuleSchema>;

export const TemplateSchema = z
  .object({
    key: safeText().regex(/^[a-z][a-z0-9-]{1,62}$/, 'use lower-case letters, digits and dashes'),
    version: z.number().int().positive(),
    kind: z.enum(TEMPLATE_KINDS),
    title: safeText().min(1).max(200),
    description: safeText().max(2000).default(''),
    sections: z.array(SectionSchema).min(1),
    rules: z.array(RuleSchema).default([]),
    /** Roles whose Go is needed for a Go decision (checklists); a No-Go from anyone is a No-Go. */
    signoffRoles: z.array(safeText().min(1).max(100)).max(20).optional(),
    /** Roles that may approve a waiver of a failed gate or required question (absent: the sign-off roles). */
    waiverRoles: z.array(safeText().min(1).max(100)).max(20).optional(),
    /**
     * Publishing (in review → published) is approved by someone other than the author; `true` lets the
     * author publish their own document, for teams of one. Absent (every built-in): approval is needed.
     */
    selfPublish: z.boolean().optional(),
    /**
     * RCAs: the owner is reminded when a document is still a draft this many working days (Monday to Friday) after
     * the incident ended, then weekly. Absent: 5.
     */
    rcaDueWorkingDays: z.number().int().min(1).max(60).optional(),
    /**
     * Which field holds each role. Absent in definitions stored before roles existed; templateRoles()
     * (templates/roles.ts) then gives the built-in's declared roles or the old key convention.
     */
    roles: RolesSchema.optional(),
  })
  .superRefine((t, ctx) => {
    const seen = new Map<string, Field>();
    t.sections.forEach((s, si) =>
      s.fields.forEach((f, fi) => {
        if (seen.has(f.key)) {
          ctx.addIssue({ code: 'custom', path: ['sections', si, 'fields', fi, 'key'], message: `duplicate field key "${f.key}"` });
        }
        seen.set(f.key, f);
      }),
    );
    const sectionKeys = new Set<string>();
    t.sections.forEach((s, si) => {
      if (sectionKeys.has(s.key))
        ctx.addIssue({ code: 'custom', path: ['sections', si, 'key'], message: `duplicate section key "${s.key}"` });
      sectionKeys.add(s.key);
    });
    const needType = (key: string, type: FieldType, path: (string | number)[]) => {
      const f = seen.get(key);
      if (!f || f.type !== type) ctx.addIssue({ code: 'custom', path, message: `"${key}" must name a ${type} field of this template` });
    };
    t.sections.forEach((s, si) =>
      s.fields.forEach((f, fi) => {
        if (f.type !== 'computed') return;
        const p = ['sections', si, 'fields', fi, 'formula'];
        needType(f.formula.from, 'datetime', p);
        if (f.formula.op === 'duration') needType(f.formula.to, 'datetime', p);
        else {
          needType(f.formula.timeline, 'timeline', p);
          if (f.formula.prefer) needType(f.formula.prefer, 'datetime', p);
        }
      }),
    );
    t.rules.forEach((r, ri) => {
      needType(r.field, 'datetime', ['rules', ri, 'field']);
      needType(r.other, 'datetime', ['rules', ri, 'other']);
    });
    const needKind = (key: string | undefined, kinds: readonly FieldType[], path: (string | number)[]) => {
      if (key === undefined) return;
      const f = seen.get(key);
      if (!f) ctx.addIssue({ code: 'custom', path, message: `"${key}" is not a field of this template` });
      else if (!kinds.includes(f.type))
        ctx.addIssue({ code: 'custom', path, message: `"${key}" is a ${f.type} field; this role needs a ${kinds.join(' or ')} field` });
    };
    if (t.roles) {
      for (const role of FIELD_ROLES) needKind(t.roles[role], ROLE_FIELD_TYPES[role], ['roles', role]);
      for (const fact of FACT_ROLES) needKind(t.roles.facts[fact], ['computed'], ['roles', 'facts', fact]);
    }
  });
export type Template = z.infer<typeof TemplateSchema>;
export type TemplateInput = z.input<typeof TemplateSchema>;

export function templateFields(t: Template): Field[] {
  return t.sections.flatMap((s) => s.fields);
}

export function findField(t: Template, key: string): Field | undefined {
  return templateFields(t).find((f) => f.key === key);
}
