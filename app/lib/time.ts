/**
 * The one module for instants (see DESIGN.md, "Time").
 *
 * Pure TypeScript: runs in the browser and in Node. Zone rules come from Intl
 * (IANA database); the only hand-written table is the list of abbreviations
 * below, each mapped to ONE documented offset.
 *
 * Policy: input with an explicit zone or offset is converted, never guessed.
 * Input without a zone is refused. Nothing here returns an Invalid Date:
 * `parseInstant` reports problems as `{ ok: false, error }`, the formatting
 * helpers throw a RangeError on input that is not an instant.
 */

export type ParseInstantResult =
  | { ok: true; instant: Date; iso: string /* UTC, 'YYYY-MM-DDTHH:mm:ssZ' */; warnings: string[] }
  | { ok: false; error: string /* a human message saying what to do */ };

// ---------------------------------------------------------------------------
// Zone tables
// ---------------------------------------------------------------------------

type AbbreviationInfo = {
  offsetMinutes: number;
  name: string;
  /** IANA zone of the region that uses the abbreviation (decides DST warnings). */
  region?: string;
  /** Human label of the region, e.g. 'US Central time'. */
  regionLabel?: string;
  kind?: 'standard' | 'daylight';
  /** The abbreviation for the other half of the year (CST <-> CDT). */
  counterpart?: string;
  /** Extra note appended to a DST warning. */
  note?: string;
};

const ABBREVIATIONS: Record<string, AbbreviationInfo> = {
  UTC: { offsetMinutes: 0, name: 'Coordinated Universal Time' },
  GMT: { offsetMinutes: 0, name: 'Greenwich Mean Time' },
  EST: {
    offsetMinutes: -300,
    name: 'Eastern Standard Time (US)',
    region: 'America/New_York',
    regionLabel: 'US Eastern time',
    kind: 'standard',
    counterpart: 'EDT',
  },
  EDT: {
    offsetMinutes: -240,
    name: 'Eastern Daylight Time (US)',
    region: 'America/New_York',
    regionLabel: 'US Eastern time',
    kind: 'daylight',
    counterpart: 'EST',
  },
  CST: {
    offsetMinutes: -360,
    name: 'Central Standard Time (US)',
    region: 'America/Chicago',
    regionLabel: 'US Central time',
    kind: 'standard',
    counterpart: 'CDT',
  },
  CDT: {
    offsetMinutes: -300,
    name: 'Central Daylight Time (US)',
    region: 'America/Chicago',
    regionLabel: 'US Central time',
    kind: 'daylight',
    counterpart: 'CST',
  },
  MST: {
    offsetMinutes: -420,
    name: 'Mountain Standard Time (US)',
    region: 'America/Denver',
    regionLabel: 'US Mountain time',
    kind: 'standard',
    counterpart: 'MDT',
    note: 'Arizona keeps MST all year, so MST is right there.',
  },
  MDT: {
    offsetMinutes: -360,
    name: 'Mountain Daylight Time (US)',
    region: 'America/Denver',
    regionLabel: 'US Mountain time',
    kind: 'daylight',
    counterpart: 'MST',
  },
  PST: {
    offsetMinutes: -480,
    name: 'Pacific Standard Time (US)',
    region: 'America/Los_Angeles',
    regionLabel: 'US Pacific time',
    kind: 'standard',
    counterpart: 'PDT',
  },
  PDT: {
    offsetMinutes: -420,
    name: 'Pacific Daylight Time (US)',
    region: 'America/Los_Angeles',
    regionLabel: 'US Pacific time',
    kind: 'daylight',
    counterpart: 'PST',
  },
  AKST: {
    offsetMinutes: -540,
    name: 'Alaska Standard Time',
    region: 'America/Anchorage',
    regionLabel: 'Alaska time',
    kind: 'standard',
    counterpart: 'AKDT',
  },
  AKDT: {
    offsetMinutes: -480,
    name: 'Alaska Daylight Time',
    region: 'America/Anchorage',
    regionLabel: 'Alaska time',
    kind: 'daylight',
    counterpart: 'AKST',
  },
  HST: { offsetMinutes: -600, name: 'Hawaii Standard Time', region: 'Pacific/Honolulu', regionLabel: 'Hawaii time', kind: 'standard' },
  BST: {
    offsetMinutes: 60,
    name: 'British Summer Time',
    region: 'Europe/London',
    regionLabel: 'UK time',
    kind: 'daylight',
    counterpart: 'GMT',
  },
  WET: {
    offsetMinutes: 0,
    name: 'Western European Time',
    region: 'Europe/Lisbon',
    regionLabel: 'Western European time',
    kind: 'standard',
    counterpart: 'WEST',
  },
  WEST: {
    offsetMinutes: 60,
    name: 'Western European Summer Time',
    region: 'Europe/Lisbon',
    regionLabel: 'Western European time',
    kind: 'daylight',
    counterpart: 'WET',
  },
  CET: {
    offsetMinutes: 60,
    name: 'Central European Time',
    region: 'Europe/Paris',
    regionLabel: 'Central European time',
    kind: 'standard',
    counterpart: 'CEST',
  },
  CEST: {
    offsetMinutes: 120,
    name: 'Central European Summer Time',
    region: 'Europe/Paris',
    regionLabel: 'Central European time',
    kind: 'daylight',
    counterpart: 'CET',
  },
  EET: {
    offsetMinutes: 120,
    name: 'Eastern European Time',
    region: 'Europe/Athens',
    regionLabel: 'Eastern European time',
    kind: 'standard',
    counterpart: 'EEST',
  },
  EEST: {
    offsetMinutes: 180,
    name: 'Eastern European Summer Time',
    region: 'Europe/Athens',
    regionLabel: 'Eastern European time',
    kind: 'daylight',
    counterpart: 'EET',
  },
  IRST: {
    offsetMinutes: 210,
    name: 'Iran Standard Time',
    region: 'Asia/Tehran',
    regionLabel: 'Iran time',
    kind: 'standard',
    counterpart: 'IRDT',
  },
  IRDT: {
    offsetMinutes: 270,
    name: 'Iran Daylight Time',
    region: 'Asia/Tehran',
    regionLabel: 'Iran time',
    kind: 'daylight',
    counterpart: 'IRST',
  },
  JST: { offsetMinutes: 540, name: 'Japan Standard Time', region: 'Asia/Tokyo', regionLabel: 'Japan time', kind: 'standard' },
  KST: { offsetMinutes: 540, name: 'Korea Standard Time', region: 'Asia/Seoul', regionLabel: 'Korea time', kind: 'standard' },
  AEST: {
    offsetMinutes: 600,
    name: 'Australian Eastern Standard Time',
    region: 'Australia/Sydney',
    regionLabel: 'Australian Eastern time (Sydney)',
    kind: 'standard',
    counterpart: 'AEDT',
    note: 'Queensland keeps AEST all year, so AEST is right there.',
  },
  AEDT: {
    offsetMinutes: 660,
    name: 'Australian Eastern Daylight Time',
    region: 'Australia/Sydney',
    regionLabel: 'Australian Eastern time (Sydney)',
    kind: 'daylight',
    counterpart: 'AEST',
  },
  NZST: {
    offsetMinutes: 720,
    name: 'New Zealand Standard Time',
    region: 'Pacific/Auckland',
    regionLabel: 'New Zealand time',
    kind: 'standard',
    counterpart: 'NZDT',
  },
  NZDT: {
    offsetMinutes: 780,
    name: 'New Zealand Daylight Time',
    region: 'Pacific/Auckland',
    regionLabel: 'New Zealand time',
    kind: 'daylight',
    counterpart: 'NZST',
  },
};

/**
 * Accepted zone abbreviations (case-insensitive), each mapped to ONE offset.
 * `region` is the IANA zone used to warn when a standard-time abbreviation is
 * used while that region keeps daylight time (or the reverse).
 */
export const ZONE_ABBREVIATIONS: Record<string, { offsetMinutes: number; name: string; region?: string }> = Object.fromEntries(
  Object.entries(ABBREVIATIONS).map(([k, v]) => [
    k,
    v.region ? { offsetMinutes: v.offsetMinutes, name: v.name, region: v.region } : { offsetMinutes: v.offsetMinutes, name: v.name },
  ]),
);

/** Abbreviations that mean different offsets in common use: refused. */
export const AMBIGUOUS_ZONE_ABBREVIATIONS: Record<string, { offsetMinutes: number; name: string; zone: string }[]> = {
  IST: [
    { offsetMinutes: 330, name: 'India Standard Time', zone: 'Asia/Kolkata' },
    { offsetMinutes: 120, name: 'Israel Standard Time', zone: 'Asia/Jerusalem' },
    { offsetMinutes: 60, name: 'Irish Standard Time', zone: 'Europe/Dublin' },
  ],
  AST: [
    { offsetMinutes: -240, name: 'Atlantic Standard Time', zone: 'America/Halifax' },
    { offsetMinutes: 180, name: 'Arabia Standard Time', zone: 'Asia/Riyadh' },
  ],
  SST: [
    { offsetMinutes: -660, name: 'Samoa Standard Time', zone: 'Pacific/Pago_Pago' },
    { offsetMinutes: 480, name: 'Singapore Standard Time', zone: 'Asia/Singapore' },
  ],
};

const MAX_OFFSET_MINUTES = 14 * 60;
const MINUTE = 60_000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** 'UTC−06:00', 'UTC+05:30', 'UTC+00:00' (with a real minus sign). */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '\u2212' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

const MONTH_NAMES_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** UTC milliseconds for wall-clock fields (years 0–99 handled correctly). */
function wallMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const date = new Date(Date.UTC(2000, 0, 1, 0, 0, 0, 0));
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

function isoFromMs(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ymd(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

// ---------------------------------------------------------------------------
// Intl-backed IANA zone support
// ---------------------------------------------------------------------------

const formatterCache = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(zone: string): Intl.DateTimeFormat | null {
  const key = zone.toLowerCase();
  if (formatterCache.has(key)) return formatterCache.get(key) ?? null;
  let f: Intl.DateTimeFormat | null = null;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    f = null;
  }
  formatterCache.set(key, f);
  return f;
}

/** Offset (minutes east of UTC) of `zone` at the UTC instant `utcMs`. */
function zoneOffsetAt(f: Intl.DateTimeFormat, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const parts = f.formatToParts(new Date(whole));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? NaN);
  let hour = get('hour');
  if (hour === 24) hour = 0;
  const local = wallMs(get('year'), get('month'), get('day'), hour, get('minute'), get('second'), 0);
  return Math.round((local - whole) / MINUTE);
}

type WallResolution =
  | { kind: 'ok'; utcMs: number; offset: number }
  | { kind: 'ambiguous'; earlier: { utcMs: number; offset: number }; later: { utcMs: number; offset: number } }
  | { kind: 'gap'; before: number; after: number };

function resolveWallTime(f: Intl.DateTimeFormat, wall: number): WallResolution {
  const offsets = new Set([zoneOffsetAt(f, wall - DAY), zoneOffsetAt(f, wall), zoneOffsetAt(f, wall + DAY)]);
  const seen = new Set<number>();
  const valid: { utcMs: number; offset: number }[] = [];
  for (const o of offsets) {
    const utcMs = wall - o * MINUTE;
    if (zoneOffsetAt(f, utcMs) === o && !seen.has(utcMs)) {
      seen.add(utcMs);
      valid.push({ utcMs, offset: o });
    }
  }
  valid.sort((a, b) => a.utcMs - b.utcMs);
  if (valid.length === 0) {
    const sorted = [...offsets].sort((a, b) => a - b);
    return { kind: 'gap', before: sorted[0], after: sorted[sorted.length - 1] };
  }
  if (valid.length === 1) return { kind: 'ok', ...valid[0] };
  return { kind: 'ambiguous', earlier: valid[0], later: valid[valid.length - 1] };
}

// ---------------------------------------------------------------------------
// Zone text → zone
// ---------------------------------------------------------------------------

type Zone = { kind: 'fixed'; offset: number; abbreviation?: string } | { kind: 'iana'; name: string; formatter: Intl.DateTimeFormat };

const ZONE_HINT = "Use 'Z', 'UTC', an offset like '+02:00' or an IANA name like 'America/Chicago'.";

function parseZone(text: string): { ok: true; zone: Zone } | { ok: false; error: string } {
  const z = text.trim();
  if (/^z$/i.test(z)) return { ok: true, zone: { kind: 'fixed', offset: 0 } };

  // ±hh, ±hhmm, ±hh:mm; with a UTC/GMT prefix also ±h and ±h:mm.
  const off = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(z) ?? /^(?:utc|gmt|ut)\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (off) {
    const h = Number(off[2]);
    const m = off[3] === undefined ? 0 : Number(off[3]);
    if (m > 59) return { ok: false, error: `The offset '${z}' has ${m} minutes; minutes go up to 59.` };
    const total = (off[1] === '-' ? -1 : 1) * (h * 60 + m);
    if (Math.abs(total) > MAX_OFFSET_MINUTES) {
      return { ok: false, error: `The offset '${z}' is out of range: offsets go from −14:00 to +14:00 (real zones use −12:00 to +14:00).` };
    }
    return { ok: true, zone: { kind: 'fixed', offset: total } };
  }

  const upper = z.toUpperCase();
  const abbr = ABBREVIATIONS[upper];
  if (abbr) return { ok: true, zone: { kind: 'fixed', offset: abbr.offsetMinutes, abbreviation: upper } };

  const ambiguous = AMBIGUOUS_ZONE_ABBREVIATIONS[upper];
  if (ambiguous) {
    const list = ambiguous.map((c) => `${c.name} (${formatOffset(c.offsetMinutes)}, ${c.zone})`).join(', ');
    return {
      ok: false,
      error: `'${z}' is ambiguous: it can mean ${list}. Give an offset like '+05:30' or an IANA name like '${ambiguous[0].zone}' instead.`,
    };
  }

  if (/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(z)) {
    const f = zoneFormatter(z);
    if (f) return { ok: true, zone: { kind: 'iana', name: f.resolvedOptions().timeZone, formatter: f } };
  }

  if (/^[A-Za-z]{2,5}$/.test(z)) {
    return {
      ok: false,
      error: `Unknown time zone abbreviation '${z}'. Use an offset like '+02:00' or an IANA name like 'Europe/Paris'.`,
    };
  }
  return { ok: false, error: `Unknown time zone '${z}'. ${ZONE_HINT}` };
}

// ---------------------------------------------------------------------------
// Date/time text → fields
// ---------------------------------------------------------------------------

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const EXAMPLE = "e.g. '2016-06-15 22:04 UTC' or 'June 15, 2016 10:04 PM CST'";

type Fields = {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  zoneText: string;
};

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase()];
}

function parseFields(input: string): { ok: true; fields: Fields } | { ok: false; error: string } {
  let s = input
    .replace(/\u2212/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s) return fail(`Enter a date and time with a time zone, ${EXAMPLE}.`);
  if (s.length > 200) return fail(`That is too long to be a date and time. Enter one like ${EXAMPLE}.`);

  s = s.replace(/^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,? /i, '');

  let y: number, mo: number, d: number;
  let rest: string;
  let m: RegExpExecArray | null;
  let isoT = false;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?=$|[Tt ,])/.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    rest = s.slice(m[0].length);
    if (/^[Tt]/.test(rest)) {
      isoT = true;
      rest = rest.slice(1);
    }
  } else if ((m = /^(\d{4})\/(\d{2})\/(\d{2})(?=$|[ ,])/.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    rest = s.slice(m[0].length);
  } else if ((m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4})(?=$|[ :])/.exec(s)) && monthNumber(m[2])) {
    // Apache/nginx log style: 15/Jun/2016:22:04:31 +0000
    [y, mo, d] = [Number(m[3]), monthNumber(m[2])!, Number(m[1])];
    rest = s.slice(m[0].length).replace(/^:/, ' ');
  } else if ((m = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?=$|[ ,])/i.exec(s)) && monthNumber(m[1])) {
    [y, mo, d] = [Number(m[3]), monthNumber(m[1])!, Number(m[2])];
    rest = s.slice(m[0].length);
  } else if ((m = /^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4})(?=$|[ ,])/i.exec(s)) && monthNumber(m[2])) {
    [y, mo, d] = [Number(m[3]), monthNumber(m[2])!, Number(m[1])];
    rest = s.slice(m[0].length);
  } else if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/.test(s)) {
    return fail(
      `Write the date as YYYY-MM-DD (or like 'June 15, 2016'): '${s.split(' ')[0]}' is ambiguous between day/month and month/day.`,
    );
  } else if (/^\d{1,2}:\d{2}/.test(s) || /^\d{1,2} ?[ap]\.?m\b/i.test(s)) {
    return fail(`Add a date to the time, ${EXAMPLE}.`);
  } else {
    return fail(`Could not read '${input.trim().slice(0, 60)}' as a date and time. Write it like ${EXAMPLE}.`);
  }

  if (y < 1000) return fail(`The year ${y} is out of range; use a four-digit year from 1000.`);
  if (mo < 1 || mo > 12) return fail(`Month ${mo} does not exist: months run from 01 to 12.`);
  const dim = daysInMonth(y, mo);
  if (d < 1 || d > dim) {
    return fail(`${ymd(y, mo, d)} is not a date: ${MONTH_NAMES_LONG[mo - 1]} ${y} has ${dim} days.`);
  }

  if (!isoT) rest = rest.replace(/^,? ?(?:(?:at|@) ?)?/i, '');
  else rest = rest.trimStart();
  if (!rest) return fail(`Add a time and a time zone to the date, e.g. '${ymd(y, mo, d)} 22:04 UTC'.`);

  m = /^(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?/.exec(rest);
  if (!m) return fail(`Could not read a time after the date in '${input.trim()}'. Write it like ${EXAMPLE}.`);
  let h = Number(m[1]);
  const hasMinutes = m[2] !== undefined;
  const mi = hasMinutes ? Number(m[2]) : 0;
  const sec = m[3] !== undefined ? Number(m[3]) : 0;
  const ms = m[4] !== undefined ? Number(m[4].padEnd(3, '0').slice(0, 3)) : 0;
  rest = rest.slice(m[0].length);
  if (/^\d/.test(rest)) return fail(`Could not read the time in '${input.trim()}'. Write it as HH:mm, e.g. 22:04.`);

  const ap = /^ ?([ap])\.?m\.?(?![a-z])/i.exec(rest);
  if (ap) {
    rest = rest.slice(ap[0].length);
    if (h < 1 || h > 12) {
      return fail(`'${h}' with ${ap[1].toUpperCase()}M is not a time: use 1–12 with AM/PM, or a 24-hour time like 22:04.`);
    }
    const pm = ap[1].toLowerCase() === 'p';
    h = (h % 12) + (pm ? 12 : 0);
  } else if (!hasMinutes) {
    return fail(`Could not read the time in '${input.trim()}'. Write it as HH:mm, e.g. 22:04.`);
  }
  if (h > 23) return fail(`Hour ${h} does not exist: use 00–23 (or 1–12 with AM/PM).`);
  if (mi > 59) return fail(`Minute ${mi} does not exist: minutes run from 00 to 59.`);
  if (sec > 59) return fail(`Second ${sec} does not exist: seconds run from 00 to 59 (leap seconds are not supported).`);

  let zoneText = rest.trim();
  const paren = /^\((.*)\)$/.exec(zoneText);
  if (paren) zoneText = paren[1].trim();
  return { ok: true, fields: { y, mo, d, h, mi, s: sec, ms, zoneText } };
}

function abbreviationWarning(abbr: string, utcMs: number, date: string): string | null {
  const info = ABBREVIATIONS[abbr];
  if (!info?.region) return null;
  const f = zoneFormatter(info.region);
  if (!f) return null;
  const regionOffset = zoneOffsetAt(f, utcMs);
  if (regionOffset === info.offsetMinutes) return null;
  const head = `${abbr} is ${formatOffset(info.offsetMinutes)}, but on ${date} ${info.regionLabel}`;
  const cp = info.counterpart ? ABBREVIATIONS[info.counterpart] : undefined;
  let msg: string;
  if (cp && cp.offsetMinutes === regionOffset) {
    const keeps = info.kind === 'standard' ? 'daylight time' : 'standard time';
    msg = `${head} keeps ${keeps} (${info.counterpart}, ${formatOffset(regionOffset)}). Did you mean ${info.counterpart}?`;
  } else {
    msg = `${head} was ${formatOffset(regionOffset)}. Check the zone, or give an offset.`;
  }
  return info.note ? `${msg} ${info.note}` : msg;
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Parse a date + time + zone typed or pasted by a person. Never throws.
 * See the module docs and test/unit/time.test.ts for the accepted forms.
 */
export function parseInstant(input: string): ParseInstantResult {
  try {
    if (typeof input !== 'string') return fail(`Enter a date and time with a time zone, ${EXAMPLE}.`);
    const parsed = parseFields(input);
    if (!parsed.ok) return parsed;
    const { y, mo, d, h, mi, s, ms, zoneText } = parsed.fields;
    if (!zoneText) {
      return fail("Add a time zone: 'Z', 'UTC', '+02:00' or a name like 'America/Chicago'.");
    }
    const zr = parseZone(zoneText);
    if (!zr.ok) return zr;
    const zone = zr.zone;
    const wall = wallMs(y, mo, d, h, mi, s, ms);
    const localText = `${ymd(y, mo, d)} ${pad(h)}:${pad(mi)}${s ? `:${pad(s)}` : ''}`;
    const warnings: string[] = [];
    let utcMs: number;
    if (zone.kind === 'fixed') {
      utcMs = wall - zone.offset * MINUTE;
      if (zone.abbreviation) {
        const w = abbreviationWarning(zone.abbreviation, utcMs, ymd(y, mo, d));
        if (w) warnings.push(w);
      }
    } else {
      const r = resolveWallTime(zone.formatter, wall);
      if (r.kind === 'gap') {
        return fail(
          `${localText} does not exist in ${zone.name}: the clocks jumped forward that night ` +
            `(${formatOffset(r.before)} → ${formatOffset(r.after)}, daylight saving time began). ` +
            `Check the time, or give an explicit offset.`,
        );
      }
      if (r.kind === 'ambiguous') {
        utcMs = r.earlier.utcMs;
        warnings.push(
          `${localText} happened twice in ${zone.name} (the clocks went back that night): ` +
            `using the earlier, ${isoFromMs(r.earlier.utcMs)} (${formatOffset(r.earlier.offset)}), ` +
            `not the later, ${isoFromMs(r.later.utcMs)} (${formatOffset(r.later.offset)}). ` +
            `Give an explicit offset if you meant the later one.`,
        );
      } else {
        utcMs = r.utcMs;
      }
    }
    const instant = new Date(utcMs);
    if (!Number.isFinite(utcMs) || instant.getUTCFullYear() < 1000 || instant.getUTCFullYear() > 9999) {
      return fail(`'${input.trim()}' is out of the supported range (years 1000–9999).`);
    }
    return { ok: true, instant, iso: isoFromMs(utcMs), warnings };
  } catch (_e) {
    return fail(`Could not read '${String(input).slice(0, 60)}' as a date and time. Write it like ${EXAMPLE}.`);
  }
}

// Stored instants are canonical ISO UTC ('2016-06-15T22:04:00Z', or toISOString's form): those are read
// without the parser for people's input, as a long timeline formats dozens of them per page view.
const CANONICAL_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.\d{1,3})?Z$/;

/** The instant of a canonical ISO UTC string, or null to leave it to parseInstant (which also explains errors). */
function canonicalInstant(s: string): Date | null {
  const m = CANONICAL_UTC.exec(s);
  if (!m || s < '1000') return null;
  const d = new Date(s);
  // Date.parse rolls impossible dates over (February 30 becomes March 1): parseInstant refuses those.
  return Number.isFinite(d.getTime()) && d.toISOString().startsWith(m[1]) ? d : null;
}

function toDate(d: Date | string): Date {
  if (d instanceof Date) {
    if (Number.isNaN(d.getTime())) throw new RangeError('Invalid Date');
    return d;
  }
  if (typeof d === 'string') {
    const fast = canonicalInstant(d);
    if (fast) return fast;
    const r = parseInstant(d);
    if (!r.ok) throw new RangeError(r.error);
    return r.instant;
  }
  throw new RangeError(`Not an instant: ${String(d)}`);
}

/** '2016-06-15T22:04:00Z' (UTC, no milliseconds). Throws RangeError on input that is not an instant. */
export function toIsoUtc(d: Date | string): string {
  return isoFromMs(toDate(d).getTime());
}

/** '2016-06-15 22:04 UTC'; '' for null/undefined/''. Throws RangeError on input that is not an instant. */
export function formatUtc(d: Date | string | null | undefined): string {
  if (d === null || d === undefined || d === '') return '';
  const iso = toIsoUtc(d);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * Strict calendar date 'YYYY-MM-DD' → the same string, validated. A full
 * instant (with zone) gives its UTC date. '' → ''. Throws RangeError otherwise.
 */
export function formatDateOnly(d: string): string {
  if (d === '') return '';
  if (typeof d !== 'string') throw new RangeError(`Not a date: ${String(d)}`);
  const t = d.trim();
  if (isIsoDate(t)) return t;
  const r = parseInstant(t);
  if (r.ok) return r.iso.slice(0, 10);
  throw new RangeError(`Not a date: '${d}'. Use YYYY-MM-DD, e.g. 2016-06-15.`);
}

/** Strict 'YYYY-MM-DD' that exists in the calendar. */
export function isIsoDate(s: string): boolean {
  if (typeof s !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Whole minutes from `from` to `to`, rounded down (negative when `to` is earlier). */
export function minutesBetween(from: Date | string, to: Date | string): number {
  return Math.floor((toDate(to).getTime() - toDate(from).getTime()) / MINUTE);
}

/** 1480 → '24:40 hours', 5 → '0:05 hours', -5 → '-0:05 hours', null → ''. */
export function formatDuration(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || typeof minutes !== 'number' || !Number.isFinite(minutes)) return '';
  const sign = minutes < 0 ? '-' : '';
  const total = Math.floor(Math.abs(minutes));
  return `${sign}${Math.floor(total / 60)}:${pad(total % 60)} hours`;
}

/**
 * Value for a text input: '2016-06-15 22:04 UTC' (seconds shown only when not
 * zero), which parseInstant reads back to the same instant. '' for null.
 */
export function toDatetimeLocalUtc(d: Date | string | null | undefined): string {
  if (d === null || d === undefined || d === '') return '';
  const iso = toIsoUtc(d);
  const secs = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${secs === '00' ? '' : `:${secs}`} UTC`;
}

/** The month `n` months after (or before) a `YYYY-MM` month, as `YYYY-MM` (UTC). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** Every `YYYY-MM` month from `from` to `to`, both included, at most `max` of them. */
export function monthSeries(from: string, to: string, max = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < max; m = addMonths(m, 1)) out.push(m);
  return out;
}
