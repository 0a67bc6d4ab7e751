/**
 * A background loop (the webhook and email senders, the reminder schedule): `tick` runs after `firstAfterMs` (0: now),
 * then `pollMs` after each run ends, one run at a time. A failed run is reported to `onError` and the loop goes on.
 * `stop` ends the loop and waits for a run under way; `tick` reads `stopped()` to end a long drain early. With `unref`
 * the waits do not keep the process alive.
 */
export type Polling = { stopped: () => boolean; stop: () => Promise<void> };

export function startPolling(
  tick: () => Promise<void>,
  opts: { pollMs: number; onError: (e: unknown) => void; firstAfterMs?: number; unref?: boolean },
): Polling {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const run = () => {
    running = tick()
      .catch(opts.onError)
      .finally(() => {
        running = null;
        if (!stopped) wait(opts.pollMs);
      });
  };
  const wait = (ms: number) => {
    timer = setTimeout(run, ms);
    if (opts.unref) timer.unref();
  };
  wait(opts.firstAfterMs ?? 0);
  return {
    stopped: () => stopped,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
