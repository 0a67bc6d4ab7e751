import { useEffect, useLayoutEffect } from 'react';

/** useLayoutEffect in the browser; on the server (where it only warns and never runs) a no-op useEffect. */
export const useCommitEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;
