import type { TemplateInput } from './schema';
import { contingencyTable } from './contingency';

type Q = { key: string; label: string; help?: string; gate?: boolean; pass?: ('yes' | 'no' | 'na')[] };
const area = (key: string, title: string, description: string, items: Q[]) => ({
  key,
  title,
  description,
  fields: [{ key, type: 'checklist' as const, label: title, required: true, items }],
});

/**
 * A launch readiness review in the spirit of Google's launch coordination checklist: eight areas, each a short list
 * of questions. A gate is a question whose "no" would page someone at night; every gate must be yes (or n.a.) for a
 * Go. Questions stay short (at most 47 characters) so the PDF's question column does not wrap.
 */
export const launchReadiness = {
  key: 'launch-readiness',
  version: 1,
  kind: 'checklist',
  title: 'Launch readiness review',
  description:
    'A fuller launch review: architecture, capacity, failure modes, monitoring, security, automation, dependencies, rollout and rollback.',
  sections: [
    {
      key: 'launch',
      title: 'Launch',
      layout: 'header',
      fields: [
        { key: 'launchAt', type: 'datetime', label: 'Launch time', required: true, help: 'When the rollout starts, with a zone.' },
        { key: 'owners', type: 'people', label: 'Launch owners', required: true, help: 'The people who run the launch, one per line.' },
        { key: 'feature', type: 'text', label: 'What is launching', required: true },
        { key: 'designLinks', type: 'links', label: 'Design docs, dashboards, runbooks' },
      ],
    },
    area('architecture', 'Architecture', 'How the system is built and where it can break.', [
      { key: 'diagram', label: 'Is there a current architecture diagram?' },
      { key: 'singlePoints', label: 'Are single points of failure known?', help: 'Listed with what happens when each fails.' },
      { key: 'dataStores', label: 'Are data stores and their owners listed?' },
      { key: 'reviewed', label: 'Has a senior engineer reviewed the design?', gate: true },
    ]),
    area('capacity', 'Capacity and load', 'Will it hold the traffic we expect, and the traffic we do not?', [
      { key: 'estimate', label: 'Is there a traffic estimate for launch week?' },
      { key: 'loadTested', label: 'Was it load tested above the estimate?', help: 'At least 2x the expected peak.', gate: true },
      { key: 'quotas', label: 'Are quotas and limits raised where needed?' },
      { key: 'costKnown', label: 'Is the running cost estimated?' },
    ]),
    area('failures', 'Failure modes and failover', 'What happens when a part fails, and was it tried?', [
      { key: 'modes', label: 'Are the main failure modes written down?' },
      { key: 'degrades', label: 'Does it degrade instead of failing whole?' },
      { key: 'failoverTested', label: 'Was failover tested in production-like env?', gate: true },
      { key: 'timeouts', label: 'Do calls to others have timeouts and retries?' },
    ]),
    area('monitoring', 'Monitoring and alerting', 'Will we know before customers tell us?', [
      { key: 'dashboards', label: 'Is there a dashboard for the new paths?' },
      { key: 'symptomAlerts', label: 'Do alerts page on customer symptoms?', gate: true },
      { key: 'runbook', label: 'Does every paging alert link a runbook?', gate: true },
      { key: 'onCall', label: 'Does the on-call rota know about the launch?' },
    ]),
    area('security', 'Security and privacy', 'Who can reach it, and what data it keeps.', [
      { key: 'securityReview', label: 'Has security reviewed the change?', gate: true },
      { key: 'personalData', label: 'Is personal data listed with its retention?' },
      { key: 'secrets', label: 'Are secrets in the secret store, not config?' },
      { key: 'abuse', label: 'Are abuse and rate limits considered?' },
    ]),
    area('automation', 'Automation and manual steps', 'What a person has to do, and what could be automated.', [
      { key: 'deployAutomated', label: 'Is deployment fully automated?' },
      { key: 'manualSteps', label: 'Are remaining manual steps in a runbook?' },
      { key: 'configReviewed', label: 'Are config changes reviewed like code?' },
    ]),
    area('dependencies', 'External dependencies', 'Services and vendors the launch relies on.', [
      { key: 'listed', label: 'Are external dependencies listed?' },
      { key: 'ownersTold', label: 'Were their owners told about the launch?' },
      { key: 'fallback', label: 'Is there a fallback if one is down?', gate: true },
    ]),
    area('rollout', 'Rollout and rollback', 'How it goes out, how it comes back.', [
      { key: 'staged', label: 'Does it roll out in stages?', help: 'For example 1%, 10%, 50%, 100%, each held long enough to see.' },
      { key: 'rollbackTested', label: 'Was rollback tested?', gate: true },
      { key: 'switch', label: 'Is there an on/off switch for the feature?', gate: true },
      { key: 'successCriteria', label: 'Is there an agreed time to declare success?' },
    ]),
    {
      key: 'notes',
      title: 'Contingency and blockers',
      fields: [
        { key: 'contingency', type: 'richtext', label: 'Contingency plan', help: 'Who decides to roll back, and how.' },
        { key: 'blockers', type: 'actions', label: 'Launch blockers', kinds: ['launch blocker', 'process', 'detect'] },
      ],
    },
  ],
  rules: [],
  signoffRoles: ['Engineering lead', 'Product owner', 'Operations', 'Security'],
  roles: { launch: 'launchAt', summary: 'feature', people: 'owners', facts: {} },
} satisfies TemplateInput;

type SectionInput = TemplateInput['sections'][number];

/**
 * v2: v1 with the agreed time to declare success as a field (role `success`, the outcome prompt's due time); a gate that passes on No ("does any launch step need a person at night?"); evidence
 * flagged after 30 days in every area; the contingency plan as rows; waivers approved by the engineering lead,
 * operations or security.
 */
export const launchReadinessV2 = {
  ...launchReadiness,
  version: 2,
  sections: launchReadiness.sections.map((s: SectionInput): SectionInput => {
    if (s.key === 'launch')
      return {
        ...s,
        fields: [
          ...s.fields,
          {
            key: 'successAt',
            type: 'datetime',
            label: 'Declare success at',
            help: 'The agreed time to call the launch a success; its owners are then asked to record the outcome.',
          },
        ],
      };
    if (s.key === 'notes')
      return {
        ...s,
        title: 'Contingency and blockers',
        fields: [
          contingencyTable,
          ...s.fields.map((f) =>
            f.key === 'contingency' ? { ...f, label: 'Other contingency notes', help: 'Anything the rows above do not say.' } : f,
          ),
        ],
      };
    return {
      ...s,
      fields: s.fields.map((f) => {
        if (f.type !== 'checklist') return f;
        const items =
          f.key === 'automation'
            ? [
                ...f.items,
                {
                  key: 'nightSteps',
                  label: 'Does any launch step need a person at night?',
                  help: 'Passes on No (or N/A): a step someone must do by hand at 3 a.m. is a page waiting to happen.',
                  gate: true,
                  pass: ['no', 'na'] as ('yes' | 'no' | 'na')[],
                },
              ]
            : f.items;
        return { ...f, evidenceMaxAgeDays: 30, items };
      }),
    };
  }),
  roles: { ...launchReadiness.roles, success: 'successAt' },
  waiverRoles: ['Engineering lead', 'Operations', 'Security'],
} satisfies TemplateInput;
