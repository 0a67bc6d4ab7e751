import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The server fuzz suite runs on its own (npm run test:fuzz, vitest.fuzz.config.ts).
    exclude: ['test/e2e/**', 'test/security/server-fuzz.test.ts', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One PDF worker without warm-up renders: a file's first PDF pays the cold start once instead of every worker
    // rendering seven warm-up documents. Tests about the pool itself pass their own size and warm-up.
    env: { PDF_POOL_SIZE: '1', PDF_POOL_WARMUP: 'false' },
  },
});
