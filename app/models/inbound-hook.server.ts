import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { INBOUND_HOOK_PURPOSES, inboundHooks, type InboundHookPurpose } from '../../db/schema';
import { HttpError, badRequest, notFound, validationError } from '~/lib/errors.server';
import { checkSignature, newHookSecret, openSecret, sealSecret } from '~/lib/hook-signature.server';
import { safeText } from '~/lib/safe-text';
import { recordAudit } from '~/models/audit.server';
import { getTemplate } from '~/models/template.server';
import type { Actor } from '~/models/types';

/** After a rotation the previous secret still verifies this long, so the sender can switch without lost calls. */
export const ROTATION_GRACE_MS = 24 * 3600_000;

export const CreateInboundHookSchema = z.object({
  name: safeText().trim().min(1, 'give the hook a name, e.g. “Alertmanager production”').max(100, 'keep the name under 100 characters'),
  purpose: z.enum(INBOUND_HOOK_PURPOSES, 'choose what the hook does: incidents or trackers'),
  template: z.preprocess((v) => (v === '' ? undefined : v), safeText().trim().max(100).optional()),
});

export type InboundHookView = {
  id: string;
  name: string;
  purpose: InboundHookPurpose;
  templateKey: string | null;
  createdAt: string;
  rotatedAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** False when the secret was sealed under another SESSION_SECRET: rotate it. */
  secretReadable: boolean;
};

type Row = typeof inboundHooks.$inferSelect;
const toView = (r: Row, sessionSecret: string): InboundHookView => ({
  id: r.id,
  name: r.name,
  purpose: r.purpose,
  templateKey: r.templateKey,
  createdAt: r.createdAt.toISOString(),
  rotatedAt: r.rotatedAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
  secretReadable: openSecret(sessionSecret, r.secretSealed) !== null,
});

/** Create a hook; the secret is returned once and kept only sealed. */
export async function createInboundHook(
  db: Database,
  opts: { actor: Actor; input: unknown; sessionSecret: string; ip?: string | null },
): Promise<{ hook: InboundHookView; secret: string }> {
  const r = CreateInboundHookSchema.safeParse(opts.input);
  if (!r.success) throw validationError(r.error);
  const { name, purpose } = r.data;
  const templateKey = purpose === 'incidents' ? (r.data.template ?? null) : null;
  if (templateKey) {
    const t = await getTemplate(db, { key: templateKey }).catch(() => null);
    if (!t)
      throw badRequest(`There is no template "${templateKey}".`, [{ path: ['template'], message: 'choose a template from the list' }]);
    if (t.kind !== 'rca')
      throw badRequest('Incidents open RCA drafts: choose an RCA template.', [{ path: ['template'], message: 'choose an RCA template' }]);
  }
  const secret = newHookSecret();
  const id = randomUUID();
  const [row] = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(inboundHooks)
      .values({
        id,
        name,
        purpose,
        templateKey,
        secretSealed: sealSecret(opts.sessionSecret, secret),
        createdBy: opts.actor.via === 'system' ? null : opts.actor.id,
      })
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'hook.created',
      targetType: 'inbound_hook',
      targetId: id,
      ip: opts.ip,
      details: { name, purpose, template: templateKey },
    });
    return rows;
  });
  return { hook: toView(row, opts.sessionSecret), secret };
}

/** A new secret; the previous one keeps working for ROTATION_GRACE_MS. */
export async function rotateInboundHook(
  db: Database,
  opts: { actor: Actor; id: string; sessionSecret: string; ip?: string | null },
): Promise<{ secret: string }> {
  const secret = newHookSecret();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(inboundHooks)
      .where(and(eq(inboundHooks.id, opts.id), isNull(inboundHooks.revokedAt)))
      .for('update');
    if (!row) throw notFound('No such active hook.');
    // A previous secret that can no longer be opened (another SESSION_SECRET) is not kept.
    const previous = openSecret(opts.sessionSecret, row.secretSealed) ? row.secretSealed : null;
    await tx
      .update(inboundHooks)
      .set({
        secretSealed: sealSecret(opts.sessionSecret, secret),
        previousSecretSealed: previous,
        previousValidUntil: previous ? new Date(Date.now() + ROTATION_GRACE_MS) : null,
        rotatedAt: new Date(),
      })
      .where(eq(inboundHooks.id, row.id));
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'hook.rotated',
      targetType: 'inbound_hook',
      targetId: row.id,
      ip: opts.ip,
      details: { name: row.name },
    });
  });
  return { secret };
}

export async function revokeInboundHook(db: Database, opts: { actor: Actor; id: string; ip?: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(inboundHooks)
      .set({ revokedAt: new Date() })
      .where(and(eq(inboundHooks.id, opts.id), isNull(inboundHooks.revokedAt)))
      .returning();
    if (!row) throw notFound('No such active hook.');
    await recordAudit(tx, {
      actor: opts.actor,
      action: 'hook.revoked',
      targetType: 'inbound_hook',
      targetId: row.id,
      ip: opts.ip,
      details: { name: row.name },
    });
  });
}

export async function listInboundHooks(db: Database, opts: { sessionSecret: string }): Promise<InboundHookView[]> {
  const rows = await db.select().from(inboundHooks).orderBy(sql`${inboundHooks.revokedAt} is not null`, desc(inboundHooks.createdAt));
  return rows.map((r) => toView(r, opts.sessionSecret));
}

/** The actor an inbound hook acts as: no user, an editor's rights, named in revisions and the audit log. */
export const hookActor = (hook: { id: string; name: string }): Actor => ({
  id: `hook:${hook.id}`,
  email: `hook “${hook.name}”`,
  name: `${hook.name} (hook)`,
  role: 'editor',
  via: 'system',
});

const REFUSALS = {
  missing: 'The request is not signed: send X-Kaizen-Timestamp and X-Kaizen-Signature (API.md, “Webhooks”).',
  malformed: 'The signature headers are malformed: X-Kaizen-Timestamp is Unix seconds, X-Kaizen-Signature is sha256=<64 hex digits>.',
  expired: 'The timestamp is more than 5 minutes from the server’s clock: sign each request when it is sent.',
  mismatch: 'The signature does not match the body: sign "<timestamp>.<raw body>" with HMAC-SHA256 and the hook’s current secret.',
  unknown: 'No active hook of this kind has that id: send X-Kaizen-Hook with the id shown on the admin page.',
} as const;

/**
 * The hook a signed request comes from (header X-Kaizen-Hook, or `?hook=`), checked against its secret
 * over the raw body. Anything else is a 401, recorded in the audit log with the reason (never the secret).
 */
export async function authenticateInboundHook(
  db: Database,
  opts: { request: Request; body: Uint8Array; purpose: InboundHookPurpose; sessionSecret: string; ip?: string | null; now?: number },
): Promise<Row> {
  const id = opts.request.headers.get('x-kaizen-hook') ?? new URL(opts.request.url).searchParams.get('hook') ?? '';
  const now = opts.now ?? Date.now();
  const valid = z.string().uuid().safeParse(id).success;
  const [hook] = valid
    ? await db
        .select()
        .from(inboundHooks)
        .where(and(eq(inboundHooks.id, id), eq(inboundHooks.purpose, opts.purpose), isNull(inboundHooks.revokedAt)))
    : [];
  let reason: keyof typeof REFUSALS = 'unknown';
  if (hook) {
    const secrets = [openSecret(opts.sessionSecret, hook.secretSealed)];
    if (hook.previousSecretSealed && hook.previousValidUntil && hook.previousValidUntil.getTime() > now)
      secrets.push(openSecret(opts.sessionSecret, hook.previousSecretSealed));
    const check = checkSignature(
      opts.request.headers,
      opts.body,
      secrets.filter((s): s is string => s !== null),
      now,
    );
    if (check.ok) {
      await db
        .update(inboundHooks)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(inboundHooks.id, hook.id));
      return hook;
    }
    reason = check.reason;
  }
  await recordAudit(db, {
    actor: null,
    actorLabel: hook ? `hook “${hook.name}”` : 'anonymous',
    action: 'hook.refused',
    targetType: 'inbound_hook',
    targetId: hook?.id ?? (valid ? id : undefined),
    ip: opts.ip,
    details: { path: new URL(opts.request.url).pathname, reason },
  });
  throw new HttpError(401, 'unauthorized', REFUSALS[reason]);
}

/** The raw body of a hook call (the signature covers these exact bytes), at most 2 MB. */
export async function readRawBody(request: Request, limit = 2 * 1024 * 1024): Promise<Uint8Array> {
  const buf = new Uint8Array(await request.arrayBuffer());
  if (buf.byteLength > limit) throw new HttpError(413, 'too_large', `The body is larger than ${limit / 1024 / 1024} MB.`);
  return buf;
}

/** Parse the signed bytes as JSON (the same bytes the signature covered). */
export function parseJsonBody(request: Request, body: Uint8Array): unknown {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `The body is not valid JSON: ${(e as Error).message}`);
  }
}
