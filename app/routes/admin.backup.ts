import type { LoaderFunctionArgs } from '@remix-run/node';
import { clientIp, requireSession } from '~/lib/auth.server';
import { startBackupDownload } from '~/models/backup-write.server';

/**
 * `GET /admin/backup`: an archive of the whole database, written by the running server (the way to back up
 * the embedded database without stopping it). Restore it with `npm run -s cli -- restore FILE`.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSession(request, context, 'admin');
  const body = await startBackupDownload(context.db, { actor, source: context.config.databaseKind, ip: clientIp(request, context) });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return new Response(body, {
    headers: {
      'Content-Type': 'application/gzip',
      'Content-Disposition': `attachment; filename="kaizen-backup-${stamp}.jsonl.gz"`,
      'Cache-Control': 'no-store',
    },
  });
}
