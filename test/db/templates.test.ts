import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db';
import { getTemplate, listTemplates, syncBuiltInTemplates, TemplateChangedError } from '../../app/models/template.server';
import { BUILT_IN_TEMPLATES } from '../../templates';

describeEachBackend('template registry', (db) => {
  it('stores each built-in (key, version) once; syncing again changes nothing', async () => {
    expect((await syncBuiltInTemplates(db())).inserted).toBe(0);
    const all = await listTemplates(db());
    expect(all.map((t) => `${t.key}@${t.version}`).sort()).toEqual(BUILT_IN_TEMPLATES.map((t) => `${t.key}@${t.version}`).sort());
    expect((await getTemplate(db(), { key: 'blameless-rca' })).version).toBe(1);
  });

  it('fails loudly when a built-in is edited without bumping its version', async () => {
    const edited = BUILT_IN_TEMPLATES.map((t) => (t.key === 'blameless-rca' ? { ...t, title: 'Edited title' } : t));
    await expect(syncBuiltInTemplates(db(), edited)).rejects.toThrow(TemplateChangedError);
    await expect(syncBuiltInTemplates(db(), edited)).rejects.toThrow(/bump "version"/);
  });

  it('stores an edited built-in under a new version and keeps the old one', async () => {
    const bumped = BUILT_IN_TEMPLATES.map((t) => (t.key === 'blameless-rca' ? { ...t, version: 2, title: 'Blameless RCA (v2)' } : t));
    expect((await syncBuiltInTemplates(db(), bumped)).inserted).toBe(1);
    expect((await getTemplate(db(), { key: 'blameless-rca' })).title).toBe('Blameless RCA (v2)');
    expect((await getTemplate(db(), { key: 'blameless-rca', version: 1 })).title).toBe('Blameless RCA');
  });
});
