/**
 * A background loop over a durable queue (the webhook and email senders): `tick` runs now, then `pollMs` after each
 * run ends, one run at a time. A failed run is reported to `onError` and the loop goes on. `stop` ends the loop and
 * waits for a run under way; `tick` reads `stopped()` to end a long drain early.
 */
export type Polling = { stopped: () => boolean; stop: () => Promise<void> };

export function startPolling(tick: () => Promise<void>, opts: { pollMs: number; onError: (e: unknown) => void }): Polling {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const run = () => {
    running = tick()
      .catch(opts.onError)
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(run, opts.pollMs);
      });
  };
  timer = setTimeout(run, 0);
  return {
    stopped: () => stopped,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
