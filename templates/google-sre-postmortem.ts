import type { TemplateInput, TemplateRolesInput } from './schema';
import { factorsSection } from './blameless-rca';

/** The postmortem format of Google's SRE book (Appendix D). */
export const googleSrePostmortem = {
  key: 'google-sre-postmortem',
  version: 1,
  kind: 'rca',
  title: 'SRE postmortem',
  description:
    'Google SRE book postmortem: summary, impact, root causes, trigger, resolution, detection, action items, lessons learned and a timeline.',
  sections: [
    {
      key: 'header',
      title: 'Overview',
      layout: 'header',
      fields: [
        { key: 'date', type: 'date', label: 'Date' },
        { key: 'authors', type: 'people', label: 'Authors' },
        { key: 'startedAt', type: 'datetime', label: 'Incident start', required: true },
        { key: 'endedAt', type: 'datetime', label: 'Incident end', required: true },
        {
          key: 'impactDuration',
          type: 'computed',
          label: 'Total time affected',
          output: 'impactMinutes',
          formula: { op: 'duration', from: 'startedAt', to: 'endedAt' },
        },
        {
          key: 'detectDuration',
          type: 'computed',
          label: 'Time to detect',
          output: 'timeToDetectMinutes',
          formula: { op: 'durationToMarker', from: 'startedAt', timeline: 'timeline', marker: 'detected' },
        },
      ],
    },
    { key: 'summary', title: 'Summary', fields: [{ key: 'summary', type: 'richtext', label: 'Summary', required: true }] },
    { key: 'impact', title: 'Impact', fields: [{ key: 'impact', type: 'richtext', label: 'Impact', required: true }] },
    { key: 'rootCauses', title: 'Root causes', fields: [{ key: 'rootCauses', type: 'richtext', label: 'Root causes', required: true }] },
    { key: 'trigger', title: 'Trigger', fields: [{ key: 'trigger', type: 'richtext', label: 'Trigger' }] },
    { key: 'resolution', title: 'Resolution', fields: [{ key: 'resolution', type: 'richtext', label: 'Resolution' }] },
    { key: 'detection', title: 'Detection', fields: [{ key: 'detection', type: 'richtext', label: 'Detection' }] },
    {
      key: 'actionItems',
      title: 'Action items',
      fields: [
        { key: 'actionItems', type: 'actions', label: 'Action items', required: true, kinds: ['prevent', 'mitigate', 'detect', 'process'] },
      ],
    },
    {
      key: 'lessons',
      title: 'Lessons learned',
      fields: [
        { key: 'wentWell', type: 'richtext', label: 'What went well' },
        { key: 'wentWrong', type: 'richtext', label: 'What went wrong' },
        { key: 'gotLucky', type: 'richtext', label: 'Where we got lucky' },
      ],
    },
    { key: 'timelineSection', title: 'Timeline', fields: [{ key: 'timeline', type: 'timeline', label: 'Timeline', required: true }] },
    {
      key: 'supporting',
      title: 'Supporting information',
      fields: [
        { key: 'supportingLinks', type: 'links', label: 'Links' },
        { key: 'supportingNotes', type: 'richtext', label: 'Notes' },
      ],
    },
  ],
  rules: [{ type: 'notBefore', field: 'endedAt', other: 'startedAt', message: 'The incident cannot end before it started.' }],
} satisfies TemplateInput;

/** Which field holds each role (see templates/roles.ts: v1 was stored before roles, so they sit beside it). */
export const googleSrePostmortemRoles = {
  start: 'startedAt',
  end: 'endedAt',
  summary: 'summary',
  cause: 'rootCauses',
  people: 'authors',
  facts: { impact: 'impactDuration', timeToDetect: 'detectDuration' },
} satisfies TemplateRolesInput;

/** v2: v1 with Contributing factors after Root causes, and its roles in the definition. */
export const googleSrePostmortemV2 = {
  ...googleSrePostmortem,
  version: 2,
  sections: googleSrePostmortem.sections.flatMap((s) => (s.key === 'rootCauses' ? [s, factorsSection] : [s])),
  roles: { ...googleSrePostmortemRoles, factors: 'factors' },
} satisfies TemplateInput;
