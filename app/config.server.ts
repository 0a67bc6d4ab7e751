import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(16, 'use at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
  SEED_DEMO: z.enum(['true', 'false', '1', '0']).optional(),
  /** PDF workers render a few warm-up documents before taking work (default true); the test suite turns it off. */
  PDF_POOL_WARMUP: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
});
export type Env = z.infer<typeof EnvSchema>;

/** The environment, checked once at start-up; a bad value stops the process with the variable named. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const r = EnvSchema.safeParse(env);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Configuration error: ${i.path.join('.')} ${i.message}.`);
  }
  return r.data;
}

/** SESSION_SECRET, or on the embedded database one generated once and kept in DATA_DIR. */
export function resolveSessionSecret(env: Env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.DATABASE_URL) throw new Error('Configuration error: SESSION_SECRET is required with DATABASE_URL (every instance must share it).');
  const file = path.join(env.DATA_DIR, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(env.DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
