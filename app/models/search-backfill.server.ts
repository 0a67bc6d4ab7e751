import { inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { actionItems, documents } from '../../db/schema';
import { searchParts } from '~/lib/fields.server';
import { logger } from '~/lib/log.server';
import { getTemplate } from '~/models/template.server';
import type { FieldValues } from '~/models/types';

/**
 * Rows saved before migration 0017 have no search sections, summary or search key (those come from the template
 * in JS, so the migration cannot write them): derive them in batches at start-up. A row whose template cannot be
 * read gets empty parts, so it is not tried again on every start. Returns how many rows it derived.
 */
export async function backfillSearchParts(db: Database, batch = 250): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db
      .select({
        id: documents.id,
        templateKey: documents.templateKey,
        templateVersion: documents.templateVersion,
        fields: documents.fields,
        tags: documents.tags,
      })
      .from(documents)
      .where(isNull(documents.searchSections))
      .limit(batch);
    if (!rows.length) break;
    const items = await db
      .select({ documentId: actionItems.documentId, title: actionItems.title, owner: actionItems.owner })
      .from(actionItems)
      .where(
        inArray(
          actionItems.documentId,
          rows.map((r) => r.id),
        ),
      );
    const updates = [];
    for (const r of rows) {
      const template = await getTemplate(db, { key: r.templateKey, version: r.templateVersion }).catch(() => null);
      const parts = template
        ? searchParts(template, {
            fields: r.fields as FieldValues,
            tags: r.tags,
            actionTitles: items.filter((i) => i.documentId === r.id).map((i) => `${i.title} ${i.owner ?? ''}`),
          })
        : { searchKey: r.tags.join('\n'), searchSections: [], summary: '' };
      updates.push({ id: r.id, k: parts.searchKey, s: parts.searchSections, m: parts.summary });
    }
    await db.execute(sql`update documents d set search_key = x.k, search_sections = x.s, summary = x.m
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(id text, k text, s jsonb, m text) where d.id = x.id`);
    done += rows.length;
  }
  if (done) logger.info({ documents: done }, 'search parts derived for documents saved before migration 0017');
  return done;
}
