/**
 * Paste from chat or a log → proposed timeline entries.
 *
 * Each non-blank line either becomes an entry (a time at its start), is a
 * date divider ('June 16, 2016' or '2016-06-16' on its own: sets the date for
 * the following time-only lines), continues a Slack-style message whose header
 * line ('alice  10:04 PM') had no text, or is reported in `unparsed` with a
 * reason. Nothing is dropped silently. All zone handling goes through
 * `parseInstant` from time.ts.
 */
import { AMBIGUOUS_ZONE_ABBREVIATIONS, ZONE_ABBREVIATIONS, isIsoDate, parseInstant } from '~/lib/time';

export type PastedEntry = { at: string /* UTC ISO 'YYYY-MM-DDTHH:mm:ssZ' */; text: string; line: number /* 1-based */; warnings: string[] };
export type UnparsedLine = { line: number; text: string; reason: string };

/** Case-insensitive regex source for a literal word. */
function ci(word: string): string {
  return word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

const MONTH = `(?:${[
  'january',
  'jan',
  'february',
  'feb',
  'march',
  'mar',
  'april',
  'apr',
  'may',
  'june',
  'jun',
  'july',
  'jul',
  'august',
  'aug',
  'september',
  'sept',
  'sep',
  'october',
  'oct',
  'november',
  'nov',
  'december',
  'dec',
]
  .map(ci)
  .join('|')})\\.?`;
const WEEKDAY = `(?:(?:${[
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'mon',
  'tues',
  'tue',
  'wed',
  'thurs',
  'thur',
  'thu',
  'fri',
  'sat',
  'sun',
]
  .map(ci)
  .join('|')})\\.?,?\\s+)?`;
const ORD = '(?:st|nd|rd|th)?';

// Dates with a year (passed to parseInstant as written) and without (syslog 'Jun 15').
const DATE_WITH_YEAR =
  `\\d{4}-\\d{2}-\\d{2}|\\d{4}\\/\\d{2}\\/\\d{2}` + `|${MONTH}\\s+\\d{1,2}${ORD},?\\s+\\d{4}` + `|\\d{1,2}${ORD}\\s+${MONTH},?\\s+\\d{4}`;
const DATE_NO_YEAR = `${MONTH}\\s+\\d{1,2}${ORD}`;

const TIME = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?';
const AMPM = '[AaPp]\\.?[Mm]\\.?(?![A-Za-z])';

const ABBREVS = [...Object.keys(ZONE_ABBREVIATIONS), ...Object.keys(AMBIGUOUS_ZONE_ABBREVIATIONS)]
  .filter((a) => a !== 'UTC' && a !== 'GMT')
  .sort((a, b) => b.length - a.length)
  .join('|');
const IANA_AREAS = 'Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc|US|Canada|Brazil|Mexico|Chile';
const ZONE_ATTACHED = 'Z|[+\\-\u2212]\\d{2}(?::?\\d{2})?';
const ZONE_WORD =
  `(?:${ci('utc')}|${ci('gmt')}|${ci('ut')})(?:[+\\-\u2212]\\d{1,2}(?::?\\d{2})?)?` +
  `|(?:${ABBREVS})` +
  `|(?:${IANA_AREAS})(?:\\/[A-Za-z0-9_+\\-]+)+`;
// Zone: attached or spaced offset / Z, a spaced zone word, or a zone in parentheses.
const ZONE =
  `(?:\\s*(?<zone1>${ZONE_ATTACHED})(?![0-9A-Za-z:])` +
  `|\\s+(?<zone2>${ZONE_WORD})(?![0-9A-Za-z/_])` +
  `|\\s*\\((?<zone3>${ZONE_ATTACHED}|${ZONE_WORD})\\))?`;

const STAMP =
  `(?:(?<date>${DATE_WITH_YEAR})|(?<dateNoYear>${DATE_NO_YEAR}))?` +
  `(?:(?<=\\d)[Tt]|,?\\s+(?:${ci('at')}\\s+)?)?` +
  `(?<time>${TIME})(?:\\s*(?<ampm>${AMPM}))?${ZONE}`;

// A stamp at the start of a line, followed by the end, a space or a separator.
const LEADING = new RegExp(`^${WEEKDAY}${STAMP}(?=$|[\\s\\-\u2013\u2014|:>\\]),;])(?<rest>.*)$`);
// A whole bracketed stamp: '[22:04]', '[10:04 PM]', '[2016-06-15 22:04:31 UTC]'.
const BRACKETED = /^[[(<]([^\])>]+)[\])>]\s*(.*)$/;
const STAMP_ONLY = new RegExp(`^\\s*${WEEKDAY}${STAMP}\\s*$`);
// Slack header: 'alice  10:04 PM', 'Alice Smith [22:04]'.
const SLACK_HEADER = new RegExp(
  `^(?<author>[^\\s\\[\\]():][^\\[\\]():]*?)(?<gap>\\s+)(?<open>\\[)?(?<time>${TIME})(?:\\s*(?<ampm>${AMPM}))?(?:\\])?\\s*$`,
);
const DATE_DIVIDER = new RegExp(`^\\s*(?:[-—–=]+\\s*)?${WEEKDAY}(?<date>${DATE_WITH_YEAR})(?:\\s*[-—–=]+)?\\s*$`);
const BULLET = /^\s*(?:[-*•·>]\s+)/;
const SEPARATOR = /^\s*(?:[-\u2013\u2014|:>]+\s*)?/;

type Stamp = {
  date?: string; // as written, with a year
  dateNoYear?: string; // 'Jun 15'
  time: string;
  ampm?: string;
  zone?: string;
};

type LineParse = { kind: 'stamp'; stamp: Stamp; text: string; author?: string } | { kind: 'divider'; date: string } | { kind: 'none' };

function stampFromGroups(g: Record<string, string | undefined>): Stamp {
  return {
    date: g.date,
    dateNoYear: g.dateNoYear,
    time: g.time!,
    ampm: g.ampm,
    zone: g.zone1 ?? g.zone2 ?? g.zone3,
  };
}

const PREPOSITIONS = /\b(?:at|by|around|until|till|since|from|to|before|after|about)$/i;

function parseLine(raw: string): LineParse {
  const line = raw.replace(BULLET, '').trim();

  const div = DATE_DIVIDER.exec(line);
  if (div?.groups) {
    const r = parseInstant(`${div.groups.date} 00:00 UTC`);
    if (r.ok) return { kind: 'divider', date: r.iso.slice(0, 10) };
  }

  const br = BRACKETED.exec(line);
  if (br) {
    const inner = STAMP_ONLY.exec(br[1]);
    if (inner?.groups) {
      return { kind: 'stamp', stamp: stampFromGroups(inner.groups), text: br[2].replace(SEPARATOR, '').trim() };
    }
  }

  const lead = LEADING.exec(line);
  if (lead?.groups) {
    return { kind: 'stamp', stamp: stampFromGroups(lead.groups), text: (lead.groups.rest ?? '').replace(SEPARATOR, '').trim() };
  }

  const sl = SLACK_HEADER.exec(line);
  if (sl?.groups) {
    const author = sl.groups.author.trim();
    const words = author.split(/\s+/);
    const spacedOut = sl.groups.gap.length >= 2 || sl.groups.gap.includes('\t') || !!sl.groups.open || !!sl.groups.ampm;
    if (author.length <= 40 && words.length <= 4 && spacedOut && !PREPOSITIONS.test(author)) {
      return { kind: 'stamp', stamp: { time: sl.groups.time, ampm: sl.groups.ampm }, text: '', author };
    }
  }
  return { kind: 'none' };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Minutes since midnight of a 'HH:mm[:ss]' + optional AM/PM, or NaN. */
function minuteOfDay(time: string, ampm?: string): number {
  const [h0, m] = time.split(':').map((x) => Number(x));
  let h = h0;
  if (ampm) h = (h % 12) + (/^p/i.test(ampm) ? 12 : 0);
  return h * 60 + m;
}

type Pending = { line: number; ms: number; at: string; warnings: string[]; text: string[]; author?: string; header: boolean; raw: string };

/**
 * Parse a paste from chat or a log into proposed timeline entries.
 * `assumeDate` (YYYY-MM-DD) is used for lines with a time but no date;
 * `assumeZone` (anything parseInstant accepts) for lines without a zone.
 * Time-only lines that go back by more than 12 hours are taken as the next day.
 */
export function parseTimelinePaste(
  input: string,
  opts: {
    assumeDate?: string /* YYYY-MM-DD */;
    assumeZone?: string /* any zone parseInstant accepts, e.g. 'UTC', 'CST', 'America/Chicago' */;
  },
): { entries: PastedEntry[]; unparsed: UnparsedLine[] } {
  const entries: Pending[] = [];
  const unparsed: UnparsedLine[] = [];
  const assumeDate = opts?.assumeDate?.trim() || undefined;
  const assumeZone = opts?.assumeZone?.trim() || undefined;
  const assumeDateValid = assumeDate === undefined || isIsoDate(assumeDate);

  let zoneProblem: string | undefined;
  if (assumeZone) {
    const probe = parseInstant(`2000-01-01 12:00 ${assumeZone}`);
    if (!probe.ok) zoneProblem = `The zone set for the paste ('${assumeZone}') is not usable: ${probe.error}`;
  }

  // Date for time-only lines: starts at assumeDate, set by divider lines, rolls over at midnight.
  let baseDate: string | undefined = assumeDateValid ? assumeDate : undefined;
  let dayShift = 0;
  let lastMinuteOfDay: number | undefined;
  let lastAuthor: string | undefined;
  let open: Pending | null = null; // a header line waiting for its text

  const lines = String(input ?? '').split(/\r\n|\r|\n/);
  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    if (raw.trim() === '') return;
    const shown = raw.trim();
    const parsed = parseLine(raw);

    if (parsed.kind === 'divider') {
      open = null;
      baseDate = parsed.date;
      dayShift = 0;
      lastMinuteOfDay = undefined;
      return;
    }
    if (parsed.kind === 'none') {
      if (open) {
        open.text.push(shown);
        return;
      }
      unparsed.push({
        line: lineNo,
        text: shown,
        reason: 'No time found at the start of the line (e.g. "22:04", "[10:04 PM]" or "2016-06-15 22:04 UTC").',
      });
      return;
    }

    open = null;
    const { stamp } = parsed;
    const warnings: string[] = [];
    let date: string | undefined = stamp.date;
    if (!date) {
      if (!assumeDateValid && baseDate === undefined) {
        unparsed.push({
          line: lineNo,
          text: shown,
          reason: `The date set for the paste ('${assumeDate}') is not a valid YYYY-MM-DD date.`,
        });
        return;
      }
      if (baseDate === undefined) {
        unparsed.push({
          line: lineNo,
          text: shown,
          reason: stamp.dateNoYear
            ? `'${stamp.dateNoYear}' has no year: set a date for the paste or write the year on the line.`
            : 'A time without a date: set a date for the paste, or write the date on the line (e.g. "2016-06-15 22:04 UTC").',
        });
        return;
      }
      if (stamp.dateNoYear) {
        date = `${stamp.dateNoYear} ${baseDate.slice(0, 4)}`;
      } else {
        const mod = minuteOfDay(stamp.time, stamp.ampm);
        if (lastMinuteOfDay !== undefined && mod < lastMinuteOfDay - 12 * 60) {
          dayShift += 1;
          warnings.push(
            `The time went back from ${fmtMinute(lastMinuteOfDay)} to ${fmtMinute(mod)}, so this line is taken as the next day (${addDays(baseDate, dayShift)}).`,
          );
        }
        lastMinuteOfDay = mod;
        date = addDays(baseDate, dayShift);
      }
    }

    let zone = stamp.zone;
    if (!zone) {
      if (!assumeZone) {
        unparsed.push({
          line: lineNo,
          text: shown,
          reason:
            "No time zone on the line and none set for the paste: choose a zone for the paste, or write one on the line ('UTC', '+02:00', 'America/Chicago').",
        });
        return;
      }
      if (zoneProblem) {
        unparsed.push({ line: lineNo, text: shown, reason: zoneProblem });
        return;
      }
      zone = assumeZone;
    }

    const r = parseInstant(`${date} ${stamp.time}${stamp.ampm ? ` ${stamp.ampm}` : ''} ${zone}`);
    if (!r.ok) {
      unparsed.push({ line: lineNo, text: shown, reason: r.error });
      return;
    }
    const author = parsed.author ?? (parsed.text === '' ? lastAuthor : undefined);
    if (parsed.author) lastAuthor = parsed.author;
    const entry: Pending = {
      line: lineNo,
      ms: r.instant.getTime(),
      at: r.iso,
      warnings: [...r.warnings, ...warnings],
      text: parsed.text ? [parsed.text] : [],
      author,
      header: parsed.text === '',
      raw: shown,
    };
    entries.push(entry);
    if (entry.header) open = entry;
  });

  const out: { e: PastedEntry; ms: number }[] = [];
  for (const p of entries) {
    let text = p.text.join('\n');
    if (p.header) {
      if (!text && !p.author) {
        unparsed.push({ line: p.line, text: p.raw, reason: 'A time with no text after it.' });
        continue;
      }
      text = p.author ? (text ? `${p.author}: ${text}` : p.author) : text;
    }
    out.push({ e: { at: p.at, text, line: p.line, warnings: p.warnings }, ms: p.ms });
  }
  out.sort((a, b) => a.ms - b.ms); // Array.prototype.sort is stable
  unparsed.sort((a, b) => a.line - b.line);
  return { entries: out.map((o) => o.e), unparsed };
}

function fmtMinute(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
