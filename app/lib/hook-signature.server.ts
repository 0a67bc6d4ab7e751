import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhooks both ways are signed alike: HMAC-SHA256 over `<timestamp>.<raw body>` with the hook's secret,
 * the timestamp in Unix seconds. Headers (API.md):
 *   X-Kaizen-Timestamp: 1767225600
 *   X-Kaizen-Signature: sha256=<64 hex digits>
 * A timestamp more than five minutes from now is refused, so a captured call cannot be replayed later.
 */
export const TIMESTAMP_HEADER = 'X-Kaizen-Timestamp';
export const SIGNATURE_HEADER = 'X-Kaizen-Signature';
export const MAX_SKEW_SECONDS = 5 * 60;

export function signBody(secret: string, timestamp: number, body: Uint8Array | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

/** The two headers of a signed request, for `body` sent now. */
export function signatureHeaders(secret: string, body: Uint8Array | string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(secret, timestamp, body) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/** Check the headers against each candidate secret (current, and the previous one during a rotation), in constant time per candidate. */
export function checkSignature(headers: Headers, body: Uint8Array, secrets: string[], now = Date.now()): SignatureCheck {
  const ts = headers.get(TIMESTAMP_HEADER);
  const sig = headers.get(SIGNATURE_HEADER);
  if (!ts || !sig) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(ts) || !/^sha256=[0-9a-f]{64}$/i.test(sig.trim())) return { ok: false, reason: 'malformed' };
  const timestamp = Number(ts);
  if (Math.abs(now / 1000 - timestamp) > MAX_SKEW_SECONDS) return { ok: false, reason: 'expired' };
  const given = Buffer.from(sig.trim().slice(7).toLowerCase(), 'hex');
  let match = false;
  // Every candidate is compared (no early exit), so timing does not tell which one matched.
  for (const secret of secrets) {
    const expected = Buffer.from(signBody(secret, timestamp, body).slice(7), 'hex');
    if (timingSafeEqual(given, expected)) match = true;
  }
  return match ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** A new hook secret: 32 random bytes, URL-safe. Shown once to the admin. */
export const newHookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Hook secrets are needed in clear to compute signatures, so they cannot be hashed like passwords or API
 * tokens. They are sealed with AES-256-GCM under a key derived from SESSION_SECRET: a database dump or
 * backup alone does not reveal them (docs/decisions/015-webhooks-both-ways.md).
 */
function sealingKey(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'kaizen', 'hook secrets v1', 32));
}

export function sealSecret(sessionSecret: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(sessionSecret), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${data.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** The secret, or null when it was sealed under another SESSION_SECRET (the admin page says to rotate it). */
export function openSecret(sessionSecret: string, sealed: string): string | null {
  const [v, iv, data, tag] = sealed.split('.');
  if (v !== 'v1' || !iv || !data || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(sessionSecret), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
