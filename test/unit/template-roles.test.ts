import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from '../../templates/roles';
import {
  BUILT_IN_TEMPLATES,
  TemplateSchema,
  conventionalRoles,
  factMinutes,
  roleField,
  templateRoles,
  type TemplateInput,
} from '../../templates';

const base = (roles: unknown): TemplateInput =>
  ({
    key: 'incident-note',
    version: 1,
    kind: 'rca',
    title: 'Incident note',
    sections: [
      {
        key: 'facts',
        title: 'Facts',
        fields: [
          { key: 'began', type: 'datetime', label: 'Began' },
          { key: 'resolved', type: 'datetime', label: 'Resolved' },
          { key: 'what', type: 'text', label: 'What' },
          { key: 'gist', type: 'richtext', label: 'Gist' },
          { key: 'responders', type: 'people', label: 'Responders' },
          {
            key: 'outage',
            type: 'computed',
            label: 'Outage',
            output: 'outageMinutes',
            formula: { op: 'duration', from: 'began', to: 'resolved' },
          },
        ],
      },
    ],
    roles,
  }) as TemplateInput;

function issues(roles: unknown) {
  const r = TemplateSchema.safeParse(base(roles));
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('template roles: the schema checks that each role is held by a field of the right kind', () => {
  it('accepts roles held by fields of the right kind (a summary may be rich text or text)', () => {
    expect(issues({ start: 'began', end: 'resolved', summary: 'gist', people: 'responders', facts: { impact: 'outage' } })).toEqual([]);
    expect(issues({ summary: 'what' })).toEqual([]);
  });

  it('refuses a role held by a field of the wrong kind, with the role as the issue path', () => {
    expect(issues({ start: 'what' })).toEqual([
      { path: 'roles.start', message: '"what" is a text field; this role needs a datetime field' },
    ]);
    expect(issues({ launch: 'responders' })).toEqual([
      { path: 'roles.launch', message: '"responders" is a people field; this role needs a datetime field' },
    ]);
    expect(issues({ people: 'began' })).toEqual([
      { path: 'roles.people', message: '"began" is a datetime field; this role needs a people field' },
    ]);
    expect(issues({ summary: 'began' })).toEqual([
      { path: 'roles.summary', message: '"began" is a datetime field; this role needs a richtext or text field' },
    ]);
    expect(issues({ facts: { impact: 'began' } })).toEqual([
      { path: 'roles.facts.impact', message: '"began" is a datetime field; this role needs a computed field' },
    ]);
  });

  it('refuses a role held by a field the template does not have, and a role that does not exist', () => {
    expect(issues({ end: 'stoppedAt' })).toEqual([{ path: 'roles.end', message: '"stoppedAt" is not a field of this template' }]);
    expect(issues({ facts: { timeToDetect: 'lag' } })).toEqual([
      { path: 'roles.facts.timeToDetect', message: '"lag" is not a field of this template' },
    ]);
    expect(issues({ beginning: 'began' }).map((i) => i.path)).toEqual(['roles']);
    expect(issues({ facts: { downtime: 'outage' } }).map((i) => i.path)).toEqual(['roles.facts']);
  });

  it("a template's own roles are what features read", () => {
    const t = TemplateSchema.parse(base({ start: 'began', end: 'resolved', facts: { impact: 'outage' } }));
    expect(roleField(t, 'start')?.key).toBe('began');
    expect(roleField(t, 'launch')).toBeUndefined();
    expect(factMinutes(t, { outageMinutes: 42 }, 'impact')).toBe(42);
    expect(factMinutes(t, { outageMinutes: 42 }, 'timeToDetect')).toBeNull();
  });
});

describe('built-in roles (v1 was stored before roles existed)', () => {
  it('leaves the built-ins stored before roles unchanged: no roles inside them, so their checksums stay; later ones carry theirs', () => {
    const declaredBeside = (t: { key: string; version: number }) => BUILT_IN_ROLES.has(`${t.key}@${t.version}`);
    expect(BUILT_IN_TEMPLATES.filter(declaredBeside).map((t) => `${t.key}@${t.version}`)).toEqual([
      'blameless-rca@1',
      'etsy-go-no-go@1',
      'google-sre-postmortem@1',
    ]);
    for (const t of BUILT_IN_TEMPLATES.filter(declaredBeside)) expect(t.roles).toBeUndefined();
    // Later versions and later built-ins carry their roles in the definition.
    for (const t of BUILT_IN_TEMPLATES.filter((x) => !declaredBeside(x))) expect(t.roles).toBeDefined();
  });

  it('declares roles for every built-in, valid against its definition', () => {
    for (const t of BUILT_IN_TEMPLATES) {
      const roles = templateRoles(t);
      expect(TemplateSchema.safeParse({ ...t, roles }).success).toBe(true);
      expect(roles.people).toBeDefined();
    }
    const rca = BUILT_IN_TEMPLATES.find((t) => t.key === 'blameless-rca')!;
    expect(templateRoles(rca)).toMatchObject({ start: 'startedAt', detection: 'detectedAt', end: 'endedAt', people: 'team' });
    const launch = BUILT_IN_TEMPLATES.find((t) => t.key === 'etsy-go-no-go')!;
    expect(templateRoles(launch)).toMatchObject({ launch: 'launchAt', people: 'launchers' });
  });

  it('the declared roles of each built-in fill the same columns as the old key convention did (documents stored before keep theirs)', () => {
    for (const t of BUILT_IN_TEMPLATES) {
      const declared = templateRoles(t);
      const old = conventionalRoles(t);
      for (const role of ['start', 'detection', 'end', 'launch'] as const)
        expect([t.key, role, declared[role]]).toEqual([t.key, role, old[role]]);
      expect([t.key, declared.facts]).toEqual([t.key, old.facts]);
    }
  });

  it('a custom template stored before roles existed keeps the old key convention', () => {
    const legacy = TemplateSchema.parse({
      ...base(undefined),
      sections: [
        {
          key: 'facts',
          title: 'Facts',
          fields: [
            { key: 'startedAt', type: 'datetime', label: 'Start' },
            { key: 'endedAt', type: 'datetime', label: 'End' },
            { key: 'launchAt', type: 'text', label: 'Not a time' },
            {
              key: 'down',
              type: 'computed',
              label: 'Down',
              output: 'impactMinutes',
              formula: { op: 'duration', from: 'startedAt', to: 'endedAt' },
            },
          ],
        },
      ],
    });
    expect(templateRoles(legacy)).toEqual({ start: 'startedAt', end: 'endedAt', facts: { impact: 'down' } });
  });
});
