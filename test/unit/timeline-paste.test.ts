import { describe, it, expect } from 'vitest';
import { parseTimelinePaste } from '~/lib/timeline-paste';

const UTC_DAY = { assumeDate: '2016-06-15', assumeZone: 'UTC' };
const CHICAGO_DAY = { assumeDate: '2016-06-15', assumeZone: 'America/Chicago' };

function one(line: string, opts: { assumeDate?: string; assumeZone?: string } = UTC_DAY) {
  const r = parseTimelinePaste(line, opts);
  expect(r.unparsed, JSON.stringify(r.unparsed)).toEqual([]);
  expect(r.entries).toHaveLength(1);
  return r.entries[0];
}

function refused(line: string, opts: { assumeDate?: string; assumeZone?: string } = UTC_DAY) {
  const r = parseTimelinePaste(line, opts);
  expect(r.entries).toEqual([]);
  expect(r.unparsed).toHaveLength(1);
  expect(r.unparsed[0].line).toBe(1);
  expect(r.unparsed[0].text).toBe(line.trim());
  expect(r.unparsed[0].reason.length).toBeGreaterThan(10);
  return r.unparsed[0];
}

describe('parseTimelinePaste: line formats', () => {
  it.each([
    // chat, time only → assumeDate + assumeZone
    ['[22:04] alice: restarted the primary', '2016-06-15T22:04:00Z', 'alice: restarted the primary'],
    ['22:04 alice: restarted the primary', '2016-06-15T22:04:00Z', 'alice: restarted the primary'],
    ['[22:04:31] alice: restarted the primary', '2016-06-15T22:04:31Z', 'alice: restarted the primary'],
    ['22:04:31 restarted', '2016-06-15T22:04:31Z', 'restarted'],
    ['[10:04 PM] alice: restarted', '2016-06-15T22:04:00Z', 'alice: restarted'],
    ['[10:04 AM] alice: restarted', '2016-06-15T10:04:00Z', 'alice: restarted'],
    ['[12:04 AM] alice: restarted', '2016-06-15T00:04:00Z', 'alice: restarted'],
    ['10:04 pm alice: restarted', '2016-06-15T22:04:00Z', 'alice: restarted'],
    ['(22:04) alice: hi', '2016-06-15T22:04:00Z', 'alice: hi'],
    ['<22:04> alice: hi', '2016-06-15T22:04:00Z', 'alice: hi'],
    // separators
    ['22:04 - smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    ['22:04 — smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    ['22:04 – smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    ['22:04: smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    ['22:04 | smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    ['22:04|smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    ['[22:04] - smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    // bullets
    ['- 22:04 smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    ['* [22:04] smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    ['• 22:04 — smoke tests fail', '2016-06-15T22:04:00Z', 'smoke tests fail'],
    // full stamps on the line win over the assumptions
    ['2016-06-15 22:04 CDT - smoke tests fail', '2016-06-16T03:04:00Z', 'smoke tests fail'],
    ['2016-06-14 22:04 UTC - day before', '2016-06-14T22:04:00Z', 'day before'],
    ['June 15, 2016 10:04 PM CDT - paged', '2016-06-16T03:04:00Z', 'paged'],
    ['15 Jun 2016 22:04 GMT: paged', '2016-06-15T22:04:00Z', 'paged'],
    ['Jun 15 2016 22:04:00 +01:00 | paged', '2016-06-15T21:04:00Z', 'paged'],
    ['2016-06-15T22:04:00Z deploy started', '2016-06-15T22:04:00Z', 'deploy started'],
    ['2016-06-15T22:04:00.123+02:00 INFO worker up', '2016-06-15T20:04:00Z', 'INFO worker up'],
    ['2016-06-15T22:04:00-0500 ERROR boom', '2016-06-16T03:04:00Z', 'ERROR boom'],
    ['2016-06-15 22:04:05,123 WARNING disk', '2016-06-15T22:04:05Z', 'WARNING disk'],
    ['2016-06-15 22:04 America/Chicago - cutover', '2016-06-16T03:04:00Z', 'cutover'],
    ['[2016-06-15 22:04:31 UTC] cron: done', '2016-06-15T22:04:31Z', 'cron: done'],
    ['[2016-06-15T22:04:31Z] cron: done', '2016-06-15T22:04:31Z', 'cron: done'],
    ['22:04 UTC - explicit zone', '2016-06-15T22:04:00Z', 'explicit zone'],
    ['22:04 +02:00 - explicit offset', '2016-06-15T20:04:00Z', 'explicit offset'],
    ['22:04 (CDT) - parenthesised zone', '2016-06-16T03:04:00Z', 'parenthesised zone'],
    ['Jun 15 22:04:31 db1 postgres[42]: FATAL', '2016-06-15T22:04:31Z', 'db1 postgres[42]: FATAL'],
    ['Wed, 15 Jun 2016 22:04:31 GMT - http date', '2016-06-15T22:04:31Z', 'http date'],
  ])('%s', (line, at, text) => {
    const e = one(line);
    expect(e.at).toBe(at);
    expect(e.text).toBe(text);
    expect(e.line).toBe(1);
  });

  it('does not mistake words for zones', () => {
    expect(one('22:04 GET /api/v1 500').text).toBe('GET /api/v1 500');
    expect(one('22:04 Zoe: hello').text).toBe('Zoe: hello');
    expect(one('22:04 est. arrival').text).toBe('est. arrival');
    expect(one('22:04 ops/infra: paged').text).toBe('ops/infra: paged');
  });

  it('uses the assumed zone, including IANA names and abbreviations', () => {
    expect(one('[22:04] x', CHICAGO_DAY).at).toBe('2016-06-16T03:04:00Z');
    expect(one('[22:04] x', { assumeDate: '2016-01-15', assumeZone: 'America/Chicago' }).at).toBe('2016-01-16T04:04:00Z');
    expect(one('[22:04] x', { assumeDate: '2016-06-15', assumeZone: '+05:30' }).at).toBe('2016-06-15T16:34:00Z');
    expect(one('[22:04] x', { assumeDate: '2016-06-15', assumeZone: 'Asia/Tokyo' }).at).toBe('2016-06-15T13:04:00Z');
    const cst = one('[22:04] x', { assumeDate: '2016-06-15', assumeZone: 'CST' });
    expect(cst.at).toBe('2016-06-16T04:04:00Z');
    expect(cst.warnings[0]).toContain('Did you mean CDT?');
  });

  it('passes parseInstant warnings through', () => {
    const e = one('2016-06-15 22:04 CST - smoke tests fail');
    expect(e.at).toBe('2016-06-16T04:04:00Z');
    expect(e.warnings).toEqual([
      'CST is UTC−06:00, but on 2016-06-15 US Central time keeps daylight time (CDT, UTC−05:00). Did you mean CDT?',
    ]);
    const overlap = one('[01:30] failover', { assumeDate: '2016-11-06', assumeZone: 'America/Chicago' });
    expect(overlap.at).toBe('2016-11-06T06:30:00Z');
    expect(overlap.warnings[0]).toContain('happened twice');
  });
});

describe('parseTimelinePaste: Slack style', () => {
  it('header line "alice  10:04 PM" takes the following lines as its text', () => {
    const r = parseTimelinePaste('alice  10:04 PM\nrestarted the primary\nit is back\nbob  10:06 PM\nthanks', UTC_DAY);
    expect(r.unparsed).toEqual([]);
    expect(r.entries).toEqual([
      { at: '2016-06-15T22:04:00Z', text: 'alice: restarted the primary\nit is back', line: 1, warnings: [] },
      { at: '2016-06-15T22:06:00Z', text: 'bob: thanks', line: 4, warnings: [] },
    ]);
  });

  it('names with spaces, app badges and bracketed times', () => {
    const r = parseTimelinePaste('Alice Smith  10:04 PM\nhello\nPagerDuty APP [10:05 PM]\nTriggered #123', UTC_DAY);
    expect(r.entries.map((e) => [e.at, e.text])).toEqual([
      ['2016-06-15T22:04:00Z', 'Alice Smith: hello'],
      ['2016-06-15T22:05:00Z', 'PagerDuty APP: Triggered #123'],
    ]);
  });

  it('a bare time after a header continues with the same author', () => {
    const r = parseTimelinePaste('alice  10:04 PM\nfirst\n10:05 PM\nsecond', UTC_DAY);
    expect(r.entries.map((e) => e.text)).toEqual(['alice: first', 'alice: second']);
  });

  it('a header with no text keeps the author as text', () => {
    const r = parseTimelinePaste('alice  10:04 PM', UTC_DAY);
    expect(r.entries).toEqual([{ at: '2016-06-15T22:04:00Z', text: 'alice', line: 1, warnings: [] }]);
  });

  it('a sentence ending in a time is not a header', () => {
    refused('deploy finished at 10:04 PM');
  });

  it('a time with no text and no author is reported', () => {
    expect(refused('[22:04]').reason).toMatch(/no text/);
  });
});

describe('parseTimelinePaste: a whole paste', () => {
  const paste = [
    '[22:04] alice: restarted the primary', // 1
    '', // 2
    '2016-06-15 21:00 CDT - alerts fire', // 3
    'just chatting, no time', // 4
    '   ', // 5
    '[22:10] bob: looks good', // 6
    '2016-06-15 22:04 IST - refused', // 7
    '2016-06-15T21:30:00Z deploy started', // 8
    '[22:04] carol: same minute as alice', // 9
  ].join('\r\n');

  it('sorts entries by time (stable) and reports every unparsed line', () => {
    const r = parseTimelinePaste(paste, CHICAGO_DAY);
    expect(r.entries.map((e) => [e.line, e.at, e.text])).toEqual([
      [8, '2016-06-15T21:30:00Z', 'deploy started'],
      [3, '2016-06-16T02:00:00Z', 'alerts fire'],
      [1, '2016-06-16T03:04:00Z', 'alice: restarted the primary'],
      [9, '2016-06-16T03:04:00Z', 'carol: same minute as alice'],
      [6, '2016-06-16T03:10:00Z', 'bob: looks good'],
    ]);
    expect(r.unparsed.map((u) => u.line)).toEqual([4, 7]);
    expect(r.unparsed[0]).toMatchObject({ text: 'just chatting, no time' });
    expect(r.unparsed[0].reason).toMatch(/No time/);
    expect(r.unparsed[1].reason).toMatch(/ambiguous/);
  });

  it('blank input gives nothing', () => {
    expect(parseTimelinePaste('', UTC_DAY)).toEqual({ entries: [], unparsed: [] });
    expect(parseTimelinePaste('\n\n   \n\t\n', UTC_DAY)).toEqual({ entries: [], unparsed: [] });
  });

  it('every non-blank line ends up somewhere', () => {
    const lines = ['x', '[22:04] a', 'y', '2016-06-15 22:04 XYZ - z', '12:00 b', 'nothing', '99:99 c'];
    const r = parseTimelinePaste(lines.join('\n'), UTC_DAY);
    const seen = [...r.entries.map((e) => e.line), ...r.unparsed.map((u) => u.line)].sort((a, b) => a - b);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('parseTimelinePaste: dates', () => {
  it('a time going back by more than 12 hours rolls over to the next day', () => {
    const r = parseTimelinePaste('[23:58] late\n[00:03] after midnight\n[00:01] slightly earlier', UTC_DAY);
    expect(r.entries.map((e) => [e.at, e.text])).toEqual([
      ['2016-06-15T23:58:00Z', 'late'],
      ['2016-06-16T00:01:00Z', 'slightly earlier'],
      ['2016-06-16T00:03:00Z', 'after midnight'],
    ]);
    expect(r.entries[2].warnings[0]).toBe('The time went back from 23:58 to 00:03, so this line is taken as the next day (2016-06-16).');
    expect(r.entries[1].warnings).toEqual([]);
  });

  it('a small step back stays on the same day', () => {
    const r = parseTimelinePaste('[22:05] b\n[22:04] a', UTC_DAY);
    expect(r.entries.map((e) => e.at)).toEqual(['2016-06-15T22:04:00Z', '2016-06-15T22:05:00Z']);
  });

  it('a date divider line sets the date for later time-only lines', () => {
    const r = parseTimelinePaste('[23:00] a\nJune 16, 2016\n[01:00] b\n--- 2016-06-20 ---\n[09:00] c', UTC_DAY);
    expect(r.unparsed).toEqual([]);
    expect(r.entries.map((e) => e.at)).toEqual(['2016-06-15T23:00:00Z', '2016-06-16T01:00:00Z', '2016-06-20T09:00:00Z']);
  });

  it('a divider works without assumeDate', () => {
    const r = parseTimelinePaste('Wednesday, June 15, 2016\n[22:04] a', { assumeZone: 'UTC' });
    expect(r.entries.map((e) => e.at)).toEqual(['2016-06-15T22:04:00Z']);
  });

  it('a syslog date without a year takes the year from assumeDate', () => {
    expect(one('Dec 31 23:59:59 host kernel: x', UTC_DAY).at).toBe('2016-12-31T23:59:59Z');
  });
});

describe('parseTimelinePaste: refused lines carry a reason', () => {
  it('no time at all', () => {
    expect(refused('restarted the primary').reason).toMatch(/No time/);
  });

  it('a time but no date and no assumeDate', () => {
    expect(refused('[22:04] alice: hi', { assumeZone: 'UTC' }).reason).toMatch(/without a date/);
  });

  it('a syslog date but no year', () => {
    expect(refused('Jun 15 22:04:31 host x', { assumeZone: 'UTC' }).reason).toMatch(/no year/);
  });

  it('no zone and no assumeZone', () => {
    expect(refused('[22:04] alice: hi', { assumeDate: '2016-06-15' }).reason).toMatch(/time zone/);
    expect(refused('2016-06-15 22:04 alice: hi', {}).reason).toMatch(/time zone/);
  });

  it('an ambiguous zone on the line', () => {
    expect(refused('2016-06-15 22:04 IST - x').reason).toMatch(/India.*Israel.*Irish/);
  });

  it('an unknown IANA zone on the line', () => {
    expect(refused('2016-06-15 22:04 Europe/Londn - x').reason).toMatch(/Unknown time zone 'Europe\/Londn'/);
  });

  it('an unknown zone abbreviation in a full stamp', () => {
    expect(refused('2016-06-15 22:04 XYZ - x', { assumeDate: '2016-06-15' }).reason).toMatch(/time zone/);
  });

  it('a bad assumeZone', () => {
    expect(refused('[22:04] x', { assumeDate: '2016-06-15', assumeZone: 'IST' }).reason).toMatch(/zone set for the paste.*ambiguous/);
    expect(refused('[22:04] x', { assumeDate: '2016-06-15', assumeZone: 'Mars/Base' }).reason).toMatch(/not usable/);
  });

  it('a bad assumeDate', () => {
    expect(refused('[22:04] x', { assumeDate: '2016-02-30', assumeZone: 'UTC' }).reason).toMatch(/not a valid YYYY-MM-DD/);
  });

  it('an impossible date or time on the line', () => {
    expect(refused('2016-02-30 22:04 UTC - x').reason).toMatch(/not a date/);
    expect(refused('[25:04] x').reason).toMatch(/Hour 25/);
    expect(refused('[22:61] x').reason).toMatch(/Minute 61/);
    expect(refused('[13:04 PM] x').reason).toMatch(/AM\/PM/);
  });

  it('a time in the spring-forward gap of the assumed zone', () => {
    expect(refused('[02:30] x', { assumeDate: '2016-03-13', assumeZone: 'America/Chicago' }).reason).toMatch(/does not exist/);
  });

  it('keeps the line number of refused lines', () => {
    const r = parseTimelinePaste('\n\n[22:04] ok\n\nnope', UTC_DAY);
    expect(r.entries.map((e) => e.line)).toEqual([3]);
    expect(r.unparsed).toEqual([{ line: 5, text: 'nope', reason: expect.stringMatching(/No time/) }]);
  });
});
