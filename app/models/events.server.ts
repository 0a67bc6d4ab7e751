import type { Database } from '../../db/client';
import { logError } from '~/lib/log.server';
import { eventFailuresTotal, eventsInProgress } from '~/lib/metrics.server';
import type { DocumentView } from '~/models/types';

type PublishedListener = (db: Database, doc: DocumentView) => Promise<unknown>;
const publishedListeners: PublishedListener[] = [];

/**
 * Work that follows a publish without holding up the request (the server registers the PDF
 * pre-render at start; tests and the CLI register nothing, so they never start PDF workers).
 */
export function onDocumentPublished(listener: PublishedListener): void {
  publishedListeners.push(listener);
}

export function documentPublished(db: Database, doc: DocumentView): void {
  for (const listener of publishedListeners) {
    eventsInProgress.inc({ event: 'document_published' });
    listener(db, doc)
      .catch((e) => {
        eventFailuresTotal.inc({ event: 'document_published' });
        logError(`After publishing ${doc.id} v${doc.version}`, e);
      })
      .finally(() => eventsInProgress.dec({ event: 'document_published' }));
  }
}
