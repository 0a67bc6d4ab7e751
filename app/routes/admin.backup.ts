import type { LoaderFunctionArgs } from '@remix-run/node';
import { clientIp, requireSession } from '~/lib/auth.server';
import { startBackupDownload } from '~/models/backup-write.server';

/**
 * `GET /admin/backup`: an archive of the whole database, written by the running server (the way to back up
 * the embedded database without stopping it). Restore it with `npm run -s cli -- restore FILE`.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'admin');
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const headers = {
    'Content-Type': 'application/gzip',
    'Content-Disposition': `attachment; filename="kaizen-backup-${stamp}.jsonl.gz"`,
    'Cache-Control': 'no-store',
  };
  // A HEAD reads no body: starting the archive would hold its snapshot (on the embedded database, the one
  // connection) until the unread stream drained, which it never does, and every other request would wait.
  if (request.method === 'HEAD') return new Response(null, { headers });
  const body = await startBackupDownload(context.db, {
    actor,
    source: context.config.databaseKind,
    ip: clientIp(request, context),
    signal: request.signal,
  });
  return new Response(body, { headers });
}
