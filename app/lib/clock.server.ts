import type { AppLoadContext } from '@remix-run/node';

/** The instant a request is answered at: the load context's clock (a test may fix it), else the real one. */
export const requestNow = (context: AppLoadContext): Date => context.now?.() ?? new Date();
