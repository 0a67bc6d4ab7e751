import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db';
import { createTestActor } from '../helpers/factories';
import { createTestApp, ORIGIN, type TestApp } from '../helpers/app';
import { createLaunch } from '../helpers/launches';
import { calendarKeys } from '../../db/schema';
import type { Actor } from '../../app/models/types';

/** RFC 5545 read back: lines unfolded (CRLF + one space or tab), then each property split into name and value. */
function parseCalendar(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  // Every physical line ends with CRLF and is at most 75 octets.
  const physical = text.slice(0, -2).split('\r\n');
  for (const l of physical) {
    expect(l.includes('\n') || l.includes('\r')).toBe(false);
    expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  }
  const lines = text
    .slice(0, -2)
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n');
  const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
  const events: Record<string, string>[] = [];
  const stack: string[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    const colon = line.indexOf(':');
    expect(colon).toBeGreaterThan(0);
    const name = line.slice(0, colon).split(';')[0].toUpperCase();
    const raw = line.slice(colon + 1);
    if (name === 'BEGIN') {
      stack.push(raw);
      if (raw === 'VEVENT') current = {};
    } else if (name === 'END') {
      expect(stack.pop()).toBe(raw);
      if (raw === 'VEVENT' && current) {
        events.push(current);
        current = null;
      }
    } else if (current) {
      // An unescaped comma or semicolon in a TEXT value would split it: none may be left after unescaping pairs.
      if (['SUMMARY', 'DESCRIPTION', 'UID'].includes(name)) expect(raw.replace(/\\[\\;,nN]/g, '')).not.toMatch(/[;,]/);
      current[name] = ['SUMMARY', 'DESCRIPTION', 'UID'].includes(name) ? unescape(raw) : raw;
    }
  }
  expect(stack).toEqual([]);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines).toContain('VERSION:2.0');
  return events;
}

describeEachBackend('launch calendar feed (/launches.ics)', (db) => {
  let app: TestApp;
  let editor: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    app = await createTestApp(db(), { now: () => new Date('2026-12-05T10:00:00Z') });
    editor = await createTestActor(db(), 'editor');
    viewer = await createTestActor(db(), 'viewer');
  });

  async function makeKey(actor: Actor) {
    const cookie = await app.signIn(actor);
    const csrf = await app.csrf(cookie);
    const res = await app.fetch('/account/calendar', {
      method: 'POST',
      headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, intent: 'rotate' }),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const url = /value="(http:\/\/kaizen\.test\/launches\.ics\?key=[A-Za-z0-9_-]+)"/.exec(html)?.[1];
    expect(url).toBeTruthy();
    return { cookie, path: new URL(url!).pathname + new URL(url!).search, key: new URL(url!).searchParams.get('key')! };
  }

  it('serves each launch the key holder may read as a VEVENT that parses back, with commas, semicolons and line breaks escaped and long lines folded', async () => {
    const title =
      'Launch: payments, refunds; and “søk” — a title long enough that its SUMMARY line must be folded at 75 octets, twice over';
    const doc = await createLaunch(db(), { author: editor, title, launchAt: '2026-12-20T09:30:00Z', service: 'pay,ments;\nsvc' });
    const noTime = await createDocument_noLaunch();
    const { path, cookie } = await makeKey(editor);
    const res = await app.fetch(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const events = parseCalendar(await res.text());
    const mine = events.find((e) => e.UID === `launch-${doc.id}@kaizen`);
    expect(mine).toBeDefined();
    expect(mine!.SUMMARY).toBe(`Launch: ${title}`);
    expect(mine!.DTSTART).toBe('20261220T093000Z');
    expect(mine!.DTEND).toBe('20261220T103000Z');
    expect(mine!.DTSTAMP).toBe('20261205T100000Z');
    expect(mine!.URL).toBe(`${ORIGIN}/docs/${doc.id}`);
    expect(mine!.DESCRIPTION).toContain('Service: pay,ments;');
    expect(events.some((e) => e.UID === `launch-${noTime}@kaizen`)).toBe(false);
    // The UID is stable: the same event on the next read.
    const again = parseCalendar(await (await app.fetch(path)).text());
    expect(again.map((e) => e.UID)).toEqual(events.map((e) => e.UID));
    // The page shows when the address was made, never the key again.
    const html = await (await app.fetch('/account/calendar', { headers: { Cookie: cookie } })).text();
    expect(html).toContain('You made a feed address on');
    expect(html).not.toContain('launches.ics?key=');

    // A viewer's feed has only published launches: this draft is not in it.
    const v = await makeKey(viewer);
    const viewerEvents = parseCalendar(await (await app.fetch(v.path)).text());
    expect(viewerEvents.some((e) => e.UID === `launch-${doc.id}@kaizen`)).toBe(false);

    async function createDocument_noLaunch() {
      const d = await createLaunch(db(), { author: editor, title: 'No launch time yet', launchAt: null });
      return d.id;
    }
  });

  it('a wrong, missing or rotated key is a bare 404; the key is stored hashed', async () => {
    const first = await makeKey(editor);
    expect((await app.fetch(first.path)).status).toBe(200);
    const [row] = await db().select().from(calendarKeys).where(eq(calendarKeys.userId, editor.id));
    expect(row.keyHash).not.toContain(first.key);
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    const second = await makeKey(editor);
    expect(second.key).not.toBe(first.key);
    const old = await app.fetch(first.path);
    expect(old.status).toBe(404);
    const body = await old.text();
    expect(body).not.toMatch(/key|rotat|expired/i);
    expect((await app.fetch(second.path)).status).toBe(200);
    expect((await app.fetch('/launches.ics')).status).toBe(404);
    expect((await app.fetch('/launches.ics?key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await app.fetch('/launches.ics?key=%00%0a;drop')).status).toBe(404);
  });
});
