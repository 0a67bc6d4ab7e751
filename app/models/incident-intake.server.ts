import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { documents, inboundHookIncidents, type inboundHooks } from '../../db/schema';
import { roleField } from '../../templates/roles';
import type { Template } from '../../templates/schema';
import { fieldsOfKind } from '~/fields/text';
import { recordAudit } from '~/models/audit.server';
import { createDocument } from '~/models/document.server';
import { hookActor } from '~/models/inbound-hook.server';
import type { IncidentAlert } from '~/models/incident-alert';
import { getTemplate } from '~/models/template.server';

/** Incidents open drafts of this template unless the hook names another. */
export const DEFAULT_INCIDENT_TEMPLATE = 'blameless-rca';

export type OpenedIncident = {
  created: boolean;
  incidentKey: string;
  document: { id: string; title: string; status: string; links: { html: string; api: string } };
};

const SOURCE_LABELS = { generic: 'Alert', alertmanager: 'Alertmanager', pagerduty: 'PagerDuty' } as const;

/**
 * The fields of a new draft, placed by the template's roles and field kinds, never by field key: the start
 * time in the `start` role, the free text in the `summary` role (else the first rich-text field), the link in
 * the first links field, and a first entry in the first timeline field.
 */
export function incidentFields(template: Template, alert: IncidentAlert, hookName: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const start = roleField(template, 'start');
  if (start) fields[start.key] = alert.startedAt;
  const summary = roleField(template, 'summary') ?? fieldsOfKind(template, 'richtext')[0];
  // A rich-text field takes the text as Markdown (as the API does); it is stored as tiptap JSON, never as HTML.
  if (summary && alert.text) fields[summary.key] = alert.text;
  const links = fieldsOfKind(template, 'links')[0];
  if (links && alert.link)
    fields[links.key] = [{ url: alert.link, label: `${SOURCE_LABELS[alert.source]} incident ${alert.key}`.slice(0, 300) }];
  const timeline = fieldsOfKind(template, 'timeline')[0];
  if (timeline)
    fields[timeline.key] = [
      {
        at: alert.startedAt,
        text: `${SOURCE_LABELS[alert.source]} opened “${alert.title}” (incident ${alert.key}${alert.service ? `, service ${alert.service}` : ''}) through the hook “${hookName}”.`.slice(
          0,
          5000,
        ),
      },
    ];
  return fields;
}

/** A claim lost to a concurrent call for the same key: its draft is rolled back and the winner's answered. */
class KeyTaken extends Error {}

/**
 * The draft for this hook and incident key: created with the alert's facts, or the one an earlier call
 * created (retries and concurrent duplicates get the same draft; the (hook, key) primary key decides).
 */
export async function openIncidentDraft(
  db: Database,
  opts: { hook: typeof inboundHooks.$inferSelect; alert: IncidentAlert; ip?: string | null },
): Promise<OpenedIncident> {
  const { hook, alert } = opts;
  const existing = await findDraft(db, hook.id, alert.key);
  if (existing) return existing;
  const actor = hookActor(hook);
  const template = await getTemplate(db, { key: hook.templateKey ?? DEFAULT_INCIDENT_TEMPLATE });
  try {
    return await db.transaction(async (tx) => {
      // createDocument runs its own transaction, nested here as a savepoint: the draft and the claim commit together.
      const doc = await createDocument(tx as unknown as Database, {
        actor,
        input: {
          template: { key: template.key, version: template.version },
          title: alert.title,
          severity: alert.severity,
          service: alert.service,
          tags: ['incident'],
          fields: incidentFields(template, alert, hook.name),
        },
      });
      const claimed = await tx
        .insert(inboundHookIncidents)
        .values({ hookId: hook.id, incidentKey: alert.key, documentId: doc.id })
        .onConflictDoNothing()
        .returning();
      if (!claimed.length) throw new KeyTaken();
      await recordAudit(tx, {
        actor,
        action: 'hook.incident_opened',
        targetType: 'document',
        targetId: doc.id,
        ip: opts.ip,
        details: { hookId: hook.id, incidentKey: alert.key, source: alert.source },
      });
      return view(true, alert.key, doc);
    });
  } catch (e) {
    if (!(e instanceof KeyTaken)) throw e;
    const winner = await findDraft(db, hook.id, alert.key);
    if (!winner) throw new Error('The incident key was claimed but its draft is gone.');
    return winner;
  }
}

async function findDraft(db: Database, hookId: string, key: string): Promise<OpenedIncident | null> {
  const [row] = await db
    .select({ id: documents.id, title: documents.title, status: documents.status })
    .from(inboundHookIncidents)
    .innerJoin(documents, eq(documents.id, inboundHookIncidents.documentId))
    .where(and(eq(inboundHookIncidents.hookId, hookId), eq(inboundHookIncidents.incidentKey, key)));
  return row ? view(false, key, row) : null;
}

const view = (created: boolean, incidentKey: string, d: { id: string; title: string; status: string }): OpenedIncident => ({
  created,
  incidentKey,
  document: { id: d.id, title: d.title, status: d.status, links: { html: `/docs/${d.id}`, api: `/api/v1/documents/${d.id}` } },
});
