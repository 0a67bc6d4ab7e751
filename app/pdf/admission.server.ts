import { PdfRenderError } from './pool.server';

/**
 * Each user's share of PDF work in this process: at most `concurrent` renders (or digest requests) in progress and
 * `perMinute` started per minute. Past that the request is refused at once with a 'busy' error (429 + Retry-After),
 * before it reads any documents or queues a render, so one user's flood cannot hold the database or the workers.
 */
export type PdfShare = { concurrent: number; perMinute: number };

const envInt = (name: string): number | undefined => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
};
export const defaultShare = (): PdfShare => ({ concurrent: envInt('PDF_USER_CONCURRENCY') ?? 2, perMinute: envInt('PDF_USER_PER_MINUTE') ?? 30 });

export class PdfBusyError extends PdfRenderError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, 'busy');
  }
}

const active = new Map<string, number>();
const started = new Map<string, number[]>();

/** Runs `work` within the owner's share, or throws PdfBusyError without running it. */
export async function withPdfShare<T>(owner: string, work: () => Promise<T>, share: PdfShare = defaultShare()): Promise<T> {
  const now = Date.now();
  const recent = (started.get(owner) ?? []).filter((t) => now - t < 60_000);
  if ((active.get(owner) ?? 0) >= share.concurrent) {
    throw new PdfBusyError(`You already have ${share.concurrent} PDF exports running; wait for them to finish.`, 5);
  }
  if (recent.length >= share.perMinute) {
    throw new PdfBusyError(`You started ${share.perMinute} PDF exports in the last minute; try again shortly.`, Math.max(1, Math.ceil((recent[0] + 60_000 - now) / 1000)));
  }
  recent.push(now);
  started.set(owner, recent);
  active.set(owner, (active.get(owner) ?? 0) + 1);
  try {
    return await work();
  } finally {
    const n = (active.get(owner) ?? 1) - 1;
    if (n > 0) active.set(owner, n);
    else active.delete(owner);
  }
}
