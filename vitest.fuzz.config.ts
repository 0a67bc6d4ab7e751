import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// The server fuzz suite: alone, so its 2 s bound per answer measures the server and not the other
// suites competing for the same two cores.
export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    include: ['test/security/server-fuzz.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
