import { readEnv } from '~/config.server';
import { PdfRenderError } from '~/pdf/pool.server';

/**
 * Each user's share of PDF work in this process: at most `concurrent` renders (or digest requests) in progress. Past
 * that the request is refused at once with a 'busy' error (429 + Retry-After), before it reads any documents or queues
 * a render, so one user's flood cannot hold the database or the workers. How many exports a user may ask for per
 * minute is the shared rate limit's business (PDF_USER_PER_MINUTE, lib/rate-limit.server.ts), counted across
 * processes; this share is about this process's workers only (docs/decisions/010-logs-metrics-limits.md).
 */
export type PdfShare = { concurrent: number };

export const defaultShare = (): PdfShare => ({ concurrent: readEnv().PDF_USER_CONCURRENCY ?? 2 });

export class PdfBusyError extends PdfRenderError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 'busy');
  }
}

const active = new Map<string, number>();

/** Runs `work` within the owner's share, or throws PdfBusyError without running it. */
export async function withPdfShare<T>(owner: string, work: () => Promise<T>, share: PdfShare = defaultShare()): Promise<T> {
  if ((active.get(owner) ?? 0) >= share.concurrent) {
    throw new PdfBusyError(`You already have ${share.concurrent} PDF exports running; wait for them to finish.`, 5);
  }
  active.set(owner, (active.get(owner) ?? 0) + 1);
  try {
    return await work();
  } finally {
    const n = (active.get(owner) ?? 1) - 1;
    if (n > 0) active.set(owner, n);
    else active.delete(owner);
  }
}
