import type { TemplateInput, TemplateRolesInput } from './schema';
import { contingencyTable } from './contingency';

/** Etsy's operability review: a go/no-go checklist walked through before a launch. */
export const etsyGoNoGo = {
  key: 'etsy-go-no-go',
  version: 1,
  kind: 'checklist',
  title: 'Go / No-Go operability review',
  description:
    'Etsy-style operability checklist for a launch: every question answered, gates met, and a recorded Go or No-Go from every role that must agree.',
  sections: [
    {
      key: 'launch',
      title: 'Launch',
      layout: 'header',
      fields: [
        { key: 'launchAt', type: 'datetime', label: 'Launch time', required: true, help: 'When the launch starts, with a zone.' },
        { key: 'launchers', type: 'people', label: 'Who launches', required: true, help: 'The people pressing the button, one per line.' },
        { key: 'feature', type: 'text', label: 'What is launching', required: true },
        { key: 'links', type: 'links', label: 'Design docs and dashboards' },
      ],
    },
    {
      key: 'checks',
      title: 'Operability checklist',
      description: 'Answer every question: yes, no or n.a., with a note. Gates must be yes (or n.a.) to go.',
      fields: [
        {
          key: 'checks',
          type: 'checklist',
          label: 'Operability checklist',
          required: true,
          items: [
            {
              key: 'testedEnough',
              label: 'Has it been tested enough?',
              help: 'Unit, integration and load tests that match the risk of the change.',
            },
            { key: 'finalQa', label: 'Has final QA signed off?' },
            { key: 'communicationReady', label: 'Is communication ready?', help: 'Support, community and status-page messages drafted.' },
            {
              key: 'inProductionForStaff',
              label: 'Has it been in production for staff?',
              help: 'Employees have used it on the real site.',
            },
            { key: 'darkLaunch', label: 'Was there a dark launch?', help: 'The code paths ran in production without being visible.' },
            { key: 'percentageLaunch', label: 'Can it launch to a percentage of users?', help: 'A ramp-up plan: 1%, 10%, 50%, 100%.' },
            {
              key: 'monitoring',
              label: 'Is new infrastructure in monitoring?',
              help: 'Graphs, alerts and on-call know about every new host and service.',
              gate: true,
            },
            {
              key: 'onOffSwitches',
              label: 'Are on/off switches documented?',
              help: 'Feature flags and how to turn the feature off quickly.',
            },
            {
              key: 'leadsAvailable',
              label: 'Are all leads available at launch?',
              help: 'Engineering, product, ops and support leads reachable.',
            },
            {
              key: 'userFeedback',
              label: 'Is there a place for user feedback?',
              help: 'A forum thread, form or channel that someone watches.',
            },
            { key: 'successTime', label: 'Is there an agreed time to declare success?' },
            { key: 'contingencyPlan', label: 'Is there a contingency plan?', help: 'What we do if it goes wrong, and who decides.' },
          ],
        },
      ],
    },
    {
      key: 'notes',
      title: 'Contingency and notes',
      fields: [
        { key: 'contingency', type: 'richtext', label: 'Contingency plan', help: 'Steps to roll back or turn off, and who decides.' },
        { key: 'blockers', type: 'actions', label: 'Launch blockers', kinds: ['launch blocker', 'process', 'detect'] },
      ],
    },
  ],
  rules: [],
  signoffRoles: ['Engineering lead', 'Product owner', 'Operations', 'Support'],
} satisfies TemplateInput;

/** Which field holds each role (see templates/roles.ts: v1 was stored before roles, so they sit beside it). */
export const etsyGoNoGoRoles = {
  launch: 'launchAt',
  summary: 'feature',
  people: 'launchers',
} satisfies TemplateRolesInput;

type SectionInput = TemplateInput['sections'][number];
/**
 * v2's checklist: evidence links (any question may have them) are flagged once older than 30 days. No question
 * requires one: a team new to evidence should not find its reviews blocked by a missing link.
 */
const checksV2 = (s: SectionInput): SectionInput =>
  s.key !== 'checks'
    ? s
    : {
        ...s,
        fields: s.fields.map((f) => (f.type === 'checklist' ? { ...f, evidenceMaxAgeDays: 30 } : f)),
      };

/**
 * v2's contingency section: the plan as rows (risk → planned response → owner, and the on/off switch to use), the
 * free text kept for anything else.
 */
const contingencyV2 = (s: SectionInput): SectionInput =>
  s.key !== 'notes'
    ? s
    : {
        ...s,
        fields: [
          contingencyTable,
          ...s.fields.map((f) =>
            f.key === 'contingency' ? { ...f, label: 'Other contingency notes', help: 'Anything the rows above do not say.' } : f,
          ),
        ],
      };

/**
 * v2: v1 with the agreed time to declare success as a field (role `success`: it becomes the outcome prompt's due
 * time); the contingency plan as rows; evidence links flagged after 30 days; waivers approved by the
 * engineering lead or operations; its roles are in the definition.
 */
export const etsyGoNoGoV2 = {
  ...etsyGoNoGo,
  version: 2,
  sections: etsyGoNoGo.sections
    .map((s) =>
      s.key === 'launch'
        ? {
            ...s,
            fields: [
              ...s.fields,
              {
                key: 'successAt',
                type: 'datetime' as const,
                label: 'Declare success at',
                help: 'The agreed time to call the launch a success; its owners are then asked to record the outcome.',
              },
            ],
          }
        : s,
    )
    .map(checksV2)
    .map(contingencyV2),
  roles: { ...etsyGoNoGoRoles, success: 'successAt' },
  waiverRoles: ['Engineering lead', 'Operations'],
} satisfies TemplateInput;
