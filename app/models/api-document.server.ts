import type { DocumentView } from '~/models/types';

/** The document object of the JSON API (API.md). */
export function toApiDocument(doc: DocumentView) {
  return {
    id: doc.id,
    version: doc.version,
    contentVersion: doc.contentVersion,
    kind: doc.kind,
    status: doc.status,
    template: { key: doc.template.key, version: doc.template.version },
    title: doc.title,
    severity: doc.severity,
    service: doc.service,
    tags: doc.tags,
    fields: doc.fields,
    computed: doc.computed,
    actionItems: doc.actionItems.map((a) => ({
      id: a.id,
      version: a.version,
      field: a.fieldKey,
      title: a.title,
      kind: a.kind,
      owner: a.owner,
      ownerUserId: a.ownerUserId,
      dueDate: a.dueDate,
      status: a.status,
      url: a.url,
    })),
    signoffs: doc.signoffs,
    ...(doc.decision ? { decision: doc.decision } : {}),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    publishedAt: doc.publishedAt,
    publishedBy: doc.publishedBy,
    links: { html: `/docs/${doc.id}`, pdf: `/docs/${doc.id}.pdf` },
  };
}
