import type { TemplateInput, TemplateRolesInput } from './schema';

/** A classic blameless RCA report: a header table of facts, then numbered sections. Field keys are a public contract (API.md). */
export const blamelessRca = {
  key: 'blameless-rca',
  version: 1,
  kind: 'rca',
  title: 'Blameless RCA',
  description: 'Root cause analysis of an incident: facts, a UTC timeline, symptoms, what happened, root cause and next steps.',
  sections: [
    {
      key: 'facts',
      title: 'Incident facts',
      layout: 'header',
      fields: [
        { key: 'environment', type: 'text', label: 'Environment', help: 'For example production, staging, eu-west-1.' },
        { key: 'affected', type: 'text', label: 'What was affected', help: 'Services, features or customers that were affected.' },
        { key: 'team', type: 'people', label: 'RCA team members', help: 'One name or email per line.' },
        { key: 'referenceId', type: 'text', label: 'Reference ID', help: 'Incident or ticket number.' },
        { key: 'chatReferences', type: 'links', label: 'Chat references', help: 'Links to the incident channel or threads, one per line.' },
        { key: 'occurredOn', type: 'date', label: 'Date issue occurred' },
        { key: 'rcaCompletedOn', type: 'date', label: 'Date RCA completed' },
        {
          key: 'startedAt',
          type: 'datetime',
          label: 'Time issue started',
          required: true,
          help: 'With a zone, e.g. 2016-06-15 22:04 UTC or 10:04 PM CST.',
        },
        { key: 'detectedAt', type: 'datetime', label: 'Time issue detected (optional)' },
        { key: 'endedAt', type: 'datetime', label: 'Time issue stopped', required: true },
        {
          key: 'impactDuration',
          type: 'computed',
          label: 'Total time services affected',
          output: 'impactMinutes',
          formula: { op: 'duration', from: 'startedAt', to: 'endedAt' },
        },
        {
          key: 'detectDuration',
          type: 'computed',
          label: 'Time to detect',
          output: 'timeToDetectMinutes',
          formula: { op: 'durationToMarker', from: 'startedAt', timeline: 'timeline', marker: 'detected', prefer: 'detectedAt' },
        },
        {
          key: 'mitigateDuration',
          type: 'computed',
          label: 'Time to mitigate',
          output: 'timeToMitigateMinutes',
          formula: { op: 'durationToMarker', from: 'startedAt', timeline: 'timeline', marker: 'mitigated' },
        },
        {
          key: 'resolveDuration',
          type: 'computed',
          label: 'Time to resolve',
          output: 'timeToResolveMinutes',
          formula: { op: 'durationToMarker', from: 'startedAt', timeline: 'timeline', marker: 'resolved', prefer: 'endedAt' },
        },
      ],
    },
    {
      key: 'events',
      title: 'Events',
      description: 'What happened when, in UTC. Mark when the issue was detected, mitigated and resolved.',
      fields: [{ key: 'timeline', type: 'timeline', label: 'Events', required: true }],
    },
    {
      key: 'symptoms',
      title: 'Symptoms',
      fields: [{ key: 'symptoms', type: 'richtext', label: 'Symptoms', required: true, help: 'What users and monitoring saw.' }],
    },
    {
      key: 'whatHappened',
      title: 'What happened',
      fields: [{ key: 'whatHappened', type: 'richtext', label: 'What happened', required: true }],
    },
    {
      key: 'rootCause',
      title: 'Root cause',
      fields: [
        {
          key: 'rootCause',
          type: 'richtext',
          label: 'Root cause',
          required: true,
          help: 'The conditions that made the failure possible, not who triggered it.',
        },
      ],
    },
    {
      key: 'nextSteps',
      title: 'Next steps',
      fields: [
        { key: 'nextSteps', type: 'actions', label: 'Next steps', required: true, kinds: ['prevent', 'mitigate', 'detect', 'process'] },
      ],
    },
  ],
  rules: [{ type: 'notBefore', field: 'endedAt', other: 'startedAt', message: 'The time the issue stopped cannot be before it started.' }],
} satisfies TemplateInput;

/** Which field holds each role (see templates/roles.ts: v1 was stored before roles, so they sit beside it). */
export const blamelessRcaRoles = {
  start: 'startedAt',
  detection: 'detectedAt',
  end: 'endedAt',
  summary: 'symptoms',
  cause: 'rootCause',
  people: 'team',
  facts: { impact: 'impactDuration', timeToDetect: 'detectDuration', timeToMitigate: 'mitigateDuration', timeToResolve: 'resolveDuration' },
} satisfies TemplateRolesInput;

/** The contributing-factors section v2 adds: several factors, each with categories. */
export const factorsSection = {
  key: 'contributingFactors',
  title: 'Contributing factors',
  description: 'Every condition that contributed, not only the root cause: one short statement each, with its categories.',
  fields: [
    {
      key: 'factors',
      type: 'factors',
      label: 'Contributing factors',
      help: 'For example "The alert on queue depth had been silenced since March" — monitoring gap.',
    },
  ],
} as const satisfies TemplateInput['sections'][number];

/**
 * v2: v1 with Contributing factors as section 6, after Next steps, so sections 1–5 keep the numbers API.md gives
 * them; its roles are in the definition.
 */
export const blamelessRcaV2 = {
  ...blamelessRca,
  version: 2,
  sections: [...blamelessRca.sections, factorsSection],
  roles: { ...blamelessRcaRoles, factors: 'factors' },
} satisfies TemplateInput;
