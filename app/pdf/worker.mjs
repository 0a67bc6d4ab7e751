// PDF render worker (worker_threads). Plain JS so it loads the same way under tsx, vitest and the Remix server build
// (build/index.js): it registers tsx in this thread and runs the TypeScript worker body from the source tree.
import { register } from 'tsx/esm/api';

register();
await import('~/pdf/worker-entry.ts');
