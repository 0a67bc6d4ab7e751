// Issue 9: 100 sign-in guesses sent at once were all evaluated and the correct one accepted.
// The reservation is atomic in the database, so parallel guesses are counted like sequential
// ones — within one app and across several (on a server: two separate connection pools).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../db/client';
import { openTestDatabase, testBackends } from '../helpers/db';
import { createTestActor, TEST_PASSWORD } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/app';
import { attemptSignIn } from './helpers';
import { THROTTLE } from '../../app/models/throttle.server';
import { signIn } from '../../app/models/sign-in.server';

const EVALUATED_AT_MOST = THROTTLE.account.free + 1;

for (const backend of testBackends()) {
  describe(`parallel sign-in guesses are throttled [${backend}]`, () => {
    let opened: OpenDatabase;
    let second: OpenDatabase | undefined;
    let app: TestApp;
    beforeAll(async () => {
      opened = await openTestDatabase(backend);
      app = await createTestApp(opened.db);
      // A second app instance with its own connection pool, as a second server process would have.
      if (backend === 'postgres') second = await openDatabase({ url: opened.location, migrate: false });
    });
    afterAll(async () => {
      await second?.close();
      await opened?.close();
    });

    it('evaluates at most the free guesses plus one of 100 sent at once, and refuses the correct password among the late ones', async () => {
      const actor = await createTestActor(opened.db, 'viewer');
      const guesses = Array.from({ length: 100 }, (_, i) => (i >= 90 ? TEST_PASSWORD : `wrong guess ${i}`));
      const results = await Promise.all(guesses.map((p) => attemptSignIn(app, actor.email, p, '198.51.100.200')));
      const statuses = results.map((r) => r.status);
      const evaluated = statuses.filter((s) => s !== 429).length;
      expect(evaluated, statuses.join(',')).toBeLessThanOrEqual(EVALUATED_AT_MOST);
      expect(
        statuses.filter((s) => s === 302),
        'the correct password among late guesses was accepted',
      ).toEqual([]);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(100 - EVALUATED_AT_MOST);
      for (const r of results) await r.arrayBuffer();
    });

    it('counts guesses across app instances sharing the database (every guess wrong but the last 10)', async () => {
      const actor = await createTestActor(opened.db, 'viewer');
      const dbs = second ? [opened.db, second.db] : [opened.db];
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          signIn(dbs[i % dbs.length], {
            email: actor.email,
            password: i >= 90 ? TEST_PASSWORD : `wrong guess ${i}`,
            ip: `198.51.100.${i % 50}`,
          }),
        ),
      );
      const evaluated = results.filter((r) => r.ok || r.status !== 429);
      expect(evaluated.length, JSON.stringify(results.map((r) => (r.ok ? 'ok' : r.status)))).toBeLessThanOrEqual(EVALUATED_AT_MOST);
      expect(results.filter((r) => r.ok)).toEqual([]);
    });

    it('still lets the right password in when it comes first, and a success gives its address count back', async () => {
      const actor = await createTestActor(opened.db, 'viewer');
      const ip = '198.51.100.250';
      for (let i = 0; i < THROTTLE.address.free + 5; i++) {
        const res = await attemptSignIn(app, actor.email, TEST_PASSWORD, ip);
        expect(res.status, `sign-in ${i + 1} from one address`).toBe(302);
      }
    });
  });
}
