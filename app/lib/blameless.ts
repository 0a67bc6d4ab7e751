/**
 * Blameless-language checker.
 *
 * Scans RCA / postmortem prose for blaming phrasing ("human error", "should have
 * noticed", "Bob forgot to…", "at fault", …) and suggests a neutral question or
 * rewording. It is purely advisory: it never throws and never blocks publishing.
 * The editor shows findings inline (via `start`/`end` offsets) and the submit
 * dialog lists them before a review is requested.
 *
 * Browser-safe: no node imports, no dependencies. Runs in the editor too.
 *
 * Design notes / heuristics
 * -------------------------
 * - Matching is whole-word and case-insensitive; straight (') and curly (’)
 *   apostrophes are both accepted ("should've", "didn’t bother").
 * - Many phrases are only blaming when their *subject is a person*. The subject
 *   is estimated from the clause before the phrase (`clauseBefore`): text back
 *   to the previous sentence end, comma, semicolon, or a conjunction like
 *   "and"/"but"/"because"/"when". Inside that window the first word that is a
 *   known person (opts.people), a personal pronoun, a role noun ("engineer",
 *   "operator", "on-call", "developer", "team"…) or a system noun ("script",
 *   "health check", "replica", "deploy", "alert"…) decides the class
 *   (`classifySubject`). A role/system word directly followed by another
 *   role/system/unknown noun is treated as a modifier ("the on-call dashboard"
 *   is a system, "the database engineer" is a person). No POS tagging: this is a
 *   deliberately conservative heuristic that prefers missing a finding over a
 *   false positive on neutral prose.
 * - 'failed-to' ("failed to", "fails to", "fail to", "failing to") is flagged
 *   only when the subject is a person. "The failover script failed to promote
 *   the replica" is about a system and is not flagged. Conditional/policy
 *   clauses ("If the on-call fails to acknowledge, PagerDuty escalates") and
 *   negations ("never failed to") are not flagged either.
 * - 'should-have' ("should have", "should've", "shouldn't have", "should not
 *   have", "ought to have", "should of") is flagged when the subject is a person
 *   ("The on-call engineer should have seen the alert", "We should have had a
 *   canary" — a counterfactual), never when the subject is a system noun ("The
 *   deploy should have taken 5 minutes", "The alert should have fired"), and
 *   otherwise (passive voice, "it"/"this", unknown nouns) only when the verb is
 *   one of diligence/perception ("noticed", "caught", "tested", "reviewed",
 *   "been more careful", "been obvious"…). Passive diligence verbs with a system
 *   agent ("should have been caught by CI") are not flagged.
 * - 'person-as-cause': a person as the subject of a verb of personal failure
 *   (forgot, neglected, ignored, overlooked, missed, broke, messed/screwed up,
 *   botched, didn't bother/check/notice/follow…, accidentally/mistakenly X).
 *   The subject must be the whole clause subject and be one of: a known name
 *   from opts.people (anywhere in the text, matched case-insensitively, "@"
 *   handles allowed); a capitalised first name (+ optional surname) at the
 *   start of a sentence/clause that is not a stop-listed product, weekday or
 *   function word ("PostgreSQL", "Kubernetes", "Terraform", "This" are never
 *   people); a role NP ("the on-call engineer", "the operator") or he/she/
 *   someone/somebody. "We"/"I"/"they" are not flagged here ("we missed our SLO"
 *   is a fact). "missed" followed by SLO/target/deadline-like objects is not
 *   flagged. "caused by <Name | known person | the engineer | someone>" is also
 *   flagged (not when the name is possessive or a modifier: "caused by Erin's
 *   change", "caused by Vector misconfiguration").
 * - 'blame' flags blame/blamed/blaming/to blame/blameworthy, but not
 *   "blameless(ly)", "blame-free", "git blame", or negated uses ("no blame",
 *   "nobody is to blame", "we do not assign blame", "avoid blame").
 * - 'at-fault' flags "at fault" (even for components — it frames the review as
 *   fault assignment; it is advisory), "his/her/their/Alice's fault", "the fault
 *   lies with"; not "fault tolerance", "fault-tolerant", "faulted", "segmentation
 *   fault", "their fault domains", nor negated "nobody was at fault".
 * - Subjects that are people also include teams and roles: "the intern", "Ops", "QA",
 *   "the networking team", "Priya's team", "the SRE on duty", "the author of the change",
 *   "whoever approved this" (`isPersonSubject`). With such a subject, 'person-as-cause' also
 *   covers putting something bad into service ("pushed a bad config", "deployed an untested
 *   build"), acting on the wrong target ("ran the wrong playbook"; not remedies such as "fixed
 *   the wrong label" or "rolled back the bad deploy"), skipping a safeguard, "let X expire",
 *   acting "without testing/telling/reading", "took down", "introduced the bug", and the passive
 *   "introduced/botched/ignored by <person>" and "the root cause is that <person> …". The same
 *   verbs with a system subject ("the deploy bot pushed a bad image") are descriptions.
 * - 'counterfactual': "would not have happened", "could have been avoided", "entirely
 *   preventable", "if <person> had <done>", "Had <person> <done>", "<person> would have caught
 *   it". Counterfactuals about systems ("if the replica had been in another zone", "a rate limit
 *   would have contained it") and "we would have caught this with a test" are not flagged.
 * - 'blame-idiom': "dropped the ball", "asleep at the wheel", "(not) paying attention", "cut
 *   corners", "went rogue", "rookie mistake", "poor judgement", "should know better",
 *   "rubber-stamped", "sat on the alert", "responsible for the outage" (person subject), … Each
 *   idiom carries its own suggestion.
 * - Every regex is compiled once at module level (or once per call for the people list).
 * - Findings never overlap: when two candidates overlap, the longer one wins
 *   (ties: earlier start, then rule order). Results are sorted by start.
 */

export type BlamelessRule =
  | 'human-error'
  | 'should-have'
  | 'failed-to'
  | 'careless'
  | 'negligent'
  | 'at-fault'
  | 'blame'
  | 'didnt-bother'
  | 'person-as-cause'
  | 'mistake-by'
  | 'obvious'
  | 'just'
  | 'incompetent'
  | 'counterfactual'
  | 'blame-idiom';

export type BlamelessFinding = {
  rule: BlamelessRule;
  /** Offset into the input where the phrase starts (inclusive). */
  start: number;
  /** Offset into the input where the phrase ends (exclusive). */
  end: number;
  /** `text.slice(start, end)`. */
  phrase: string;
  message: string;
  suggestion: string;
};

export type BlamelessOptions = {
  /** Known names: the RCA team, responders, chat handles ("@jdoe"). */
  people?: string[];
};

/** All rules in priority order (used for tie-breaking and in the UI). */
export const BLAMELESS_RULES: readonly BlamelessRule[] = [
  'person-as-cause',
  'human-error',
  'should-have',
  'counterfactual',
  'blame-idiom',
  'failed-to',
  'didnt-bother',
  'careless',
  'negligent',
  'at-fault',
  'blame',
  'mistake-by',
  'incompetent',
  'obvious',
  'just',
];

export const BLAMELESS_RULE_INFO: Record<BlamelessRule, { label: string; message: string; suggestion: string }> = {
  'human-error': {
    label: 'Human error',
    message: '“Human error” ends the inquiry where it should start: it names a person instead of the conditions.',
    suggestion: 'Which conditions made this action likely, and what would have made it safer to perform?',
  },
  'should-have': {
    label: 'Counterfactual (“should have”)',
    message: '“Should have” judges past actions with hindsight instead of explaining why they made sense at the time.',
    suggestion: 'What would have made the expected action easier at the time?',
  },
  'failed-to': {
    label: 'Person “failed to”',
    message: '“Failed to” frames a person’s action as a failure rather than describing what happened.',
    suggestion: 'What prevented this from happening? Describe the conditions, not the person.',
  },
  careless: {
    label: 'Careless',
    message: '“Careless” judges a person’s attitude; it does not explain the event.',
    suggestion: 'What made this step error-prone (time pressure, tooling, ambiguity)?',
  },
  negligent: {
    label: 'Negligent',
    message: '“Negligent” is a legal/moral judgement of a person, not a contributing factor.',
    suggestion: 'Which safeguards were missing, or what made the risk invisible at the time?',
  },
  'at-fault': {
    label: 'At fault',
    message: 'Assigning fault focuses the review on who, not on how the system allowed this.',
    suggestion: 'Which contributing factors lined up to allow this?',
  },
  blame: {
    label: 'Blame',
    message: 'Blame discourages candour in future reviews and hides systemic causes.',
    suggestion: 'What happened, and why did the actions make sense at the time?',
  },
  'didnt-bother': {
    label: '“Didn’t bother”',
    message: '“Didn’t bother” assumes a lack of motivation instead of examining the trade-offs.',
    suggestion: 'What made this step seem unnecessary or costly at the time?',
  },
  'person-as-cause': {
    label: 'Person as cause',
    message: 'A person is named as the cause of a failure; describe the action and what the system allowed.',
    suggestion: 'Describe what the system allowed: what made this step easy to miss?',
  },
  'mistake-by': {
    label: 'Mistake attributed to a person',
    message: 'Attributing the mistake to a person stops the analysis at the individual.',
    suggestion: 'Describe the action and the conditions around it: what made this action reasonable at the time?',
  },
  obvious: {
    label: 'Hindsight (“obvious”)',
    message: '“Obvious” is hindsight: it was rarely obvious with the information available at the time.',
    suggestion: 'Which signals were actually visible at the time, and what made them easy to miss?',
  },
  just: {
    label: 'Minimising (“just had to”)',
    message: '“Just had to” minimises the difficulty of the task in the moment.',
    suggestion: 'What made this harder at the time than it looks in hindsight?',
  },
  counterfactual: {
    label: 'Counterfactual (“if … had”, “would not have happened”)',
    message:
      'A counterfactual describes a world that did not happen: it judges the people involved with hindsight and hides why their actions made sense at the time.',
    suggestion: 'Describe what did happen and what the people involved knew then; turn the missing safeguard into a next step instead.',
  },
  'blame-idiom': {
    label: 'Blame idiom',
    message: 'This idiom passes judgement on people instead of describing what happened.',
    suggestion: 'Say what happened and which conditions (workload, signals, tooling, handover) made it likely.',
  },
  incompetent: {
    label: 'Judgement of competence',
    message: 'Judging someone’s competence or diligence does not explain the event and discourages candour.',
    suggestion: 'What skills, training, context or support did the situation require?',
  },
};

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

const AP = "['’]";

/** Pronouns that refer to people (for 'failed-to' / 'should-have'). */
const PERSON_PRONOUNS = new Set([
  'i',
  'we',
  'he',
  'she',
  'they',
  'you',
  'someone',
  'somebody',
  'anyone',
  'anybody',
  'everyone',
  'everybody',
  'whoever',
]);
/** Pronouns allowed as subject of 'person-as-cause' (individuals, not "we"). */
const PAC_PRONOUNS = new Set(['he', 'she', 'someone', 'somebody']);

/** Role nouns (singular; plural "s" is stripped before lookup). */
const ROLE_WORDS = new Set([
  'engineer',
  'operator',
  'developer',
  'dev',
  'on-call',
  'oncall',
  'on-caller',
  'sre',
  'admin',
  'administrator',
  'sysadmin',
  'dba',
  'reviewer',
  'author',
  'responder',
  'commander',
  'manager',
  'lead',
  'team',
  'teammate',
  'colleague',
  'staff',
  'employee',
  'contractor',
  'intern',
  'person',
  'people',
  'human',
  'owner',
  'approver',
  'committer',
  'programmer',
  'analyst',
  'technician',
  'tech',
  'firefighter',
  'primary',
  'secondary',
  'newcomer',
  'hire',
  'member',
  'ops',
  'devops',
  'qa',
  'squad',
  'crew',
]);

/** System nouns (singular; plural "s" is stripped before lookup). */
const SYSTEM_WORDS = new Set([
  'script',
  'job',
  'cronjob',
  'cron',
  'service',
  'microservice',
  'server',
  'host',
  'node',
  'pod',
  'container',
  'cluster',
  'database',
  'db',
  'replica',
  'instance',
  'alert',
  'alarm',
  'monitor',
  'monitoring',
  'alerting',
  'check',
  'healthcheck',
  'probe',
  'deploy',
  'deployment',
  'rollout',
  'release',
  'build',
  'pipeline',
  'process',
  'daemon',
  'worker',
  'queue',
  'cache',
  'balancer',
  'lb',
  'proxy',
  'api',
  'endpoint',
  'request',
  'query',
  'timer',
  'config',
  'configuration',
  'system',
  'disk',
  'volume',
  'network',
  'dns',
  'certificate',
  'cert',
  'migration',
  'backup',
  'restore',
  'failover',
  'switch',
  'router',
  'firewall',
  'scheduler',
  'controller',
  'app',
  'application',
  'client',
  'library',
  'sdk',
  'agent',
  'daemonset',
  'canary',
  'test',
  'suite',
  'ci',
  'cd',
  'staging',
  'tooling',
  'tool',
  'automation',
  'bot',
  'dashboard',
  'page',
  'pager',
  'runbook',
  'playbook',
  'timeout',
  'threshold',
  'limit',
  'quota',
  'setting',
  'flag',
  'feature',
  'toggle',
  'hook',
  'webhook',
  'lambda',
  'function',
  'runner',
  'compiler',
  'linter',
  'validator',
  'validation',
  'gateway',
  'ingress',
  'mesh',
  'sidecar',
  'broker',
  'consumer',
  'producer',
  'topic',
  'partition',
  'shard',
  'index',
  'table',
  'schema',
  'vm',
  'machine',
  'fleet',
  'region',
  'zone',
  'link',
  'connection',
  'socket',
  'kernel',
  'os',
  'firmware',
  'nic',
  'cpu',
  'memory',
  'storage',
  'bucket',
  'upgrade',
  'patch',
  'update',
  'code',
  'commit',
  'retry',
  'retries',
  'heartbeat',
  'leader',
  'election',
  'quorum',
  'orchestrator',
  'terraform',
  'kubernetes',
  'k8s',
  'autoscaler',
  'hpa',
  'limiter',
  'breaker',
  'circuit',
  'watchdog',
  'rotation',
  'console',
  'ui',
  'frontend',
  'backend',
  'mobile',
  'website',
  'site',
  'environment',
  'integration',
  'stage',
  'step',
  'task',
  'workflow',
  'replication',
  'tls',
  'ssl',
  'vpn',
  'logic',
  'loop',
  'laptop',
  'instrumentation',
]);

/** Words that are never first names (function words, days, months, products). */
const NAME_STOPLIST = new Set(
  (
    'the this that these those it its there then they them their we our us he she his her you your i me my ' +
    'someone somebody everyone everybody nobody anyone anybody which what who whom whose when where why how ' +
    'also after before during while once since until later meanwhile eventually subsequently afterwards ' +
    'however unfortunately fortunately apparently initially finally nothing everything something automation ' +
    'monitoring alerting nobody both each every either neither all some many most none another other ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december today yesterday tomorrow tonight ' +
    'kubernetes terraform postgres postgresql mysql mariadb redis kafka nginx envoy istio consul vault chrome ' +
    'firefox safari edge linux windows docker jenkins github gitlab bitbucket aws gcp azure cloudflare datadog ' +
    'pagerduty opsgenie grafana prometheus loki tempo jaeger helm ansible puppet chef salt elasticsearch ' +
    'opensearch kibana logstash mongodb mongo cassandra zookeeper etcd coredns java node python ruby rails rust ' +
    'spark airflow argo argocd flux slack sentry lambda fargate aurora dynamo dynamodb bigquery snowflake ' +
    'vector fluentd fluentbit haproxy traefik varnish memcached rabbitmq celery sidekiq nomad packer ' +
    'spinnaker circleci travis buildkite heroku vercel netlify stripe twilio okta auth0 android ios macos ' +
    'ubuntu debian centos alpine systemd cron bash git npm yarn pip maven gradle webpack vite react next ' +
    'django flask express spring tomcat jetty kestrel iis apache hadoop hive presto trino druid clickhouse ' +
    'pinot flink beam dataflow pubsub sqs sns kinesis s3 ec2 rds eks gke aks cloudwatch cloudtrail route53 ' +
    'certbot letsencrypt openssl ceph gluster minio nfs zfs btrfs xfs ext4 vmware proxmox openstack ' +
    'chaos canary staging production prod dev qa ci cd sre ops devops oncall black cyber christmas ' +
    'thanksgiving easter'
  ).split(/\s+/),
);

/** Common English words that are also first names: only match them capitalised. */
const AMBIGUOUS_NAMES = new Set([
  'will',
  'may',
  'mark',
  'bill',
  'rose',
  'grace',
  'hope',
  'joy',
  'sky',
  'june',
  'april',
  'august',
  'art',
  'pat',
  'rob',
  'sue',
  'jack',
  'frank',
  'grant',
  'chase',
  'drew',
  'lane',
  'dean',
  'hunter',
  'summer',
  'dawn',
  'faith',
  'ivy',
  'max',
  'page',
  'ray',
  'gene',
  'guy',
  'holly',
  'john',
  'don',
  'rich',
  'chip',
  'miles',
  'pierce',
  'case',
  'bob',
  'nick',
  'sage',
  'reed',
  'cliff',
  'penny',
  'amber',
  'crystal',
  'ruby',
  'jade',
  'river',
  'storm',
  'gale',
]);

const ADVERBS =
  'really|probably|definitely|clearly|obviously|certainly|just|also|simply|immediately|quickly|then|' +
  'apparently|again|still|ever|even|at\\s+least|surely';

/** Words that, right after a role/system word, do not turn it into a modifier. */
const NON_NOUN_FOLLOWERS = new Set(
  (
    'who whom whose which that on in at of for from with by to and or but was were is are had has have did does ' +
    'do then also just simply still already again never not apparently clearly obviously really probably ' +
    'should could would might must can will may accidentally mistakenly carelessly inadvertently wrongly ' +
    'immediately quickly eventually later initially repeatedly completely totally even'
  ).split(/\s+/),
);

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

type Ctx = {
  text: string;
  /** Lower-cased known name tokens (full handles and each name part). */
  nameTokens: Set<string>;
  /** Regex matching any known name at a position (sticky-friendly source). */
  nameSource: string | null;
  /** Any known name, not inside a word (global). */
  nameAnywhere: RegExp | null;
  /** A known name at the start of a string. */
  nameAtStart: RegExp | null;
};

type Candidate = { rule: BlamelessRule; start: number; end: number; suggestion?: string };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normaliseWord(w: string): string {
  let x = w.toLowerCase().replace(/[’]/g, "'");
  if (x.endsWith("'s")) x = x.slice(0, -2);
  else if (x.endsWith("'")) x = x.slice(0, -1);
  return x;
}

function singular(w: string): string {
  if (w.length > 3 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

function isRole(w: string): boolean {
  return ROLE_WORDS.has(w) || ROLE_WORDS.has(singular(w));
}
function isSystem(w: string): boolean {
  return SYSTEM_WORDS.has(w) || SYSTEM_WORDS.has(singular(w));
}

function buildCtx(text: string, opts?: BlamelessOptions): Ctx {
  const nameTokens = new Set<string>();
  const alternatives: string[] = [];
  const people = Array.isArray(opts?.people) ? opts!.people : [];
  for (const raw of people) {
    if (typeof raw !== 'string') continue;
    const name = raw.trim().replace(/^@/, '');
    if (name.length < 2) continue;
    const parts = name.split(/\s+/).filter((p) => p.length >= 2);
    const variants = new Set<string>([name, ...parts]);
    for (const v of variants) {
      const lower = v.toLowerCase();
      nameTokens.add(lower);
      // Ambiguous common words ("Will", "Mark") only count when capitalised: see isKnownName.
      alternatives.push(escapeRegExp(v));
    }
  }
  // Longest first so "Alice Smith" wins over "Alice".
  alternatives.sort((a, b) => b.length - a.length);
  const nameSource = alternatives.length ? `@?(?:${alternatives.join('|')})` : null;
  return {
    text,
    nameTokens,
    nameSource,
    nameAnywhere: nameSource ? new RegExp(`(?<![\\w@])${nameSource}(?![\\w])`, 'gi') : null,
    nameAtStart: nameSource ? new RegExp(`^${nameSource}(?![\\w])`, 'i') : null,
  };
}

/** Does `s` (whole) consist of exactly a known name? */
function isKnownName(ctx: Ctx, s: string): boolean {
  const t = s.trim().replace(/^@/, '');
  if (!t) return false;
  const lower = t.toLowerCase();
  if (!ctx.nameTokens.has(lower)) {
    // Multi-word: every token known ("Alice Smith" when only "Alice Smith" given is covered above).
    return false;
  }
  const first = lower.split(/\s+/)[0];
  if (AMBIGUOUS_NAMES.has(first) && !/^[A-Z]/.test(t)) return false;
  return true;
}

/** Capitalised first name (+ optional surname) that is not a stop-listed word. */
function looksLikeName(s: string): boolean {
  const t = s.trim();
  if (!/^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?$/.test(t)) return false;
  return t.split(/\s+/).every((p) => !NAME_STOPLIST.has(p.toLowerCase()) && p.length >= 2);
}

const BOUNDARY_WORDS =
  'and|but|because|so|when|whenever|while|after|before|since|although|though|until|unless|once(?!\\s+again)|or|then|if|' +
  'that|think|thought|believe|believed|expect|expected|assume|assumed|said|says|noted|felt|knew|know|agreed|' +
  'estimated|means|meant|whereas|where';
const CONDITIONAL_WORDS = new Set(['if', 'when', 'whenever', 'unless', 'once', 'until', 'in case']);

const CLAUSE_BOUNDARY_RE = new RegExp(
  `(?:[.!?](?=\\s|$)|:(?=\\s|$)|[;\\n()\\[\\]"“”,]|\\s[-–—]\\s|\\b(?:${BOUNDARY_WORDS}|in\\s+case)\\b)`,
  'gi',
);

type Clause = { start: number; window: string; boundary: string; boundaryStart: number };

/**
 * The clause text before `idx`: back to the previous sentence end, punctuation
 * boundary or conjunction. `boundary` is the lower-cased boundary token ('' for
 * punctuation / start of text).
 */
function clauseBefore(text: string, idx: number): Clause {
  const from = Math.max(0, idx - 240);
  const chunk = text.slice(from, idx);
  const re = CLAUSE_BOUNDARY_RE;
  re.lastIndex = 0;
  let lastEnd = 0;
  let lastStart = 0;
  let boundary = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(chunk))) {
    lastStart = m.index;
    lastEnd = m.index + m[0].length;
    boundary = /^[a-z]/i.test(m[0]) ? m[0].toLowerCase().replace(/\s+/g, ' ') : '';
  }
  if (from > 0 && lastEnd === 0) boundary = '';
  return { start: from + lastEnd, window: chunk.slice(lastEnd), boundary, boundaryStart: from + lastStart };
}

/**
 * Like clauseBefore, but an empty clause after "and"/"but"/"then"/"or"/"so"
 * inherits the previous clause's subject ("The engineer failed to escalate and
 * should have paged…" → subject "The engineer").
 */
function subjectClause(text: string, idx: number): Clause {
  let c = clauseBefore(text, idx);
  for (let i = 0; i < 3; i++) {
    if (c.window.trim() !== '' || !/^(?:and|but|then|or|so)$/.test(c.boundary) || c.boundaryStart <= 0) break;
    const prev = clauseBefore(text, c.boundaryStart);
    c = { ...prev, boundary: prev.boundary || c.boundary };
  }
  return c;
}

type SubjectClass = 'person' | 'system' | 'other';

/**
 * Classify the subject of a clause window (see header comment). `before` is the
 * sentence text preceding the window: a bare "they" whose nearest antecedent
 * there is a system noun ("the pods restarted and they failed to rejoin") is a
 * system.
 */
function classifySubject(ctx: Ctx, window: string, before = ''): SubjectClass {
  const cls = classifySubjectInner(ctx, window);
  if (cls === 'person' && /^\s*they\b/i.test(window) && before) {
    const sentence = before.split(/[.!?](?=\s)|\n/).pop() ?? '';
    if (lastClass(sentence) === 'system') return 'system';
  }
  return cls;
}

/** Class of the last role/system/pronoun word in `s` (for cheap anaphora). */
function lastClass(s: string): SubjectClass {
  const words = (s.match(/[A-Za-z][A-Za-z0-9'’-]*/g) ?? []).map(normaliseWord);
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i];
    if (PERSON_PRONOUNS.has(w) || isRole(w)) return 'person';
    if (isSystem(w)) return 'system';
  }
  return 'other';
}

const POSSESSIVE_THING_RE = new RegExp(`^${AP}s\\s+[a-z]`, 'i');
const POSSESSIVE_AFTER_RE = new RegExp(`^${AP}s?\\b`);

function classifySubjectInner(ctx: Ctx, window: string): SubjectClass {
  if (ctx.nameAnywhere) {
    const re = ctx.nameAnywhere;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(window))) {
      if (!isKnownName(ctx, m[0])) continue;
      // A known name counts only if it is not a modifier ("Alice's laptop").
      const after = window.slice(m.index + m[0].length);
      const possessiveThing = POSSESSIVE_THING_RE.test(after);
      const before = window.slice(0, m.index);
      const sys = firstClass(before);
      if (!possessiveThing && sys !== 'system') return 'person';
      break;
    }
  }
  return firstClass(window);
}

function firstClass(window: string): SubjectClass {
  const words = (window.match(/[A-Za-z][A-Za-z0-9'’-]*/g) ?? []).map(normaliseWord);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    if (PERSON_PRONOUNS.has(w)) return 'person';
    if (w === 'on' && next === 'call') return 'person';
    const role = isRole(w);
    const sys = isSystem(w);
    if (!role && !sys) continue;
    // Modifier check: a class word directly followed by a noun-ish word is a modifier.
    const isModifier = next !== undefined && !NON_NOUN_FOLLOWERS.has(next) && !/(?:ed|ly)$/.test(next) && next !== 'call';
    if (role && w === 'operator' && i > 0) {
      // "the Kubernetes operator" is software; "the operator" / "the night operator" is a person.
      const prev = words[i - 1];
      if (!['the', 'an', 'a', 'our', 'their', 'that', 'this', 'human', 'shift', 'night', 'duty', 'console', 'system'].includes(prev)) {
        if (!isModifier) return 'system';
        continue;
      }
    }
    if (isModifier) continue;
    if (w === 'primary' || w === 'secondary') {
      // "the primary failed to…" is a database, not the primary on-call.
      return 'system';
    }
    return role ? 'person' : 'system';
  }
  return 'other';
}

const NEGATION_RE = new RegExp(
  `\\b(?:no|not|never|nobody|none|neither|nor|without|avoid|avoids|avoiding|avoided|rather\\s+than|instead\\s+of|free\\s+of|no[- ]one)\\b|n${AP}t\\b|\\bnon-$`,
  'i',
);

function isNegated(window: string): boolean {
  const tail = window.split(/\s+/).slice(-6).join(' ');
  return NEGATION_RE.test(tail);
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/** Every match of a global regex compiled once at module level (its `lastIndex` is reset first; never nest two loops over one regex). */
function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  const r = re.global ? re : new RegExp(re.source, re.flags + 'g');
  r.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = r.exec(text))) {
    if (m[0].length === 0) {
      r.lastIndex++;
      continue;
    }
    yield m;
  }
}

const HUMAN_ERROR_RE = new RegExp(
  String.raw`\b(?:human|operator|personnel|pilot)[\s-]+(?:errors?|mistakes?)\b(?!\s+(?:logs?|messages?|rates?|counts?|codes?|handling|handlers?|budgets?|metrics?|spikes?|events?))` +
    String.raw`|\bfat[\s-]?finger(?:ed|ing|s)?\b|\bpebkac\b|\bpebcak\b|\bid10t\b|\blayer[\s-]?8\s+(?:issue|problem|error)s?\b`,
  'gi',
);

function ruleHumanError(ctx: Ctx, out: Candidate[]) {
  for (const m of matches(HUMAN_ERROR_RE, ctx.text)) {
    if (/^operator/i.test(m[0])) {
      // "the Postgres operator error" → software.
      const prev = ctx.text.slice(Math.max(0, m.index - 30), m.index).match(/([A-Za-z0-9-]+)\s*$/);
      if (prev && /^[A-Z]/.test(prev[1]) && NAME_STOPLIST.has(prev[1].toLowerCase())) continue;
    }
    out.push({ rule: 'human-error', start: m.index, end: m.index + m[0].length });
  }
}

const SHOULD_ACTIVE_HUMAN = new Set(
  (
    'noticed seen caught spotted known realized realised recognized recognised checked double-checked verified ' +
    'validated tested reviewed read looked asked escalated followed waited thought remembered anticipated ' +
    'foreseen predicted paid listened investigated confirmed questioned understood heeded acted responded ' +
    'double-checked tried'
  ).split(/\s+/),
);
const SHOULD_PASSIVE_HUMAN = new Set(
  (
    'noticed caught spotted seen tested reviewed checked double-checked verified validated read followed ' +
    'escalated questioned obvious clear apparent careful aware attentive vigilant cautious diligent thorough ' +
    'known foreseen anticipated predicted understood'
  ).split(/\s+/),
);

const IRREGULAR_PARTICIPLES = new Set(
  (
    'been had seen known caught done made taken gone run read thought told kept felt put set got gotten sent ' +
    'built spent left lost paid held brought found understood written hit cut let shut begun drawn driven ' +
    'given chosen spoken stood heard meant sought taught foreseen withdrawn undone rerun rewritten split ' +
    'spun shown grown thrown woken broken frozen forgotten ridden swept struck'
  ).split(/\s+/),
);

function looksLikeParticiple(w: string): boolean {
  if (!w) return false;
  if (IRREGULAR_PARTICIPLES.has(w)) return true;
  return /^[a-z-]{3,}(?:ed)$/.test(w) && !/^(?:need|seed|feed|speed|bleed|breed|greed|shed|bed|red|bred)$/.test(w);
}

function shouldHaveSuggestion(verb: string): string {
  const v = verb.toLowerCase();
  if (/^(noticed|seen|caught|spotted|heeded|listened)$/.test(v)) return 'What made this hard to notice?';
  if (/^(known|realized|realised|recognized|recognised|understood|foreseen|anticipated|predicted|aware|obvious|clear|apparent)$/.test(v))
    return 'What information was available at the time, and what made the risk hard to see?';
  if (/^(checked|double-checked|verified|validated|tested|reviewed|confirmed|investigated|read|looked)$/.test(v))
    return 'What made this check hard to do, or easy to skip, at the time?';
  if (/^(followed)$/.test(v)) return 'What made the documented procedure hard to follow in the moment?';
  if (/^(asked|escalated|questioned)$/.test(v)) return 'What made escalating or asking for help feel costly or unclear?';
  if (/^(waited)$/.test(v)) return 'What pressures encouraged moving quickly?';
  if (/^(careful|attentive|vigilant|cautious|diligent|thorough)$/.test(v))
    return 'What made this step error-prone, and what would make it safe without relying on extra care?';
  return BLAMELESS_RULE_INFO['should-have'].suggestion;
}

const SHOULD_HAVE_RE = new RegExp(
  `\\b(?:should(?:n${AP}t|\\s+not)?|ought(?:n${AP}t|\\s+not)?\\s+to)(?:\\s+(?:${ADVERBS}))?\\s+(?:have|of)\\b` +
    `|\\bshould(?:n${AP}t)?${AP}ve\\b`,
  'gi',
);
const SHOULD_VERB_RE = new RegExp(
  `^((?:\\s+(?:${ADVERBS}))*\\s+)(been\\s+)?((?:(?:more|less|very|much|far|a\\s+bit|a\\s+lot|so|that)\\s+)?)(?:(?:${ADVERBS})\\s+)?([A-Za-z][A-Za-z-]*)`,
  'i',
);

function ruleShouldHave(ctx: Ctx, out: Candidate[]) {
  const text = ctx.text;
  for (const m of matches(SHOULD_HAVE_RE, text)) {
    const start = m.index;
    const afterIdx = start + m[0].length;
    const tail = text.slice(afterIdx);
    const vm = SHOULD_VERB_RE.exec(tail);
    const passive = !!vm?.[2];
    const verb = vm ? vm[4].toLowerCase() : '';
    // "should have" + non-participle is present-tense possession / a recommendation
    // ("we should have a second approver"), not a counterfactual.
    if (!passive && !looksLikeParticiple(verb)) continue;
    const end = vm ? afterIdx + vm[0].length : afterIdx;

    const clause = subjectClause(text, start);
    const subj = classifySubject(ctx, clause.window, text.slice(0, clause.start));
    let flag: boolean;
    if (subj === 'system' && !passive) flag = false;
    else if (passive) {
      flag = SHOULD_PASSIVE_HUMAN.has(verb);
      if (flag) {
        // "should have been caught by CI / in staging" → a system agent.
        const agent = /^\s+(?:by|in|during|with)\s+(?:the\s+|our\s+|a\s+|an\s+|its\s+)?([A-Za-z0-9-]+)(?:\s+([A-Za-z0-9-]+))?/i.exec(
          text.slice(end),
        );
        if (agent) {
          const a1 = agent[1].toLowerCase();
          const a2 = agent[2]?.toLowerCase();
          const head = a2 && !NON_NOUN_FOLLOWERS.has(a2) && !/^(?:before|after|during|until)$/.test(a2) ? a2 : a1;
          if (isSystem(head)) flag = false;
        }
      }
    } else if (subj === 'person') flag = true;
    else flag = SHOULD_ACTIVE_HUMAN.has(verb);
    if (!flag) continue;
    out.push({ rule: 'should-have', start, end, suggestion: shouldHaveSuggestion(verb) });
  }
}

function ruleFailedTo(ctx: Ctx, out: Candidate[]) {
  const re = /\b(?:failed|fails|fail|failing)\s+to\b/gi;
  const text = ctx.text;
  for (const m of matches(re, text)) {
    const clause = subjectClause(text, m.index);
    if (CONDITIONAL_WORDS.has(clause.boundary)) continue; // policy / hypothetical
    if (/\b(?:never|not|n['’]t)\s*$/i.test(clause.window)) continue; // "never failed to"
    if (classifySubject(ctx, clause.window, text.slice(0, clause.start)) !== 'person') continue;
    const rest = /^\s+([A-Za-z][A-Za-z-]*(?:\s+(?:the|a|an|to|on|in|its|their|his|her)?\s*[A-Za-z][A-Za-z-]*)?)/.exec(
      text.slice(m.index + m[0].length),
    );
    const what = rest ? rest[1].trim() : '';
    out.push({
      rule: 'failed-to',
      start: m.index,
      end: m.index + m[0].length,
      suggestion: what ? `What prevented “${what}” from happening at the time? Describe the conditions, not the person.` : undefined,
    });
  }
}

function simpleRule(ctx: Ctx, out: Candidate[], rule: BlamelessRule, re: RegExp, negatable = false) {
  for (const m of matches(re, ctx.text)) {
    if (negatable && isNegated(clauseBefore(ctx.text, m.index).window + ' ')) {
      // isNegated looks at the words before the phrase within its clause.
      continue;
    }
    out.push({ rule, start: m.index, end: m.index + m[0].length });
  }
}

const CARELESS_RE = new RegExp(
  `\\b(?:careless(?:ly|ness)?|sloppy|sloppily|sloppiness|reckless(?:ly|ness)?)\\b` +
    `|\\b(?:was|were|is|are|been|be|being)(?:n${AP}t|\\s+not)\\s+(?:very\\s+|being\\s+)?careful(?:\\s+enough)?\\b`,
  'gi',
);

function ruleCareless(ctx: Ctx, out: Candidate[]) {
  simpleRule(ctx, out, 'careless', CARELESS_RE);
}

function ruleNegligent(ctx: Ctx, out: Candidate[]) {
  simpleRule(ctx, out, 'negligent', /\bnegligen(?:t|tly|ce)\b/gi, true);
}

const DIDNT_BOTHER_RE = new RegExp(
  `\\b(?:did(?:n${AP}?t|\\s+not)|didnt|never|couldn${AP}?t\\s+be|could\\s+not\\s+be|wasn${AP}?t|weren${AP}?t)\\s+(?:even\\s+)?bother(?:ed)?(?:\\s+to)?\\b` +
    `|\\bnot\\s+(?:even\\s+)?bothering(?:\\s+to)?\\b` +
    `|\\b(?:nobody|no[- ]one)\\s+(?:[\\w-]+\\s+){0,4}?(?:even\\s+)?bothered(?:\\s+to)?\\b`,
  'gi',
);

function ruleDidntBother(ctx: Ctx, out: Candidate[]) {
  simpleRule(ctx, out, 'didnt-bother', DIDNT_BOTHER_RE);
}

const FAULT_TERMINATOR = `(?=\\s*(?:$|[.,;:!?)"”—–]|\\s-\\s)|\\s+(?:that|for|if|when|and|but|because|as|since|though|here|this|again)\\b)`;

const POSSESSIVE_FAULT_RE = new RegExp(
  `\\b(his|her|their|your|my|whose|someone${AP}s|somebody${AP}s|[A-Za-z][A-Za-z-]*${AP}s)\\s+(?:own\\s+)?(fault|mistake|error|blunder|screw-?up|oversight|slip-?up|doing)s?\\b${FAULT_TERMINATOR}`,
  'gi',
);
const POSSESSIVE_SUFFIX_RE = new RegExp(`${AP}s$`);

function ruleAtFaultAndMistake(ctx: Ctx, out: Candidate[]) {
  const text = ctx.text;
  // "at fault"
  for (const m of matches(/\bat\s+fault\b(?![-‐])/gi, text)) {
    if (isNegated(clauseBefore(text, m.index).window)) continue;
    out.push({ rule: 'at-fault', start: m.index, end: m.index + m[0].length });
  }
  // "fault lies with"
  for (const m of matches(/\b(?:the\s+)?fault\s+(?:lies|lay|lied|rests|rested|is|was)\s+(?:squarely\s+|entirely\s+)?with\b/gi, text)) {
    if (isNegated(clauseBefore(text, m.index).window)) continue;
    out.push({ rule: 'at-fault', start: m.index, end: m.index + m[0].length });
  }
  // Possessive: "his fault", "Alice's mistake", "their error."
  for (const m of matches(POSSESSIVE_FAULT_RE, text)) {
    const owner = m[1];
    const ownerBase = owner.replace(POSSESSIVE_SUFFIX_RE, '');
    const isPronoun = /^(his|her|their|your|my|whose|someone|somebody)$/i.test(ownerBase);
    if (!isPronoun) {
      const known = isKnownName(ctx, ownerBase);
      const role = isRole(ownerBase.toLowerCase());
      const name = looksLikeName(ownerBase);
      if (!known && !role && !name) continue;
    }
    if (isNegated(clauseBefore(text, m.index).window)) continue;
    const kind = m[2].toLowerCase();
    out.push({ rule: kind === 'fault' || kind === 'doing' ? 'at-fault' : 'mistake-by', start: m.index, end: m.index + m[0].length });
  }
  // "the fault of the engineer", "a mistake by Alice", "an error made by the operator"
  const ofRe =
    /\b(fault|mistakes?|errors?|blunders?|oversights?|screw-?ups?|lapses?|slip-?ups?)\s+(?:made\s+|committed\s+)?(?:by|of|from)\s+/gi;
  for (const m of matches(ofRe, text)) {
    const after = m.index + m[0].length;
    const span = personPhraseAt(ctx, after);
    if (span === null) continue;
    if (isNegated(clauseBefore(text, m.index).window)) continue;
    out.push({ rule: /^fault$/i.test(m[1]) ? 'at-fault' : 'mistake-by', start: m.index, end: span });
  }
}

/**
 * If a person phrase starts at `idx` (known name, capitalised name, role NP,
 * someone/him/her), return its end offset; otherwise null. The phrase must not
 * be a modifier ("Vector misconfiguration", "Erin's change", "the engineer's laptop").
 */
function personPhraseAt(ctx: Ctx, idx: number, checkFollower = true, limit?: number): number | null {
  const text = ctx.text;
  const rest = text.slice(idx, limit === undefined ? undefined : idx + limit);
  let end: number | null = null;
  if (ctx.nameAtStart) {
    const m = ctx.nameAtStart.exec(rest);
    if (m && isKnownName(ctx, m[0])) end = idx + m[0].length;
  }
  if (end === null) {
    const m = /^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?![\w])/.exec(rest);
    if (m && looksLikeName(m[0])) end = idx + m[0].length;
  }
  if (end === null) {
    const m = /^(?:someone|somebody|him|her|a\s+human|a\s+person)\b/i.exec(rest);
    if (m) end = idx + m[0].length;
  }
  if (end === null) {
    const m = /^(?:the|an?|our|their|one\s+of\s+the|one\s+of\s+our)\s+((?:[A-Za-z-]+\s+){0,2})([A-Za-z-]+)\b/i.exec(rest);
    if (m && (limit === undefined || m[0].length === rest.length)) {
      const head = m[2].toLowerCase();
      const mods = m[1].trim().toLowerCase().split(/\s+/).filter(Boolean);
      const modsOk = mods.every(
        (w) =>
          isRole(w) ||
          /^(new|junior|senior|primary|secondary|night|weekend|human|responsible|same|other|on-call|oncall|sre|database|platform|infra|infrastructure|payments|release)$/.test(
            w,
          ),
      );
      const operatorOk = head !== 'operator' || mods.length === 0 || mods.every((w) => !NAME_STOPLIST.has(w));
      if (isRole(head) && modsOk && operatorOk && !/^(?:primary|secondary|tech)$/.test(head)) end = idx + m[0].length;
      else if (head === 'team' && modsOk) end = idx + m[0].length;
    }
  }
  if (end === null) return null;
  // Reject possessives and modifiers.
  const after = text.slice(end);
  if (POSSESSIVE_AFTER_RE.test(after)) return null;
  const next = /^\s+([A-Za-z][A-Za-z'’-]*)/.exec(after);
  if (checkFollower && next && !/^\s*[.,;:!?)"”—–]/.test(after)) {
    const w = next[1].toLowerCase();
    if (!NON_NOUN_FOLLOWERS.has(w) && !/ing$/.test(w) && !/^(earlier|yesterday|today|last|during|while|after|before|when)$/.test(w))
      return null;
  }
  return end;
}

function ruleBlame(ctx: Ctx, out: Candidate[]) {
  const re =
    /\b(?:blam(?:e|es|ed|ing)|blameworthy|blamable|blameable)\b(?![-‐](?:free|less|aware|averse|safe|tolerant))(?!\s+(?:view|output|annotations?|log|history|data|tool|command)\b)/gi;
  for (const m of matches(re, ctx.text)) {
    const before = ctx.text.slice(Math.max(0, m.index - 20), m.index);
    if (/\b(?:git|svn|hg|cvs)\s+$/i.test(before) || /`\s*$/.test(before)) continue;
    const clause = clauseBefore(ctx.text, m.index);
    if (isNegated(clause.window)) continue;
    // "to blame": include "to" in the phrase when present.
    const to = /\bto\s+$/i.exec(before);
    const start = to && /^blame$/i.test(m[0]) ? m.index - to[0].length : m.index;
    out.push({ rule: 'blame', start, end: m.index + m[0].length });
  }
}

const OBVIOUS_NEGATED_RE = new RegExp(`\\b(?:no|not|never|nothing|none|n${AP}t|less|hardly|far\\s+from)\\b(?:\\s+\\w+){0,2}\\s*$`, 'i');

function ruleObvious(ctx: Ctx, out: Candidate[]) {
  for (const m of matches(/\bobvious(?:ly)?\b/gi, ctx.text)) {
    const before = ctx.text.slice(Math.max(0, m.index - 40), m.index);
    if (/(?:non|un)[-‐]?$/i.test(before)) continue;
    if (OBVIOUS_NEGATED_RE.test(before)) continue;
    if (/n['’]t(?:\s+\w+){0,2}\s*$/i.test(before)) continue;
    out.push({ rule: 'obvious', start: m.index, end: m.index + m[0].length });
  }
}

function ruleJust(ctx: Ctx, out: Candidate[]) {
  const text = ctx.text;
  for (const m of matches(/\b(?:just|simply)\s+(?:had|needed|has|needs|have|need)\s+to\b/gi, text)) {
    const clause = clauseBefore(text, m.index);
    const words = (clause.window.match(/[A-Za-z][A-Za-z'’-]*/g) ?? []).map(normaliseWord);
    if (words.some((w) => w === 'we' || w === 'i' || w === 'us')) continue;
    if (classifySubject(ctx, clause.window) !== 'person') continue;
    out.push({ rule: 'just', start: m.index, end: m.index + m[0].length });
  }
  const allRe =
    /\b[Aa]ll\s+(?:(?:he|she|they|you|someone|somebody)|[A-Z][a-z]+|(?:the|our)\s+[A-Za-z-]+(?:\s+[A-Za-z-]+)?)\s+(?:had|needed|has|needs)\s+to\s+do\s+(?:was|is)\b/g;
  for (const m of matches(allRe, text)) out.push({ rule: 'just', start: m.index, end: m.index + m[0].length });
}

const INCOMPETENT_RE = new RegExp(
  String.raw`\b(?:incompeten(?:t|tly|ce)|inept(?:itude|ly)?|stupid(?:ity|ly)?|idiot(?:ic|s)?|clueless|laziness|ignorant)\b` +
    String.raw`|\b(?:was|were|being|been|is|are|too|so|quite|pretty)\s+lazy\b(?!\s+(?:load|loaded|loading|loads|eval|evaluation|evaluated|init|initialization|initialisation|initialized|initialised|val|static|import|imported|binding|mode|connections?|iterators?|fetch|fetched|fetching))` +
    String.raw`|\blazy\s+(?:engineer|developer|operator|reviewer|person|people|team|sre|admin)s?\b`,
  'gi',
);

function ruleIncompetent(ctx: Ctx, out: Candidate[]) {
  simpleRule(ctx, out, 'incompetent', INCOMPETENT_RE, true);
}

const PAST_OBJ = String.raw`(?:[a-z]+ed|ran|took|made|put|sent|gave|hit|chose|wrote|set|built|kept\s+[a-z]+ing)`;

/** Putting something into service: with "a bad/broken/untested …" object, a person as subject is named as the cause. */
const SHIP_VERBS = String.raw`(?:pushed|deployed|shipped|merged|released|rolled\s+out|pushed\s+out|committed|applied|approved|wrote|uploaded|published|promoted|landed|submitted|configured|kept\s+(?:pushing|deploying|shipping|merging))`;
/** Fixing something wrong or broken is not a failure ("rolled back the bad deploy", "replaced the broken disk"). */
const REMEDIAL_VERBS = `(?:fixed|corrected|replaced|removed|reverted|rolled|repaired|found|spotted|noticed|identified|flagged|reported|caught|detected|diagnosed|investigated|isolated|quarantined|patched|updated|renamed|relabell?ed|documented|explained|described|debugged|traced|located)`;

/** A person as the subject of these is a personal failure, whatever the rest of the sentence says. */
const PAC_VERBS =
  `(?:forgot(?:ten)?(?:\\s+to)?|neglected(?:\\s+to)?|ignored|overlooked|botched|broke|missed|` +
  `messed\\s+up|screwed\\s+up|fat[- ]?fingered|` +
  `misconfigured|mistyped|misread|misjudged|mishandled|mislabell?ed|fumbled|bungled|overrode|bypassed|circumvented|disregarded|` +
  `(?:took|brought|knocked)\\s+(?:down|over)|chose\\s+to\\s+(?:ignore|skip|bypass|disregard|override)|decided\\s+to\\s+(?:ignore|disregard)|` +
  `introduced\\s+(?:the|a|an|this|that)\\s+(?:[\\w-]+\\s+)?(?:bugs?|regressions?|leaks?|outages?|defects?|race(?:\\s+conditions?)?|deadlocks?|errors?|vulnerabilit(?:y|ies)|breaking\\s+changes?)|` +
  `caused\\s+(?:the|this|an?|today${AP}s)\\s+(?:[\\w-]+\\s+)?(?:outages?|incidents?|failures?|downtime|data\\s+loss|regressions?|breach(?:es)?)|` +
  `(?:wiped|deleted|dropped|truncated|overwrote|purged|erased|removed|killed)\\s+(?:the\\s+|a\\s+|an\\s+|all\\s+(?:of\\s+)?(?:the\\s+)?)?(?:production|prod|live|customer|primary)|` +
  `let\\s+(?:the\\s+|a\\s+|an\\s+|our\\s+|its\\s+|their\\s+)?(?:[\\w-]+\\s+){0,2}?(?:expire|lapse|fill\\s+up|run\\s+out)|` +
  `${SHIP_VERBS}\\s+(?:(?:a|an|the|some|two|three|several|this|that)\\s+)?(?:bad|broken|faulty|buggy|untested|unreviewed|unvetted|half-finished|wrong|incorrect)|` +
  `(?!${REMEDIAL_VERBS}\\b)${PAST_OBJ}(?:\\s+(?:out|up|down|in|over|through|back|on))?(?:\\s+(?:to|into|onto|on|at|from|against|in|with))?\\s+(?:(?:a|an|the|some|two|three|several)\\s+)?(?:wrong|incorrect)|` +
  `skipped\\s+(?:the\\s+|a\\s+|an\\s+|all\\s+(?:the\\s+)?)?(?:[\\w-]+\\s+)?(?:canary|canaries|review|tests?|testing|checklist|runbook|steps?|staging|approval|dry[- ]run|validation|verification|backups?|sign-?off|pre-?flight|smoke\\s+tests?|load\\s+tests?|health\\s+checks?|stages?|rollout\\s+plan)\\b|` +
  `${PAST_OBJ}(?:\\s+[\\w'’-]+){0,6}?\\s+without\\s+(?:any\\s+|a\\s+|an\\s+|proper\\s+|prior\\s+|first\\s+|even\\s+)?(?:telling|asking|informing|notifying|warning|testing|checking|reading|reviewing|looking|running|following|verifying|confirming|consulting|double-checking|tests?|review|approval|sign-?off|dry[- ]run|rollback\\s+plan|second\\s+pair\\s+of\\s+eyes|peer\\s+review)|` +
  `(?:did(?:n${AP}?t|\\s+not)|never)\\s+(?:even\\s+)?bother(?:ed)?(?:\\s+to)?|` +
  `(?:did(?:n${AP}?t|\\s+not)|never)\\s+(?:even\\s+)?(?:check|notice|read|follow|test|verify|review|look(?:\\s+at)?|ask|escalate|confirm|double-check|wait|think|see|realise|realize|catch|update|run|page|tell|warn|inform|document|monitor|watch|communicate|roll\\s+back|coordinate|announce|checked|noticed|followed|tested|verified|reviewed|looked(?:\\s+at)?|asked|escalated|confirmed|double-checked|waited|thought|realised|realized|caught|updated|paged|told|warned|informed|documented|monitored|watched|communicated|rolled\\s+back|coordinated|announced|re-?enabled|restored|reverted|followed\\s+up|cleaned\\s+up|(?:turned|switched|put)\\s+(?:it|them|\\w+)\\s+back\\s+on)|` +
  `never\\s+(?:reads|checks|tests|reviews|follows|looks\\s+at|updates|answers|responds\\s+to|escalates|listens\\s+to|documents)|` +
  `(?:accidentally|mistakenly|carelessly|inadvertently|wrongly)\\s+[a-z]+)`;

const PAC_RE = new RegExp(`\\b${PAC_VERBS}\\b`, 'gi');
const MISSED_NON_BLAME_OBJECT =
  /^\s+(?:the\s+|our\s+|its\s+|their\s+|an?\s+|this\s+|that\s+)?(?:\w+\s+)?(?:slos?|slas?|targets?|deadlines?|window|objectives?|budgets?|error\s+budget|quarter|goal|p\d+|heartbeats?|sla)\b/i;
const PAC_LEADING =
  /^(?:\s*(?:(?:then|later|so|also|eventually|subsequently|afterwards|meanwhile|unfortunately|apparently|finally|first|next|here|again|honestly|frankly|clearly)\b|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?:utc|gmt|am|pm|pst|pdt|est|edt|cet|cest|bst|ist|jst|aest))?(?![\w:])|-|–|—)\s*)+/i;
const PAC_TRAILING = new RegExp(
  `(?:\\s+(?:${ADVERBS}|completely|totally|unfortunately|somehow|probably|initially|repeatedly|then|once\\s+again|yet\\s+again|always|once))+\\s*$`,
  'i',
);
const CAUSED_BY_RE =
  /\b(?:caused|introduced|broken|botched|misconfigured|missed|ignored|overlooked)\s+(?:entirely\s+|directly\s+|solely\s+)?by\s+/gi;
const ROOT_CAUSE_RE = /\broot\s+cause\s+(?:is|was)\s+(?:that\s+)?/gi;

/** Teams named by their function ("Ops ran…", "Support escalated…"): people, when they are the whole subject. */
const DEPARTMENT_RE =
  /^(?:ops|devops|netops|secops|infosec|qa|sres?|dbas?|security|support|engineering|frontend|mobile|management|leadership|marketing|sales|finance|product)$/i;
const SUBJECT_DETERMINER =
  /^(?:the|an?|our|their|your|this|that|one\s+of\s+(?:the|our|their)|two|three|four|several|some|both|all(?:\s+(?:the|our))?|many|most|each|every)\s+/i;
const POSTMOD_START = new Set(['on', 'of', 'from', 'in', 'at', 'who', 'that', 'with']);
const IRREGULAR_PAST = new Set(
  'ran took made put sent gave hit chose wrote set built went let brought cut kept left got did had forgot broke read'.split(' '),
);

/**
 * Is `subject` (a whole clause subject) a person or a team of people? Names, he/she/someone, role noun
 * phrases with modifiers and a short post-modifier ("the SRE on duty", "the author of the change",
 * "the person who ran the script"), "<Name>'s team", "whoever …" and teams named by function ("Ops").
 */
const TEAM_POSSESSIVE_RE = new RegExp(`^([A-Za-z][\\w-]*)${AP}s\\s+(?:team|squad|crew)$`, 'i');

function isPersonSubject(ctx: Ctx, subject: string): boolean {
  const s = subject.trim();
  if (!s) return false;
  if (isKnownName(ctx, s) || looksLikeName(s) || PAC_PRONOUNS.has(s.toLowerCase())) return true;
  if (/^(?:someone|somebody)\s+(?:on|in|from)\s+(?:the|our)\s+[\w-]+(?:\s+[\w-]+)?\s+team$/i.test(s)) return true;
  if (s === 'IT' || DEPARTMENT_RE.test(s)) return true;
  if (/^whoever\s+\S/i.test(s) && s.split(/\s+/).length <= 6) return true;
  const poss = TEAM_POSSESSIVE_RE.exec(s);
  if (poss) return isKnownName(ctx, poss[1]) || looksLikeName(poss[1]) || isRole(poss[1].toLowerCase());
  const words = s.replace(SUBJECT_DETERMINER, '').split(/\s+/);
  if (words.length > 10) return false;
  for (let i = 0; i < Math.min(4, words.length); i++) {
    const w = normaliseWord(words[i]);
    if (!isRole(w)) continue;
    const next = words[i + 1]?.toLowerCase();
    if (next !== undefined && !POSTMOD_START.has(next)) continue;
    if (/^(?:primary|secondary|tech)$/.test(w)) return false;
    const mods = words.slice(0, i).map((x) => x.toLowerCase());
    if (w === 'operator' && mods.some((x) => NAME_STOPLIST.has(x) || isSystem(x))) return false;
    if (mods.some((x) => PERSON_PRONOUNS.has(x) || /^(?:is|was|were|are|had|has)$/.test(x))) return false;
    return next === undefined || words.length - i - 1 <= 7;
  }
  return false;
}

function looksLikePastVerb(w: string): boolean {
  const x = w.toLowerCase();
  return IRREGULAR_PAST.has(x) || /^[a-z-]{3,}ed$/.test(x);
}

/** When `window` starts with a person subject followed by a past-tense verb, that subject. */
function personSubjectAtClauseStart(ctx: Ctx, window: string): string | null {
  const w = window.replace(PAC_LEADING, '').trim();
  const words = w.split(/\s+/);
  for (let k = 1; k < Math.min(11, words.length); k++) {
    if (!looksLikePastVerb(words[k])) continue;
    const subject = words.slice(0, k).join(' ');
    if (isPersonSubject(ctx, subject)) return subject;
  }
  return null;
}

/** The subject of the clause ending at `idx`, with leading time stamps / adverbs and trailing adverbs removed. */
function subjectBefore(text: string, idx: number): { subject: string; offset: number; clause: Clause } {
  const clause = clauseBefore(text, idx);
  let w = clause.window;
  let offset = clause.start;
  const lead = PAC_LEADING.exec(w);
  if (lead) {
    offset += lead[0].length;
    w = w.slice(lead[0].length);
  }
  w = w.replace(PAC_TRAILING, '');
  offset += w.length - w.trimStart().length;
  return { subject: w.trim(), offset, clause };
}

const TIME_FOLLOWER = /^(?:earlier|yesterday|today|last|during|while|after|before|when|this|on|in|at|over)$/i;

/** A person noun phrase ("a junior developer", "the SRE on duty") starting at `idx`, not used as a modifier: its end. */
function personNounPhraseAt(ctx: Ctx, idx: number): number | null {
  const rest = /^[^.,;:!?()\n]{1,80}/.exec(ctx.text.slice(idx))?.[0] ?? '';
  const words = rest.split(/\s+/).filter(Boolean);
  for (let k = Math.min(6, words.length); k >= 1; k--) {
    const next = words[k];
    if (next !== undefined && !NON_NOUN_FOLLOWERS.has(next.toLowerCase()) && !/ing$/.test(next) && !TIME_FOLLOWER.test(next)) continue;
    const phrase = words.slice(0, k).join(' ');
    if (isPersonSubject(ctx, phrase)) return idx + rest.indexOf(words[k - 1]) + words[k - 1].length;
  }
  return null;
}

function rulePersonAsCause(ctx: Ctx, out: Candidate[]) {
  const text = ctx.text;
  for (const m of matches(PAC_RE, text)) {
    const verbPhrase = m[0];
    if (/^missed$/i.test(verbPhrase) && MISSED_NON_BLAME_OBJECT.test(text.slice(m.index + m[0].length))) continue;
    if (/^\s+(?:nothing|none)\b/i.test(text.slice(m.index + m[0].length))) continue; // "forgot nothing"
    const { subject, offset, clause } = subjectBefore(text, m.index);
    if (!subject) {
      // "… disabled monitoring and never turned it back on": the subject of the clause before "and".
      if (!/^(?:and|but|then|so)$/.test(clause.boundary) || clause.boundaryStart <= 0) continue;
      if (personSubjectAtClauseStart(ctx, clauseBefore(text, clause.boundaryStart).window) === null) continue;
      out.push({ rule: 'person-as-cause', start: m.index, end: m.index + m[0].length });
      continue;
    }
    if (subject.split(/\s+/).length > 12) continue;
    const ok = isPersonSubject(ctx, subject) || personPhraseAt(ctx, offset, false, subject.length) === offset + subject.length;
    if (!ok) continue;
    out.push({ rule: 'person-as-cause', start: offset, end: m.index + m[0].length });
  }
  // "caused by Erin", "introduced by the on-call engineer"
  for (const m of matches(CAUSED_BY_RE, text)) {
    const after = m.index + m[0].length;
    const end = personPhraseAt(ctx, after) ?? personNounPhraseAt(ctx, after);
    if (end === null) continue;
    out.push({ rule: 'person-as-cause', start: m.index, end });
  }
  // "The root cause was Dana." / "The root cause is that Ahmed committed credentials …"
  for (const m of matches(ROOT_CAUSE_RE, text)) {
    const after = m.index + m[0].length;
    const thatClause = /that\s+$/i.test(m[0]);
    let end: number | null = null;
    if (thatClause) {
      const subj = personSubjectAtClauseStart(ctx, text.slice(after, after + 160).split(/[.;:!?\n]/)[0]);
      if (subj) end = after + subj.length;
    } else end = personPhraseAt(ctx, after);
    if (end === null) continue;
    out.push({ rule: 'person-as-cause', start: m.index, end });
  }
}

const CF_WOULD_NOT_RE = new RegExp(
  `\\b(?:would|could|might)(?:\\s+(?:never|not)|n${AP}t)\\s+(?:ever\\s+)?have\\s+(?:happened|occurred)\\b|\\bnone\\s+of\\s+(?:this|it|that)\\s+would\\s+have\\s+(?:happened|occurred)\\b`,
  'gi',
);
const CF_AVOIDABLE_RE =
  /\b(?:could|would|might)(?:\s+(?:so\s+)?(?:easily|entirely|completely|totally|definitely|surely|all))?\s+have\s+been\s+(?:(?:so\s+)?(?:easily|entirely|completely|totally)\s+)?(?:avoided|prevented)\b|\b(?:entirely|completely|totally|easily|fully|wholly|100\s*%)\s+(?:avoidable|preventable)\b|\b(?:was|were)\s+(?:avoidable|preventable)\b/gi;
const CF_IF_HAD_RE = new RegExp(
  `\\bif(?:\\s+only)?\\s+([^,.;:!?\\n]{1,60}?)\\s+had(?:n${AP}t|\\s+not)?(?:\\s+(?:just|only|simply|actually|properly|even|bothered\\s+to))?\\s+([A-Za-z][A-Za-z-]*)(?:\\s+([A-Za-z][A-Za-z-]*))?`,
  'gi',
);
const CF_HAD_INVERTED_RE = /(?:^|[.!?;:,(]\s*|\n\s*)(had)(?:\s+not)?\s+([^,.;:!?\n]{1,80})/gi;
const CF_WOULD_HAVE_RE =
  /\b(?:would|could)(?:\s+(?:easily|surely|certainly|obviously|definitely))?\s+have\s+(?:noticed|caught|spotted|seen|prevented|avoided|known|realised|realized|checked|stopped)\b/gi;
const CF_ADVERB = /^(?:not|just|only|simply|properly|actually|even|bothered|to)$/i;

function ruleCounterfactual(ctx: Ctx, out: Candidate[]) {
  const text = ctx.text;
  for (const m of matches(CF_WOULD_NOT_RE, text)) out.push({ rule: 'counterfactual', start: m.index, end: m.index + m[0].length });
  for (const m of matches(CF_AVOIDABLE_RE, text)) {
    if (isNegated(clauseBefore(text, m.index).window)) continue;
    out.push({ rule: 'counterfactual', start: m.index, end: m.index + m[0].length });
  }
  // "if the on-call had checked …" (a person's past action, imagined otherwise)
  for (const m of matches(CF_IF_HAD_RE, text)) {
    const subject = m[1];
    const lower = subject.toLowerCase().trim();
    if (!(PERSON_PRONOUNS.has(lower) || isPersonSubject(ctx, subject))) continue;
    const verb = m[2].toLowerCase();
    if (verb === 'been') {
      // "if we had been paged earlier": people on the receiving end, not a judgement.
      if (m[3] && looksLikeParticiple(m[3].toLowerCase())) continue;
    } else if (!looksLikeParticiple(verb)) continue; // "if we had more replicas"
    out.push({ rule: 'counterfactual', start: m.index, end: m.index + m[0].length - (m[3] && verb !== 'been' ? m[3].length + 1 : 0) });
  }
  // "Had the reviewer read the diff, …"
  for (const m of matches(CF_HAD_INVERTED_RE, text)) {
    const words = m[2].split(/\s+/);
    const hadStart = m.index + m[0].search(/had/i);
    for (let k = 1; k < Math.min(8, words.length); k++) {
      let v = k;
      while (v < words.length && CF_ADVERB.test(words[v])) v++;
      if (v >= words.length || !looksLikeParticiple(words[v].toLowerCase())) continue;
      const subject = words.slice(0, k).join(' ');
      if (!(PERSON_PRONOUNS.has(subject.toLowerCase()) || isPersonSubject(ctx, subject))) continue;
      const end = text.indexOf(words[v], m.index + m[0].length - m[2].length) + words[v].length;
      out.push({ rule: 'counterfactual', start: hadStart, end });
      break;
    }
  }
  // "a more careful reviewer would have caught it" (not "we would have caught it with a test")
  for (const m of matches(CF_WOULD_HAVE_RE, text)) {
    const { subject, clause } = subjectBefore(text, m.index);
    if (!subject || isNegated(clause.window)) continue;
    if (/\b(?:we|i|us)\b/i.test(subject)) continue;
    if (!(PERSON_PRONOUNS.has(subject.toLowerCase()) || isPersonSubject(ctx, subject))) continue;
    out.push({ rule: 'counterfactual', start: m.index, end: m.index + m[0].length });
  }
}

type Idiom = { re: RegExp; negatable?: boolean; needsNegation?: boolean; personSubject?: boolean; suggestion: string };

const IDIOMS: Idiom[] = [
  {
    re: /\bdrop(?:s|ped|ping)?\s+the\s+ball\b/gi,
    negatable: true,
    suggestion: 'Which handover, reminder or owner was missing, so that the work could fall between people?',
  },
  {
    re: /\b(?:asleep|sleeping|dozing)\s+(?:at|on)\s+the\s+(?:wheel|switch|helm|job|controls)\b|\bfell\s+asleep\s+on\s+the\s+job\b/gi,
    negatable: true,
    suggestion: 'Which signals reached the people on duty, and what competed for their attention?',
  },
  {
    re: /\bpaying\s+(?:enough\s+|close\s+|proper\s+|much\s+)?attention\b/gi,
    needsNegation: true,
    suggestion: 'Which signals were there, and what competed for attention at that moment (other alerts, workload, hour)?',
  },
  {
    re: /\b(?:lack\s+of\s+(?:attention|diligence|ownership|care|discipline|accountability|rigou?r|professionalism|competence|effort|focus|responsibility)|inattenti(?:ve|on))\b/gi,
    negatable: true,
    suggestion: 'Describe the conditions instead: what did the work require, and what made it hard to give it at the time?',
  },
  {
    re: /\bcut(?:s|ting)?\s+(?:a\s+)?corners?\b/gi,
    negatable: true,
    suggestion: 'Which pressures (a deadline, staffing, the cost of the full procedure) made the shorter path attractive?',
  },
  {
    re: /\b(?:went|gone|going|go|goes)\s+rogue\b/gi,
    negatable: true,
    suggestion: 'What did the person do, and why did it make sense to them at the time?',
  },
  { re: /\brookie\s+(?:mistakes?|errors?|moves?)\b/gi, suggestion: 'What made this step easy to get wrong for anyone new to it?' },
  {
    re: /\b(?:poor|bad|questionable|terrible|flawed)\s+judge?ments?\b|\b(?:lapses?|errors?)\s+(?:in|of)\s+judge?ment\b/gi,
    negatable: true,
    suggestion: 'What information and options did the person have when deciding, and what made this option look right?',
  },
  {
    re: /\b(?:should|ought\s+to)\s+(?:really\s+)?know\s+better\b|\bknew\s+better\b/gi,
    suggestion: 'What would have made the safer option the easy one at the time?',
  },
  {
    re: /\brubber[- ]?stamp(?:s|ed|ing)?\b/gi,
    suggestion: 'What made a thorough review hard (size of the change, time, missing context)?',
  },
  {
    re: /\bsat\s+on\s+(?:the|an?|that|this|his|her|their)\s+(?:[\w-]+\s+)?(?:alerts?|pages?|tickets?|issues?|fix(?:es)?|reports?|bugs?|prs?|pull\s+requests?|warnings?|escalations?)\b/gi,
    suggestion: 'What happened between the signal arriving and the response: what else was competing for attention?',
  },
  {
    re: /\b(?:threw|throw|throws|thrown|throwing)\s+(?:[\w-]+\s+){1,3}under\s+the\s+bus\b/gi,
    suggestion: 'Describe the decision and its context rather than who takes the blame for it.',
  },
  {
    re: new RegExp(`\\bon\\s+(?:his|her|their|your|[A-Z][a-z]+${AP}s)\\s+watch\\b`, 'g'),
    suggestion: 'Describe what happened during that shift and what the people on it could see.',
  },
  {
    re: /\b(?:held|hold|holding)\s+(?:personally\s+)?(?:accountable|responsible)\b/gi,
    negatable: true,
    suggestion: 'Name the safeguard or next step that makes this less likely, rather than who answers for it.',
  },
  {
    re: /\b(?:be|been|being|was|were|get|got|gets)\s+(?:reprimanded|disciplined|written\s+up|sacked|fired)\b/gi,
    negatable: true,
    personSubject: true,
    suggestion: 'Postmortems look for conditions to change, not people to punish: which safeguard would make this safer?',
  },
  {
    re: new RegExp(
      `\\b(?:clearly|obviously|evidently)\\s+(?:did|does|do)(?:n${AP}t|\\s+not)\\s+(?:understand|know|care|read|think|check|test)\\b`,
      'gi',
    ),
    suggestion: 'What context or documentation would someone need to understand this, and was it available?',
  },
  {
    re: new RegExp(
      `\\b(?:did(?:n${AP}t|\\s+not)|not|never)\\s+do(?:ing)?\\s+(?:his|her|their|your)\\s+jobs?\\b|\\bfell\\s+down\\s+on\\s+the\\s+job\\b`,
      'gi',
    ),
    suggestion: 'What did the job require at that moment, and what got in the way?',
  },
];
const RESPONSIBLE_FOR_RE = new RegExp(
  `\\b(?:(?:is|was|are|were)\\s+(?:directly\\s+|solely\\s+|ultimately\\s+|personally\\s+|entirely\\s+)?)?(?:responsible|accountable)\\s+for\\s+(?:the|this|that|an?|today${AP}s)\\s+(?:[\\w-]+\\s+)?(?:outages?|incidents?|failures?|breach(?:es)?|data\\s+loss|downtime|mistakes?|errors?|mess)\\b(?!\\s+(?:review|retro|report|postmortem|investigation|analysis|follow-?ups?|response|communications?|process)\\b)`,
  'gi',
);

const NEGATION_BEFORE_RE = new RegExp(
  `(?:\\b[a-z]+n${AP}t|\\b(?:(?:was|were|is|are|been)\\s+)?(?:not|never))\\s+(?:really\\s+|even\\s+)?$`,
  'i',
);

function ruleBlameIdioms(ctx: Ctx, out: Candidate[]) {
  const text = ctx.text;
  for (const idiom of IDIOMS) {
    for (const m of matches(idiom.re, text)) {
      const clause = clauseBefore(text, m.index);
      const negated = isNegated(clause.window) || /\b(?:nobody|no[- ]one)\b/i.test(clause.window);
      if (idiom.needsNegation ? !negated : idiom.negatable && negated) continue;
      if (idiom.personSubject && classifySubject(ctx, clause.window) === 'system') continue;
      // "paying attention": include the negation ("wasn't paying attention") in the phrase.
      let start = m.index;
      if (idiom.needsNegation) {
        const neg = NEGATION_BEFORE_RE.exec(text.slice(Math.max(0, start - 24), start));
        if (neg) start -= neg[0].length;
      }
      out.push({ rule: 'blame-idiom', start, end: m.index + m[0].length, suggestion: idiom.suggestion });
    }
  }
  for (const m of matches(RESPONSIBLE_FOR_RE, text)) {
    const { subject } = subjectBefore(text, m.index);
    if (!isPersonSubject(ctx, subject)) continue;
    out.push({
      rule: 'blame-idiom',
      start: m.index,
      end: m.index + m[0].length,
      suggestion:
        'Describe what each person did and why it made sense at the time; responsibility for the outcome belongs to the system of work.',
    });
  }
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

function resolveOverlaps(cands: Candidate[]): Candidate[] {
  const prio = (r: BlamelessRule) => BLAMELESS_RULES.indexOf(r);
  const sorted = [...cands].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || prio(a.rule) - prio(b.rule));
  const kept: Candidate[] = [];
  for (const c of sorted) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Check a piece of RCA text for blaming language. Advisory only: never throws;
 * returns findings sorted by `start`, non-overlapping.
 */
export function checkBlameless(text: string, opts?: BlamelessOptions): BlamelessFinding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    const ctx = buildCtx(text, opts);
    const cands: Candidate[] = [];
    ruleHumanError(ctx, cands);
    ruleShouldHave(ctx, cands);
    ruleFailedTo(ctx, cands);
    ruleCareless(ctx, cands);
    ruleNegligent(ctx, cands);
    ruleDidntBother(ctx, cands);
    ruleAtFaultAndMistake(ctx, cands);
    ruleBlame(ctx, cands);
    ruleObvious(ctx, cands);
    ruleJust(ctx, cands);
    ruleIncompetent(ctx, cands);
    rulePersonAsCause(ctx, cands);
    ruleCounterfactual(ctx, cands);
    ruleBlameIdioms(ctx, cands);
    return resolveOverlaps(cands).map((c) => ({
      rule: c.rule,
      start: c.start,
      end: c.end,
      phrase: text.slice(c.start, c.end),
      message: BLAMELESS_RULE_INFO[c.rule].message,
      suggestion: c.suggestion ?? BLAMELESS_RULE_INFO[c.rule].suggestion,
    }));
  } catch {
    return [];
  }
}

/**
 * Check several named fields (e.g. summary, timeline, contributing factors).
 * Findings keep offsets relative to their own field and are labelled with it;
 * ordered by field (insertion order) then start.
 */
export function checkBlamelessFields(fields: Record<string, string>, opts?: BlamelessOptions): Array<BlamelessFinding & { field: string }> {
  const out: Array<BlamelessFinding & { field: string }> = [];
  if (!fields || typeof fields !== 'object') return out;
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    for (const f of checkBlameless(value, opts)) out.push({ ...f, field });
  }
  return out;
}
