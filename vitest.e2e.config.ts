import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Real-browser flows: a real server process, Debian's Chromium through playwright-core.
export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The servers these start: one PDF worker without warm-up renders (no test here is about the pool).
    env: { PDF_POOL_SIZE: '1', PDF_POOL_WARMUP: 'false' },
  },
});
