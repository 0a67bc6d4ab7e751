import { describe, it, expect } from 'vitest';
import {
  AMBIGUOUS_ZONE_ABBREVIATIONS,
  ZONE_ABBREVIATIONS,
  formatDateOnly,
  formatDuration,
  formatUtc,
  isIsoDate,
  minutesBetween,
  parseInstant,
  toDatetimeLocalUtc,
  toIsoUtc,
  type ParseInstantResult,
} from '~/lib/time';

function ok(input: string): { iso: string; warnings: string[]; instant: Date } {
  const r = parseInstant(input);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${r.error}`);
  return r;
}

function err(input: string): string {
  const r = parseInstant(input);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${r.iso}`);
  return r.error;
}

describe('parseInstant: ISO-8601 with Z or an offset', () => {
  it.each([
    ['2016-06-15T22:04:00Z', '2016-06-15T22:04:00Z'],
    ['2016-06-15T22:04Z', '2016-06-15T22:04:00Z'],
    ['2016-06-15t22:04:00z', '2016-06-15T22:04:00Z'],
    ['2016-06-15T22:04-05:00', '2016-06-16T03:04:00Z'],
    ['2016-06-15T22:04:00-05:00', '2016-06-16T03:04:00Z'],
    ['2016-06-15T22:04:00+05:30', '2016-06-15T16:34:00Z'],
    ['2016-06-15 22:04:05.123+0200', '2016-06-15T20:04:05Z'],
    ['2016-06-15T22:04:05.999999Z', '2016-06-15T22:04:05Z'],
    ['2016-06-15 22:04:05,250 +02:00', '2016-06-15T20:04:05Z'],
    ['2016-06-15T22:04:00+02', '2016-06-15T20:04:00Z'],
    ['2016-06-15 22:04:00+00', '2016-06-15T22:04:00Z'], // Postgres timestamptz text
    ['2016-06-15T22:04:00-00:00', '2016-06-15T22:04:00Z'],
    ['2016-06-15T22:04:00+14:00', '2016-06-15T08:04:00Z'],
    ['2016-06-15T22:04:00-14:00', '2016-06-16T12:04:00Z'],
    ['2016-06-15T22:04:00+0545', '2016-06-15T16:19:00Z'],
    ['2016-06-15T22:04:00\u221205:00', '2016-06-16T03:04:00Z'], // real minus sign
    ['2016-12-31T23:59:59-01:00', '2017-01-01T00:59:59Z'],
    ['2016-02-29T12:00:00Z', '2016-02-29T12:00:00Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00Z'],
    ['  2016-06-15T22:04:00Z  ', '2016-06-15T22:04:00Z'],
    ['2016/06/15 22:04 UTC', '2016-06-15T22:04:00Z'],
  ])('%s → %s', (input, iso) => {
    const r = ok(input);
    expect(r.iso).toBe(iso);
    expect(r.warnings).toEqual([]);
  });

  it('keeps fractional seconds on the Date but not in iso', () => {
    const r = ok('2016-06-15 22:04:05.123+0200');
    expect(r.instant.toISOString()).toBe('2016-06-15T20:04:05.123Z');
    expect(r.iso).toBe('2016-06-15T20:04:05Z');
  });

  it('returns a real Date', () => {
    const r = ok('2016-06-15T22:04:00Z');
    expect(r.instant).toBeInstanceOf(Date);
    expect(r.instant.getTime()).toBe(Date.UTC(2016, 5, 15, 22, 4, 0));
  });
});

describe('parseInstant: date + time + zone', () => {
  it.each([
    ['2016-06-15 22:04 UTC', '2016-06-15T22:04:00Z'],
    ['2016-06-15 22:04 utc', '2016-06-15T22:04:00Z'],
    ['2016-06-15 22:04 GMT', '2016-06-15T22:04:00Z'],
    ['2016-06-15 22:04 Z', '2016-06-15T22:04:00Z'],
    ['2016-06-15 22:04 +02:00', '2016-06-15T20:04:00Z'],
    ['2016-06-15 22:04 -0330', '2016-06-16T01:34:00Z'],
    ['2016-06-15 22:04 UTC+2', '2016-06-15T20:04:00Z'],
    ['2016-06-15 22:04 GMT-05:00', '2016-06-16T03:04:00Z'],
    ['2016-06-15 22:04 (UTC)', '2016-06-15T22:04:00Z'],
    ['2016-06-15 22:04 CDT', '2016-06-16T03:04:00Z'],
    ['2016-06-15 10:04 PM America/Chicago', '2016-06-16T03:04:00Z'],
    ['2016-06-15 22:04 America/Chicago', '2016-06-16T03:04:00Z'],
    ['2016-06-15 22:04 america/chicago', '2016-06-16T03:04:00Z'],
    ['2016-06-15 22:04 Europe/London', '2016-06-15T21:04:00Z'],
    ['2016-01-15 22:04 Europe/London', '2016-01-15T22:04:00Z'],
    ['2016-06-15 22:04 Europe/Paris', '2016-06-15T20:04:00Z'],
    ['2016-01-15 22:04 Europe/Paris', '2016-01-15T21:04:00Z'],
    ['2016-06-15 22:04 Asia/Tokyo', '2016-06-15T13:04:00Z'],
    ['2016-06-15 22:04 Asia/Kolkata', '2016-06-15T16:34:00Z'],
    ['2016-06-15 22:04 Asia/Kathmandu', '2016-06-15T16:19:00Z'],
    ['2016-06-15 22:04 Asia/Tehran', '2016-06-15T17:34:00Z'],
    ['2016-06-15 22:04 America/St_Johns', '2016-06-16T00:34:00Z'],
    ['2016-06-15 22:04 America/Phoenix', '2016-06-16T05:04:00Z'],
    ['2016-06-15 22:04 America/Argentina/Buenos_Aires', '2016-06-16T01:04:00Z'],
    ['2016-06-15 22:04 Australia/Sydney', '2016-06-15T12:04:00Z'],
    ['2016-01-15 22:04 Australia/Sydney', '2016-01-15T11:04:00Z'],
    ['2016-06-15 22:04 Pacific/Chatham', '2016-06-15T09:19:00Z'],
    ['2016-06-15 22:04 Pacific/Kiritimati', '2016-06-15T08:04:00Z'],
    ['2016-06-15 22:04 Etc/GMT+5', '2016-06-16T03:04:00Z'],
    ['2016-06-15 22:04 Etc/UTC', '2016-06-15T22:04:00Z'],
  ])('%s → %s', (input, iso) => {
    const r = ok(input);
    expect(r.iso).toBe(iso);
    expect(r.warnings).toEqual([]);
  });
});

describe('parseInstant: English long forms', () => {
  it.each([
    ['June 15, 2016 10:04 PM CDT', '2016-06-16T03:04:00Z'],
    ['June 15 2016 10:04 PM CDT', '2016-06-16T03:04:00Z'],
    ['june 15, 2016 10:04 pm cdt', '2016-06-16T03:04:00Z'],
    ['June 15th, 2016 at 10:04 PM UTC', '2016-06-15T22:04:00Z'],
    ['15 Jun 2016 22:04 GMT', '2016-06-15T22:04:00Z'],
    ['15 June 2016 22:04:59 GMT', '2016-06-15T22:04:59Z'],
    ['Jun 15 2016 22:04:00 +01:00', '2016-06-15T21:04:00Z'],
    ['Jun. 15, 2016 22:04 Z', '2016-06-15T22:04:00Z'],
    ['Sept 1, 2016 9:00 AM UTC', '2016-09-01T09:00:00Z'],
    ['Wed, 15 Jun 2016 22:04:31 GMT', '2016-06-15T22:04:31Z'], // RFC 1123 / HTTP date
    ['Wednesday, June 15, 2016 10:04 PM America/Chicago', '2016-06-16T03:04:00Z'],
    ['15/Jun/2016:22:04:31 +0000', '2016-06-15T22:04:31Z'], // access log
    ['15-Jun-2016 22:04 UTC', '2016-06-15T22:04:00Z'],
    ['December 31, 2016 11:59 PM -05:00', '2017-01-01T04:59:00Z'],
  ])('%s → %s', (input, iso) => {
    expect(ok(input).iso).toBe(iso);
  });
});

describe('parseInstant: 12-hour clock', () => {
  it.each([
    ['2016-06-15 12:00 AM UTC', '2016-06-15T00:00:00Z'],
    ['2016-06-15 12:30 AM UTC', '2016-06-15T00:30:00Z'],
    ['2016-06-15 1:05 AM UTC', '2016-06-15T01:05:00Z'],
    ['2016-06-15 11:59 AM UTC', '2016-06-15T11:59:00Z'],
    ['2016-06-15 12:00 PM UTC', '2016-06-15T12:00:00Z'],
    ['2016-06-15 12:45 PM UTC', '2016-06-15T12:45:00Z'],
    ['2016-06-15 1:00 PM UTC', '2016-06-15T13:00:00Z'],
    ['2016-06-15 10:04 PM UTC', '2016-06-15T22:04:00Z'],
    ['2016-06-15 11:59:59 PM UTC', '2016-06-15T23:59:59Z'],
    ['2016-06-15 10:04PM UTC', '2016-06-15T22:04:00Z'],
    ['2016-06-15 10:04 p.m. UTC', '2016-06-15T22:04:00Z'],
    ['2016-06-15 10:04 a.m. UTC', '2016-06-15T10:04:00Z'],
    ['2016-06-15 10 PM UTC', '2016-06-15T22:00:00Z'],
    ['2016-06-15 10:04 pm -05:00', '2016-06-16T03:04:00Z'],
    ['2016-06-15 10:04 PM PDT', '2016-06-16T05:04:00Z'],
  ])('%s → %s', (input, iso) => {
    expect(ok(input).iso).toBe(iso);
  });

  it.each(['2016-06-15 13:00 PM UTC', '2016-06-15 0:30 AM UTC', '2016-06-15 00:00 PM UTC'])('refuses %s', (input) => {
    expect(err(input)).toMatch(/AM\/PM/);
  });
});

describe('parseInstant: every abbreviation maps to one documented offset', () => {
  // [abbr, offset minutes, ISO for 2016-01-15 12:00, ISO for 2016-07-15 12:00, warns in Jan, warns in Jul]
  const table: [string, number, string, string, string | null, string | null][] = [
    ['UTC', 0, '2016-01-15T12:00:00Z', '2016-07-15T12:00:00Z', null, null],
    ['GMT', 0, '2016-01-15T12:00:00Z', '2016-07-15T12:00:00Z', null, null],
    ['EST', -300, '2016-01-15T17:00:00Z', '2016-07-15T17:00:00Z', null, 'EDT'],
    ['EDT', -240, '2016-01-15T16:00:00Z', '2016-07-15T16:00:00Z', 'EST', null],
    ['CST', -360, '2016-01-15T18:00:00Z', '2016-07-15T18:00:00Z', null, 'CDT'],
    ['CDT', -300, '2016-01-15T17:00:00Z', '2016-07-15T17:00:00Z', 'CST', null],
    ['MST', -420, '2016-01-15T19:00:00Z', '2016-07-15T19:00:00Z', null, 'MDT'],
    ['MDT', -360, '2016-01-15T18:00:00Z', '2016-07-15T18:00:00Z', 'MST', null],
    ['PST', -480, '2016-01-15T20:00:00Z', '2016-07-15T20:00:00Z', null, 'PDT'],
    ['PDT', -420, '2016-01-15T19:00:00Z', '2016-07-15T19:00:00Z', 'PST', null],
    ['AKST', -540, '2016-01-15T21:00:00Z', '2016-07-15T21:00:00Z', null, 'AKDT'],
    ['AKDT', -480, '2016-01-15T20:00:00Z', '2016-07-15T20:00:00Z', 'AKST', null],
    ['HST', -600, '2016-01-15T22:00:00Z', '2016-07-15T22:00:00Z', null, null],
    ['BST', 60, '2016-01-15T11:00:00Z', '2016-07-15T11:00:00Z', 'GMT', null],
    ['WET', 0, '2016-01-15T12:00:00Z', '2016-07-15T12:00:00Z', null, 'WEST'],
    ['WEST', 60, '2016-01-15T11:00:00Z', '2016-07-15T11:00:00Z', 'WET', null],
    ['CET', 60, '2016-01-15T11:00:00Z', '2016-07-15T11:00:00Z', null, 'CEST'],
    ['CEST', 120, '2016-01-15T10:00:00Z', '2016-07-15T10:00:00Z', 'CET', null],
    ['EET', 120, '2016-01-15T10:00:00Z', '2016-07-15T10:00:00Z', null, 'EEST'],
    ['EEST', 180, '2016-01-15T09:00:00Z', '2016-07-15T09:00:00Z', 'EET', null],
    ['IRST', 210, '2016-01-15T08:30:00Z', '2016-07-15T08:30:00Z', null, 'IRDT'],
    ['IRDT', 270, '2016-01-15T07:30:00Z', '2016-07-15T07:30:00Z', 'IRST', null],
    ['JST', 540, '2016-01-15T03:00:00Z', '2016-07-15T03:00:00Z', null, null],
    ['KST', 540, '2016-01-15T03:00:00Z', '2016-07-15T03:00:00Z', null, null],
    ['AEST', 600, '2016-01-15T02:00:00Z', '2016-07-15T02:00:00Z', 'AEDT', null],
    ['AEDT', 660, '2016-01-15T01:00:00Z', '2016-07-15T01:00:00Z', null, 'AEST'],
    ['NZST', 720, '2016-01-15T00:00:00Z', '2016-07-15T00:00:00Z', 'NZDT', null],
    ['NZDT', 780, '2016-01-14T23:00:00Z', '2016-07-14T23:00:00Z', null, 'NZST'],
  ];

  it('the table covers exactly the exported abbreviations', () => {
    expect(table.map((r) => r[0]).sort()).toEqual(Object.keys(ZONE_ABBREVIATIONS).sort());
  });

  it.each(table)('%s is %i minutes', (abbr, offset, janIso, julIso, janWarn, julWarn) => {
    expect(ZONE_ABBREVIATIONS[abbr].offsetMinutes).toBe(offset);
    expect(ZONE_ABBREVIATIONS[abbr].name.length).toBeGreaterThan(3);
    for (const [input, iso, warn] of [
      [`2016-01-15 12:00 ${abbr}`, janIso, janWarn],
      [`2016-07-15 12:00 ${abbr}`, julIso, julWarn],
      [`2016-07-15 12:00 ${abbr.toLowerCase()}`, julIso, julWarn],
    ] as const) {
      const r = ok(input);
      expect(r.iso, input).toBe(iso);
      if (warn) {
        expect(r.warnings, input).toHaveLength(1);
        expect(r.warnings[0]).toContain(`Did you mean ${warn}?`);
      } else {
        expect(r.warnings, input).toEqual([]);
      }
    }
  });

  it('regions are IANA zones Intl knows', () => {
    for (const [abbr, info] of Object.entries(ZONE_ABBREVIATIONS)) {
      if (!info.region) continue;
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: info.region }), abbr).not.toThrow();
    }
  });
});

describe('parseInstant: standard-time abbreviation during daylight time', () => {
  it('CST in June keeps UTC−06:00 and asks about CDT', () => {
    const r = ok('2016-06-15 22:04 CST');
    expect(r.iso).toBe('2016-06-16T04:04:00Z');
    expect(r.warnings).toEqual([
      'CST is UTC\u221206:00, but on 2016-06-15 US Central time keeps daylight time (CDT, UTC\u221205:00). Did you mean CDT?',
    ]);
  });

  it('June 15, 2016 10:04 PM CST → same literal offset and warning', () => {
    const r = ok('June 15, 2016 10:04 PM CST');
    expect(r.iso).toBe('2016-06-16T04:04:00Z');
    expect(r.warnings[0]).toMatch(/^CST is UTC−06:00, but on 2016-06-15 US Central time keeps daylight time \(CDT, UTC−05:00\)/);
  });

  it('EST in July, PST in August, CET in July', () => {
    expect(ok('2016-07-04 09:00 EST').warnings[0]).toContain('US Eastern time keeps daylight time (EDT, UTC−04:00). Did you mean EDT?');
    const pst = ok('2016-08-01 09:00 PST');
    expect(pst.iso).toBe('2016-08-01T17:00:00Z');
    expect(pst.warnings[0]).toContain('Did you mean PDT?');
    const cet = ok('2016-07-01 09:00 CET');
    expect(cet.iso).toBe('2016-07-01T08:00:00Z');
    expect(cet.warnings[0]).toBe(
      'CET is UTC+01:00, but on 2016-07-01 Central European time keeps daylight time (CEST, UTC+02:00). Did you mean CEST?',
    );
  });

  it('GMT in summer is fine (GMT is just UTC)', () => {
    expect(ok('2016-07-01 09:00 GMT')).toMatchObject({ iso: '2016-07-01T09:00:00Z', warnings: [] });
  });

  it('BST in winter asks about GMT', () => {
    expect(ok('2016-01-15 09:00 BST').warnings[0]).toBe(
      'BST is UTC+01:00, but on 2016-01-15 UK time keeps standard time (GMT, UTC+00:00). Did you mean GMT?',
    );
  });

  it('MST in summer mentions Arizona', () => {
    expect(ok('2016-07-01 09:00 MST').warnings[0]).toContain('Arizona');
  });

  it('judges DST at the instant: CST on the US switch days', () => {
    expect(ok('2016-03-13 01:00 CST').warnings).toEqual([]);
    expect(ok('2016-03-13 04:00 CST').warnings[0]).toContain('Did you mean CDT?');
    expect(ok('2016-11-06 03:00 CST').warnings).toEqual([]);
    expect(ok('2016-11-06 00:30 CDT').warnings).toEqual([]);
    expect(ok('2016-11-06 03:00 CDT').warnings[0]).toContain('Did you mean CST?');
  });

  it('CDT and CEST on matching dates do not warn', () => {
    expect(ok('2016-06-15 22:04 CDT').warnings).toEqual([]);
    expect(ok('2016-06-15 22:04 CEST').warnings).toEqual([]);
    expect(ok('2016-01-15 22:04 CET').warnings).toEqual([]);
  });
});

describe('parseInstant: ambiguous abbreviations are refused', () => {
  it('IST lists India, Israel and Irish and asks for an offset or IANA name', () => {
    for (const input of ['2016-06-15 22:04 IST', '2016-06-15 22:04 ist', 'June 15, 2016 10:04 PM IST']) {
      const e = err(input);
      expect(e).toContain('India');
      expect(e).toContain('Israel');
      expect(e).toContain('Irish');
      expect(e).toContain('UTC+05:30');
      expect(e).toContain('UTC+02:00');
      expect(e).toContain('UTC+01:00');
      expect(e).toMatch(/offset/);
      expect(e).toMatch(/IANA name/);
    }
  });

  it.each(Object.keys(AMBIGUOUS_ZONE_ABBREVIATIONS))('%s is refused', (abbr) => {
    expect(err(`2016-06-15 22:04 ${abbr}`)).toMatch(/ambiguous/);
  });

  it('ambiguous abbreviations are not also in the accepted table', () => {
    for (const abbr of Object.keys(AMBIGUOUS_ZONE_ABBREVIATIONS)) expect(ZONE_ABBREVIATIONS[abbr]).toBeUndefined();
  });
});

describe('parseInstant: input without a zone is refused', () => {
  it.each(['2016-06-15 22:04', '2016-06-15T22:04:00', '2016-06-15T22:04:00.123', 'June 15, 2016 10:04 PM', '15 Jun 2016 22:04'])(
    '%s',
    (input) => {
      expect(err(input)).toBe("Add a time zone: 'Z', 'UTC', '+02:00' or a name like 'America/Chicago'.");
    },
  );
});

describe('parseInstant: IANA DST edges', () => {
  it.each([
    // US, spring forward 2016-03-13 02:00 → 03:00
    ['2016-03-13 01:59 America/Chicago', '2016-03-13T07:59:00Z'],
    ['2016-03-13 03:00 America/Chicago', '2016-03-13T08:00:00Z'],
    ['2016-03-13 01:59:59 America/New_York', '2016-03-13T06:59:59Z'],
    ['2016-03-13 03:00 America/New_York', '2016-03-13T07:00:00Z'],
    ['2016-03-13 03:30 America/Los_Angeles', '2016-03-13T10:30:00Z'],
    // US, fall back 2016-11-06 02:00 → 01:00
    ['2016-11-06 00:59 America/Chicago', '2016-11-06T05:59:00Z'],
    ['2016-11-06 02:00 America/Chicago', '2016-11-06T08:00:00Z'],
    // EU, spring forward 2016-03-27 01:00 UTC
    ['2016-03-27 00:59 Europe/London', '2016-03-27T00:59:00Z'],
    ['2016-03-27 02:00 Europe/London', '2016-03-27T01:00:00Z'],
    ['2016-03-27 01:59 Europe/Paris', '2016-03-27T00:59:00Z'],
    ['2016-03-27 03:00 Europe/Paris', '2016-03-27T01:00:00Z'],
    // EU, fall back 2016-10-30 01:00 UTC
    ['2016-10-30 00:59 Europe/London', '2016-10-29T23:59:00Z'],
    ['2016-10-30 02:00 Europe/London', '2016-10-30T02:00:00Z'],
    ['2016-10-30 01:59 Europe/Paris', '2016-10-29T23:59:00Z'],
    ['2016-10-30 03:00 Europe/Paris', '2016-10-30T02:00:00Z'],
  ])('%s → %s', (input, iso) => {
    const r = ok(input);
    expect(r.iso).toBe(iso);
    expect(r.warnings).toEqual([]);
  });

  it.each([
    ['2016-03-13 02:30 America/Chicago', 'America/Chicago'],
    ['2016-03-13 02:00 America/Chicago', 'America/Chicago'],
    ['2016-03-13 02:59:59 America/New_York', 'America/New_York'],
    ['2016-03-27 01:30 Europe/London', 'Europe/London'],
    ['2016-03-27 02:30 Europe/Paris', 'Europe/Paris'],
    ['2016-10-02 02:30 Australia/Sydney', 'Australia/Sydney'],
    ['March 13, 2016 2:30 AM America/Chicago', 'America/Chicago'],
  ])('refuses the spring-forward gap: %s', (input, zone) => {
    const e = err(input);
    expect(e).toContain('does not exist');
    expect(e).toContain(zone);
  });

  it('gap message names the local time and the change', () => {
    expect(err('2016-03-13 02:30 America/Chicago')).toBe(
      '2016-03-13 02:30 does not exist in America/Chicago: the clocks jumped forward that night ' +
        '(UTC−06:00 → UTC−05:00, daylight saving time began). Check the time, or give an explicit offset.',
    );
  });

  it.each([
    ['2016-11-06 01:30 America/Chicago', '2016-11-06T06:30:00Z', '2016-11-06T07:30:00Z'],
    ['2016-11-06 01:00 America/Chicago', '2016-11-06T06:00:00Z', '2016-11-06T07:00:00Z'],
    ['2016-11-06 01:59 America/New_York', '2016-11-06T05:59:00Z', '2016-11-06T06:59:00Z'],
    ['2016-10-30 01:30 Europe/London', '2016-10-30T00:30:00Z', '2016-10-30T01:30:00Z'],
    ['2016-10-30 02:30 Europe/Paris', '2016-10-30T00:30:00Z', '2016-10-30T01:30:00Z'],
    ['2016-04-03 02:30 Australia/Sydney', '2016-04-02T15:30:00Z', '2016-04-02T16:30:00Z'],
  ])('fall-back overlap %s resolves to the earlier instant and warns', (input, earlier, later) => {
    const r = ok(input);
    expect(r.iso).toBe(earlier);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain(earlier);
    expect(r.warnings[0]).toContain(later);
    expect(r.warnings[0]).toContain('earlier');
  });

  it('overlap warning text', () => {
    expect(ok('2016-11-06 01:30 America/Chicago').warnings[0]).toBe(
      '2016-11-06 01:30 happened twice in America/Chicago (the clocks went back that night): ' +
        'using the earlier, 2016-11-06T06:30:00Z (UTC−05:00), not the later, 2016-11-06T07:30:00Z (UTC−06:00). ' +
        'Give an explicit offset if you meant the later one.',
    );
  });

  it('an explicit offset picks the later instant without a warning', () => {
    expect(ok('2016-11-06 01:30 -06:00')).toMatchObject({ iso: '2016-11-06T07:30:00Z', warnings: [] });
  });
});

describe('parseInstant: refuses garbage with a message, never throws', () => {
  const bad: string[] = [
    '',
    '   ',
    'garbage',
    'now',
    'yesterday at noon',
    '22:04',
    '22:04 UTC',
    '10:04 PM CST',
    '2016-06-15',
    '2016-06-15 UTC',
    '2016-02-30 10:00 UTC',
    '2015-02-29 10:00 UTC',
    '2016-04-31 10:00 UTC',
    '2016-13-01 10:00 UTC',
    '2016-00-10 10:00 UTC',
    '2016-06-00 10:00 UTC',
    '2016-06-15 25:00 UTC',
    '2016-06-15 24:00 UTC',
    '2016-06-15 22:61 UTC',
    '2016-06-15 22:04:60 UTC',
    '2016-06-15 22:4 UTC',
    '2016-06-15 22:04 +15:00',
    '2016-06-15 22:04 -14:30',
    '2016-06-15 22:04 +05:75',
    '2016-06-15 22:04 +5',
    '2016-06-15 22:04 XYZ',
    '2016-06-15 22:04 Mars/Olympus_Mons',
    '2016-06-15 22:04 America/Chicagoo',
    '2016-06-15 22:04 UTC garbage',
    '2016-06-15 22:04 IST',
    '06/15/2016 10:04 PM CST',
    '15.06.2016 22:04 UTC',
    'Foo 15, 2016 22:04 UTC',
    'June 31, 2016 10:04 PM CST',
    '16-06-15 22:04 UTC',
    '0999-06-15 22:04 UTC',
    '2016-06-15T',
    '2016-06-15T22:04:00ZZ',
    'T22:04:00Z',
    '2016-06-15 22:04:05.123.456 UTC',
    '\u0000\u0001',
    '💥',
    'x'.repeat(500),
  ];

  it.each(bad)('%j', (input) => {
    let r: ParseInstantResult | undefined;
    expect(() => {
      r = parseInstant(input);
    }).not.toThrow();
    expect(r!.ok).toBe(false);
    if (!r!.ok) {
      expect(typeof r!.error).toBe('string');
      expect(r!.error.length).toBeGreaterThan(10);
    }
  });

  it('non-string input does not throw', () => {
    for (const v of [null, undefined, 42, {}, []]) {
      const r = parseInstant(v as unknown as string);
      expect(r.ok).toBe(false);
    }
  });

  it('messages say what to do', () => {
    expect(err('')).toMatch(/Enter a date and time/);
    expect(err('22:04 UTC')).toMatch(/Add a date/);
    expect(err('2016-06-15')).toMatch(/Add a time/);
    expect(err('2016-02-30 10:00 UTC')).toBe('2016-02-30 is not a date: February 2016 has 29 days.');
    expect(err('2016-06-15 25:00 UTC')).toMatch(/Hour 25 does not exist/);
    expect(err('2016-06-15 22:61 UTC')).toMatch(/Minute 61 does not exist/);
    expect(err('2016-06-15 22:04 +15:00')).toMatch(/out of range/);
    expect(err('2016-06-15 22:04 XYZ')).toMatch(/Unknown time zone abbreviation 'XYZ'/);
    expect(err('2016-06-15 22:04 Mars/Olympus_Mons')).toMatch(/Unknown time zone 'Mars\/Olympus_Mons'.*America\/Chicago/);
    expect(err('06/15/2016 10:04 PM CST')).toMatch(/YYYY-MM-DD/);
  });
});

describe('toIsoUtc', () => {
  it('formats Dates without milliseconds', () => {
    expect(toIsoUtc(new Date(Date.UTC(2016, 5, 15, 22, 4, 0, 999)))).toBe('2016-06-15T22:04:00Z');
  });
  it('accepts strings parseInstant accepts', () => {
    expect(toIsoUtc('2016-06-15T22:04:00.000Z')).toBe('2016-06-15T22:04:00Z');
    expect(toIsoUtc('2016-06-15 22:04:00+00')).toBe('2016-06-15T22:04:00Z');
    expect(toIsoUtc('2016-06-15T22:04-05:00')).toBe('2016-06-16T03:04:00Z');
  });
  it('reads canonical UTC strings (the stored form) exactly as parseInstant does, impossible dates included', () => {
    const agree = [
      '2016-06-15T22:04:00Z',
      '2016-06-15T22:04Z',
      '2016-06-15T22:04:59.999Z',
      '2024-02-29T00:00:00Z',
      '1000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
    ];
    for (const s of agree) {
      const r = parseInstant(s);
      if (!r.ok) throw new Error(`parseInstant refused ${s}`);
      expect(toIsoUtc(s)).toBe(r.iso);
    }
    // Date.parse would roll these over or accept them; parseInstant refuses them, and so must toIsoUtc.
    for (const s of [
      '2016-02-30T00:00:00Z',
      '2023-02-29T12:00:00Z',
      '2016-06-15T24:00:00Z',
      '2016-06-15T22:60:00Z',
      '2016-13-01T00:00:00Z',
      '0999-12-31T23:59:59Z',
    ]) {
      expect(parseInstant(s).ok).toBe(false);
      expect(() => toIsoUtc(s)).toThrow(RangeError);
    }
  });
  it('throws RangeError on non-instants', () => {
    expect(() => toIsoUtc(new Date('nope'))).toThrow(RangeError);
    expect(() => toIsoUtc('2016-06-15 22:04')).toThrow(RangeError);
    expect(() => toIsoUtc('garbage')).toThrow(RangeError);
  });
});

describe('formatUtc', () => {
  it('formats to minutes with UTC', () => {
    expect(formatUtc('2016-06-15T22:04:59Z')).toBe('2016-06-15 22:04 UTC');
    expect(formatUtc(new Date(Date.UTC(2016, 5, 15, 22, 4)))).toBe('2016-06-15 22:04 UTC');
    expect(formatUtc('2016-06-15T22:04-05:00')).toBe('2016-06-16 03:04 UTC');
  });
  it('empty for null, undefined and empty string', () => {
    expect(formatUtc(null)).toBe('');
    expect(formatUtc(undefined)).toBe('');
    expect(formatUtc('')).toBe('');
  });
});

describe('formatDateOnly and isIsoDate', () => {
  it('formatDateOnly validates and returns YYYY-MM-DD', () => {
    expect(formatDateOnly('2016-06-15')).toBe('2016-06-15');
    expect(formatDateOnly('2016-02-29')).toBe('2016-02-29');
    expect(formatDateOnly('2016-06-15T23:30:00-05:00')).toBe('2016-06-16');
    expect(formatDateOnly('')).toBe('');
    expect(() => formatDateOnly('2016-02-30')).toThrow(RangeError);
    expect(() => formatDateOnly('15/06/2016')).toThrow(RangeError);
  });

  it.each(['2016-06-15', '2016-02-29', '2000-02-29', '1999-12-31', '2016-01-01'])('isIsoDate(%s) is true', (s) => {
    expect(isIsoDate(s)).toBe(true);
  });

  it.each([
    '2015-02-29',
    '1900-02-29',
    '2016-02-30',
    '2016-04-31',
    '2016-13-01',
    '2016-00-01',
    '2016-01-00',
    '2016-6-15',
    '16-06-15',
    '2016-06-15T00:00:00Z',
    ' 2016-06-15',
    '20160615',
    '',
  ])('isIsoDate(%j) is false', (s) => {
    expect(isIsoDate(s)).toBe(false);
  });
});

describe('minutesBetween', () => {
  it('whole minutes, floored', () => {
    expect(minutesBetween('2016-06-15T22:04:00Z', '2016-06-16T22:44:00Z')).toBe(1480);
    expect(minutesBetween('2016-06-15T22:04:00Z', '2016-06-15T22:04:59Z')).toBe(0);
    expect(minutesBetween('2016-06-15T22:04:00Z', '2016-06-15T22:05:00Z')).toBe(1);
    expect(minutesBetween('2016-06-15T22:05:00Z', '2016-06-15T22:04:00Z')).toBe(-1);
    expect(minutesBetween('2016-06-15T22:04:30Z', '2016-06-15T22:04:00Z')).toBe(-1);
  });
  it('mixes Dates, offsets and zones', () => {
    expect(minutesBetween(new Date(Date.UTC(2016, 5, 15, 22, 4)), '2016-06-15 22:04 CDT')).toBe(300);
    expect(minutesBetween('2016-11-06 00:30 America/Chicago', '2016-11-06 02:30 America/Chicago')).toBe(180);
    expect(minutesBetween('2016-03-13 01:30 America/Chicago', '2016-03-13 03:30 America/Chicago')).toBe(60);
  });
});

describe('formatDuration', () => {
  it.each([
    [1480, '24:40 hours'],
    [5, '0:05 hours'],
    [0, '0:00 hours'],
    [60, '1:00 hours'],
    [59, '0:59 hours'],
    [61, '1:01 hours'],
    [600, '10:00 hours'],
    [14400, '240:00 hours'],
    [90.9, '1:30 hours'],
    [-5, '-0:05 hours'],
    [-1480, '-24:40 hours'],
  ])('%d → %s', (m, s) => {
    expect(formatDuration(m)).toBe(s);
  });
  it('empty for null, undefined, NaN and Infinity', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(undefined)).toBe('');
    expect(formatDuration(NaN)).toBe('');
    expect(formatDuration(Infinity)).toBe('');
  });
});

describe('toDatetimeLocalUtc', () => {
  it('formats for a form input', () => {
    expect(toDatetimeLocalUtc('2016-06-15T22:04:00Z')).toBe('2016-06-15 22:04 UTC');
    expect(toDatetimeLocalUtc('2016-06-15T22:04:31Z')).toBe('2016-06-15 22:04:31 UTC');
    expect(toDatetimeLocalUtc(new Date(Date.UTC(2016, 0, 2, 3, 4)))).toBe('2016-01-02 03:04 UTC');
    expect(toDatetimeLocalUtc(null)).toBe('');
    expect(toDatetimeLocalUtc(undefined)).toBe('');
  });
  it.each(['2016-06-15T22:04:00Z', '2016-06-15T22:04:31Z', '1999-12-31T23:59:59Z', '2016-02-29T00:00:00Z'])(
    'round-trips %s through parseInstant',
    (iso) => {
      expect(ok(toDatetimeLocalUtc(iso)).iso).toBe(iso);
    },
  );
});

describe('parseInstant agrees with Intl (property check)', () => {
  // Deterministic pseudo-random instants between 1990 and 2035.
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const zones = [
    'America/Chicago',
    'America/New_York',
    'Europe/London',
    'Europe/Paris',
    'Australia/Sydney',
    'Asia/Tokyo',
    'Asia/Kolkata',
    'America/Sao_Paulo',
    'Pacific/Auckland',
  ];
  const start = Date.UTC(1990, 0, 1);
  const span = Date.UTC(2035, 0, 1) - start;

  it.each(zones)('wall time formatted by Intl in %s parses back to the instant (or the earlier one in an overlap)', (zone) => {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    for (let i = 0; i < 300; i++) {
      const ms = Math.floor((start + rand() * span) / 1000) * 1000;
      const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      const wall = `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second} ${zone}`;
      const r = ok(wall);
      if (r.warnings.length === 0) {
        expect(r.instant.getTime(), wall).toBe(ms);
      } else {
        // overlap: the later instant is exactly ms, or ms is the earlier one
        expect([ms, ms - 3_600_000, ms - 1_800_000]).toContain(r.instant.getTime());
      }
    }
  });

  it('toDatetimeLocalUtc round-trips random instants', () => {
    for (let i = 0; i < 300; i++) {
      const ms = Math.floor((start + rand() * span) / 1000) * 1000;
      expect(ok(toDatetimeLocalUtc(new Date(ms))).instant.getTime()).toBe(ms);
    }
  });

  it('the module has no Node-only imports', async () => {
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(new URL('../../app/lib/time.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/from ['"]node:|require\(/);
  });
});
