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
  },
});
