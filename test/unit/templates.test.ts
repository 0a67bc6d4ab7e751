import { describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES, TemplateSchema, templateFields } from '../../templates';
import { blamelessRca } from '../../templates/blameless-rca';

describe('built-in templates', () => {
  it('parse with TemplateSchema and have unique (key, version) pairs', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => `${t.key}@${t.version}`)).toEqual([
      'blameless-rca@1',
      'etsy-go-no-go@1',
      'google-sre-postmortem@1',
      'blameless-rca@2',
      'google-sre-postmortem@2',
      'launch-readiness@1',
      'etsy-go-no-go@2',
      'launch-readiness@2',
    ]);
    for (const t of BUILT_IN_TEMPLATES) expect(TemplateSchema.safeParse(t).success).toBe(true);
  });

  it('blameless-rca has exactly the field keys of API.md, in order', () => {
    const rca = BUILT_IN_TEMPLATES[0];
    const keys = templateFields(rca)
      .filter((f) => f.type !== 'computed')
      .map((f) => `${f.key}:${f.type}`);
    expect(keys).toEqual([
      'environment:text',
      'affected:text',
      'team:people',
      'referenceId:text',
      'chatReferences:links',
      'occurredOn:date',
      'rcaCompletedOn:date',
      'startedAt:datetime',
      'detectedAt:datetime',
      'endedAt:datetime',
      'timeline:timeline',
      'symptoms:richtext',
      'whatHappened:richtext',
      'rootCause:richtext',
      'nextSteps:actions',
    ]);
    expect(templateFields(rca).find((f) => f.key === 'impactDuration')).toMatchObject({ type: 'computed', output: 'impactMinutes' });
  });

  it('etsy-go-no-go covers the operability questions, with monitoring as a gate', () => {
    const t = BUILT_IN_TEMPLATES[1];
    const checks = templateFields(t).find((f) => f.type === 'checklist');
    expect(checks?.type === 'checklist' && checks.items.map((i) => i.key)).toEqual([
      'testedEnough',
      'finalQa',
      'communicationReady',
      'inProductionForStaff',
      'darkLaunch',
      'percentageLaunch',
      'monitoring',
      'onOffSwitches',
      'leadsAvailable',
      'userFeedback',
      'successTime',
      'contingencyPlan',
    ]);
    expect(checks?.type === 'checklist' && checks.items.filter((i) => i.gate).map((i) => i.key)).toEqual(['monitoring']);
  });

  it('google-sre-postmortem has the SRE book sections', () => {
    const t = BUILT_IN_TEMPLATES[2];
    expect(t.sections.map((s) => s.title)).toEqual([
      'Overview',
      'Summary',
      'Impact',
      'Root causes',
      'Trigger',
      'Resolution',
      'Detection',
      'Action items',
      'Lessons learned',
      'Timeline',
      'Supporting information',
    ]);
    expect(
      templateFields(t)
        .filter((f) => f.key.startsWith('went') || f.key === 'gotLucky')
        .map((f) => f.label),
    ).toEqual(['What went well', 'What went wrong', 'Where we got lucky']);
  });

  it('refuses duplicate field keys, bad keys, unknown types and formulas that name missing fields', () => {
    const dup = {
      ...blamelessRca,
      sections: [...blamelessRca.sections, { key: 'again', title: 'Again', fields: [{ key: 'symptoms', type: 'text', label: 'x' }] }],
    };
    expect(TemplateSchema.safeParse(dup).error?.issues[0].message).toMatch(/duplicate field key "symptoms"/);
    expect(TemplateSchema.safeParse({ ...blamelessRca, key: 'Bad Key' }).success).toBe(false);
    const badType = { ...blamelessRca, sections: [{ key: 's', title: 'S', fields: [{ key: 'x', type: 'video', label: 'X' }] }] };
    expect(TemplateSchema.safeParse(badType).success).toBe(false);
    const badFormula = {
      ...blamelessRca,
      sections: [
        {
          key: 's',
          title: 'S',
          fields: [{ key: 'd', type: 'computed', label: 'D', output: 'd', formula: { op: 'duration', from: 'nope', to: 'nada' } }],
        },
      ],
      rules: [],
    };
    expect(
      TemplateSchema.safeParse(badFormula)
        .error?.issues.map((i) => i.message)
        .join(),
    ).toMatch(/"nope" must name a datetime field/);
  });
});
