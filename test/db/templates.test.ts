import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { getTemplate, listTemplates, syncBuiltInTemplates, TemplateChangedError } from '../../app/models/template.server';
import { BUILT_IN_TEMPLATES } from '../../templates';

const latest = (key: string) => Math.max(...BUILT_IN_TEMPLATES.filter((t) => t.key === key).map((t) => t.version));

describeEachBackend('template registry', (db) => {
  it('stores each built-in (key, version) once; syncing again changes nothing', async () => {
    expect((await syncBuiltInTemplates(db())).inserted).toBe(0);
    const all = await listTemplates(db());
    expect(all.map((t) => `${t.key}@${t.version}`).sort()).toEqual(BUILT_IN_TEMPLATES.map((t) => `${t.key}@${t.version}`).sort());
    expect((await getTemplate(db(), { key: 'blameless-rca' })).version).toBe(latest('blameless-rca'));
  });

  it('fails loudly when a built-in is edited without bumping its version', async () => {
    const edited = BUILT_IN_TEMPLATES.map((t) => (t.key === 'blameless-rca' ? { ...t, title: 'Edited title' } : t));
    await expect(syncBuiltInTemplates(db(), edited)).rejects.toThrow(TemplateChangedError);
    await expect(syncBuiltInTemplates(db(), edited)).rejects.toThrow(/bump "version"/);
  });

  it('stores an edited built-in under a new version and keeps the old one', async () => {
    const next = latest('blameless-rca') + 1;
    const current = BUILT_IN_TEMPLATES.find((t) => t.key === 'blameless-rca' && t.version === next - 1)!;
    const bumped = [...BUILT_IN_TEMPLATES, { ...current, version: next, title: `Blameless RCA (v${next})` }];
    expect((await syncBuiltInTemplates(db(), bumped)).inserted).toBe(1);
    expect((await getTemplate(db(), { key: 'blameless-rca' })).title).toBe(`Blameless RCA (v${next})`);
    expect((await getTemplate(db(), { key: 'blameless-rca', version: next - 1 })).title).toBe('Blameless RCA');
    expect((await getTemplate(db(), { key: 'blameless-rca', version: 1 })).title).toBe('Blameless RCA');
  });
});
