import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { digestPdfs } from '../../db/schema';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { createSignoff } from '../../app/models/signoff.server';
import { createTestActor, rcaInput } from '../helpers/factories';

/** The lines of an archive file (without the final empty string after the last "\n"). */
export const archiveLines = (file: string) => gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').slice(0, -1);

/** What a database holds, as an archive says it: every line but the header (time, source) and the end line (its checksum covers the header). */
export const archiveContent = (file: string) => archiveLines(file).slice(1, -1);

/**
 * Write lines back as an archive whose checksums are all recomputed: what a different (or forged) but
 * self-consistent archive looks like, e.g. one written by another schema version.
 */
export function writeConsistentArchive(file: string, lines: string[]) {
  const whole = createHash('sha256');
  let table: ReturnType<typeof createHash> | null = null;
  const out: string[] = [];
  for (let line of lines.slice(0, -1)) {
    if (line.startsWith('{"@table"')) table = createHash('sha256');
    if (line.startsWith('{"@end"')) {
      const end = JSON.parse(line);
      line = JSON.stringify({ ...end, sha256: table!.digest('hex') });
      table = null;
    } else table?.update(`${line}\n`);
    whole.update(`${line}\n`);
    out.push(line);
  }
  const end = JSON.parse(lines[lines.length - 1]);
  out.push(JSON.stringify({ ...end, sha256: whole.digest('hex') }));
  fs.writeFileSync(file, gzipSync(`${out.join('\n')}\n`));
}

/** Write lines as an archive as they are (checksums untouched). */
export const writeArchive = (file: string, lines: string[]) => fs.writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));

/** Some of everything: users of each role, an RCA published through a reviewer, a draft, a launch review with a sign-off, bytes. */
export async function seedVariety(db: Database) {
  const editor = await createTestActor(db, 'editor', { name: 'Ädä "Quote" Lovelace' });
  const admin = await createTestActor(db, 'admin');
  await createTestActor(db, 'viewer');
  const pub = await createDocument(db, { actor: editor, input: rcaInput({ title: 'Published: queue backlog — ünïcödé ✓' }) });
  const review = await transitionDocument(db, { actor: editor, id: pub.id, input: { to: 'in_review', version: pub.version } });
  await transitionDocument(db, { actor: admin, id: pub.id, input: { to: 'published', version: review.version } });
  await createDocument(db, { actor: editor, input: rcaInput({ title: 'Draft with a tab\tand a newline\n', tags: [] }) });
  const launch = await createDocument(db, { actor: editor, input: { template: 'etsy-go-no-go', title: 'Launch review' } });
  const launchReview = await transitionDocument(db, {
    actor: editor,
    id: launch.id,
    input: { to: 'in_review', version: launch.version },
  }).catch(() => null);
  if (launchReview)
    await createSignoff(db, { actor: admin, documentId: launch.id, input: { role: 'SRE', decision: 'no_go', comment: 'not yet' } });
  await db.insert(digestPdfs).values({ contentHash: 'test-bytes', bytes: Buffer.from([0, 1, 2, 0x5c, 0x78, 255]), renderMs: 3 });
  return { editor, admin, published: pub.id };
}

export async function countRows(db: Database, table: string): Promise<number> {
  const r = (await db.execute(sql.raw(`select count(*)::int as n from "${table}"`))) as unknown as
    | { n: number }[]
    | { rows: { n: number }[] };
  return (Array.isArray(r) ? r : r.rows)[0].n;
}
