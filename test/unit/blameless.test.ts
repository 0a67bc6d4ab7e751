import { describe, expect, it } from 'vitest';
import { BLAMELESS_RULES, checkBlameless, checkBlamelessFields } from '~/lib/blameless';
import { BLAMING, NEUTRAL } from '../fixtures/blameless-corpus';

describe('blameless corpus', () => {
  it('has at least 100 blaming and 100 neutral sentences', () => {
    expect(BLAMING.length).toBeGreaterThanOrEqual(100);
    expect(NEUTRAL.length).toBeGreaterThanOrEqual(100);
    for (const e of BLAMING) if (e.expected.length === 0) expect(e.note, e.text).toMatch(/^known miss/);
    for (const e of NEUTRAL) expect(e.expected).toEqual([]);
    const texts = [...BLAMING, ...NEUTRAL].map((e) => e.text);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it.each(BLAMING.map((e) => [e.text, e] as const))('flags exactly the expected rules: %s', (_t, entry) => {
    const findings = checkBlameless(entry.text, { people: entry.people });
    expect(findings.map((f) => f.rule)).toEqual(entry.expected);
  });

  it('has zero false positives on neutral sentences', () => {
    const falsePositives = NEUTRAL.map((e) => ({ text: e.text, findings: checkBlameless(e.text, { people: e.people }) })).filter(
      (r) => r.findings.length > 0,
    );
    const rate = falsePositives.length / NEUTRAL.length;
    console.log(
      `blameless corpus: ${BLAMING.length} blaming, ${NEUTRAL.length} neutral; ` +
        `false positives ${falsePositives.length}/${NEUTRAL.length} (${(rate * 100).toFixed(1)}%)`,
    );
    for (const fp of falsePositives) console.log('  FP:', fp.text, fp.findings.map((f) => `${f.rule}:"${f.phrase}"`).join(', '));
    expect(falsePositives).toEqual([]);
    expect(rate).toBe(0);
  });

  it('every finding has a valid offset, phrase, message and suggestion; sorted and non-overlapping', () => {
    for (const e of [...BLAMING, ...NEUTRAL]) {
      const findings = checkBlameless(e.text, { people: e.people });
      let prevEnd = -1;
      for (const f of findings) {
        expect(BLAMELESS_RULES).toContain(f.rule);
        expect(f.start).toBeGreaterThanOrEqual(0);
        expect(f.end).toBeGreaterThan(f.start);
        expect(f.end).toBeLessThanOrEqual(e.text.length);
        expect(e.text.slice(f.start, f.end)).toBe(f.phrase);
        expect(f.message.trim().length).toBeGreaterThan(0);
        expect(f.suggestion.trim().length).toBeGreaterThan(0);
        expect(f.start).toBeGreaterThanOrEqual(prevEnd);
        prevEnd = f.end;
      }
    }
  });
});

describe('checkBlameless details', () => {
  const phrase = (text: string, opts?: { people?: string[] }) => checkBlameless(text, opts).map((f) => f.phrase);

  it('points offsets at the phrase', () => {
    const text = 'At 14:02 the on-call engineer should have noticed the error spike.';
    const [f] = checkBlameless(text);
    expect(f.rule).toBe('should-have');
    expect(f.phrase).toBe('should have noticed');
    expect(text.slice(f.start, f.end)).toBe('should have noticed');
    expect(f.suggestion).toBe('What made this hard to notice?');
  });

  it('handles should-have contractions and variants', () => {
    for (const v of ['should have', "should've", 'should’ve', "shouldn't have", 'should not have', 'ought to have', 'should of']) {
      const findings = checkBlameless(`The engineer ${v} checked the dashboard first.`);
      expect(
        findings.map((f) => f.rule),
        v,
      ).toEqual(['should-have']);
    }
  });

  it('human-error suggestion asks about conditions', () => {
    const [f] = checkBlameless('Root cause: Human Error.');
    expect(f.rule).toBe('human-error');
    expect(f.phrase).toBe('Human Error');
    expect(f.suggestion).toMatch(/conditions/i);
  });

  it('failed-to suggestion mentions what was prevented', () => {
    const [f] = checkBlameless('She failed to escalate the incident.');
    expect(f.rule).toBe('failed-to');
    expect(f.phrase).toBe('failed to');
    expect(f.suggestion).toMatch(/^What prevented “escalate the incident”/);
  });

  it('blame variants: flags blame/blamed/to blame, not blameless/blamelessly/blame-free', () => {
    expect(phrase('They blamed the intern.')).toEqual(['blamed']);
    expect(phrase('Who was to blame?')).toEqual(['to blame']);
    expect(phrase('We run blameless reviews and write blamelessly.')).toEqual([]);
    expect(phrase('A blame-free culture matters.')).toEqual([]);
  });

  it('fault variants: "at fault" yes; tolerance / faulted / segfault no', () => {
    expect(phrase('The contractor was at fault.')).toEqual(['at fault']);
    expect(phrase('Fault tolerance is a design goal; the node faulted; a segmentation fault occurred.')).toEqual([]);
    expect(phrase('The disks and their fault domains were rebalanced.')).toEqual([]);
  });

  it('people option: known names are recognised as persons', () => {
    const text = 'Priya failed to rotate the key.';
    expect(checkBlameless(text)).toEqual([]); // unknown capitalised word: could be a product
    const withPeople = checkBlameless(text, { people: ['Priya Natarajan'] });
    expect(withPeople.map((f) => f.rule)).toEqual(['failed-to']);

    const later = 'At 03:00 the pager fired and then priya missed the follow-up page.';
    expect(checkBlameless(later)).toEqual([]);
    const f = checkBlameless(later, { people: ['priya'] });
    expect(f.map((x) => x.rule)).toEqual(['person-as-cause']);
    expect(f[0].phrase).toBe('priya missed');
    expect(f[0].suggestion).toBe('Describe what the system allowed: what made this step easy to miss?');
  });

  it('ambiguous names only count when capitalised', () => {
    expect(checkBlameless('The job will fail to start without a volume.', { people: ['Will'] })).toEqual([]);
    expect(checkBlameless('Will failed to start the job.', { people: ['Will'] }).map((f) => f.rule)).toEqual(['failed-to']);
  });

  it('product names and function words are not people', () => {
    expect(checkBlameless('This broke the checkout flow.')).toEqual([]);
    expect(checkBlameless('Postgres ignored the new setting until restart.')).toEqual([]);
    expect(checkBlameless('The upgrade broke TLS for old clients.')).toEqual([]);
  });

  it('findings are sorted and non-overlapping (longest wins)', () => {
    const text = 'It was human error: Bob forgot to drain the node and the reviewer should have caught it.';
    const findings = checkBlameless(text);
    expect(findings.map((f) => f.rule)).toEqual(['human-error', 'person-as-cause', 'should-have']);
    const starts = findings.map((f) => f.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('never throws on odd input', () => {
    expect(checkBlameless('')).toEqual([]);
    expect(checkBlameless(undefined as unknown as string)).toEqual([]);
    expect(checkBlameless('x'.repeat(10_000))).toEqual([]);
    expect(checkBlameless('should have', { people: ['', '@', 'a', null as unknown as string, '(weird)+name'] })).toEqual([]);
  });
});

describe('checkBlamelessFields', () => {
  it('labels findings with their field and keeps per-field offsets', () => {
    const fields = {
      summary: 'The checkout API returned 500s for 20 minutes.',
      contributingFactors: 'Human error. The engineer should have noticed the alert.',
      timeline: '14:05 Alice forgot to re-enable the health check.',
    };
    const findings = checkBlamelessFields(fields);
    expect(findings.map((f) => [f.field, f.rule])).toEqual([
      ['contributingFactors', 'human-error'],
      ['contributingFactors', 'should-have'],
      ['timeline', 'person-as-cause'],
    ]);
    for (const f of findings) {
      expect(fields[f.field as keyof typeof fields].slice(f.start, f.end)).toBe(f.phrase);
    }
  });

  it('passes people through', () => {
    const findings = checkBlamelessFields({ notes: 'then jdoe ignored the warning' }, { people: ['jdoe'] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ field: 'notes', rule: 'person-as-cause', phrase: 'jdoe ignored' });
  });
});
