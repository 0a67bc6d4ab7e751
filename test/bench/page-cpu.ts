/**
 * CPU per page rendered in this process, without HTTP or gzip (not a test; a diagnostic beside bench:pages):
 * `tsx test/bench/page-cpu.ts`. Creates a PostgreSQL database (BENCH_DATABASE_URL admin URL), adds the long RCA as a
 * draft and as a published document, signs its author in, then for each page runs BENCH_N (100) sequential requests
 * through the Remix handler after a warm-up and prints the process's CPU time per request and the page's size.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import postgres from 'postgres';
import { boot } from '../../app/boot.server';
import { createUser, toActor } from '../../app/models/user.server';
import { createDocument, transitionDocument } from '../../app/models/document.server';
import { longRcaDocument } from '../fixtures/pdf-long-rca';

const N = Number(process.env.BENCH_N) || 100;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `kaizen_pagecpu_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const booted = await boot({
  DATABASE_URL: url.toString(),
  SEED_DEMO: 'true',
  SESSION_SECRET: 'x'.repeat(40),
  PATH: process.env.PATH,
} as unknown as NodeJS.ProcessEnv);
const db = booted.database.db;
try {
  const author = toActor(
    await createUser(db, { email: 'a@example.test', name: 'Bench Author', role: 'editor', password: 'bench-password-2026' }),
    'system',
  );
  const reviewer = toActor(
    await createUser(db, { email: 'r@example.test', name: 'Bench Reviewer', role: 'editor', password: 'bench-password-2026' }),
    'system',
  );
  const long = longRcaDocument();
  const nextSteps = long.actionItems.map((a) => ({ title: a.title, kind: a.kind, owner: 'Grace Hopper', dueDate: '2026-01-15' }));
  const make = () =>
    createDocument(db, {
      actor: author,
      input: {
        template: 'blameless-rca',
        title: long.title,
        severity: 'SEV2',
        service: 'checkout',
        tags: long.tags,
        fields: { ...long.fields, nextSteps },
      },
    });
  const draft = await make();
  const pub = await make();
  const r = await transitionDocument(db, { actor: author, id: pub.id, input: { to: 'in_review', version: pub.version } });
  await transitionDocument(db, { actor: reviewer, id: pub.id, input: { to: 'published', version: r.version } });

  const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild;
  const handler = createRequestHandler(build, 'production');
  const origin = 'http://kaizen.test';
  const context = () => ({ db, config: booted.config, cspNonce: 'n', requestId: 'r', now: () => new Date() });
  const fetch = (p: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('host', 'kaizen.test');
    return handler(new Request(origin + p, { redirect: 'manual', ...init, headers }), context() as never);
  };
  const login = await fetch('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ email: 'a@example.test', password: 'bench-password-2026', next: '/' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const pages: [string, string][] = [
    ['document draft', `/docs/${draft.id}`],
    ['document published', `/docs/${pub.id}`],
    ['home', '/'],
    ['library', '/library'],
    ['insights', '/insights'],
  ];
  const only = process.env.BENCH_PAGES?.split(',');
  for (const [label, p] of pages) {
    if (only && !only.some((o) => label.includes(o))) continue;
    let bytes = 0;
    const one = async () => {
      const res = await fetch(p, { headers: { Cookie: cookie } });
      if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
      const buf = await res.arrayBuffer();
      bytes = buf.byteLength;
      if (process.env.BENCH_DUMP)
        (await import('node:fs')).writeFileSync(`${process.env.BENCH_DUMP}/${label.replace(/ /g, '-')}.html`, Buffer.from(buf));
    };
    for (let i = 0; i < 20; i++) await one();
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) await one();
    const c = process.cpuUsage(c0);
    console.log(
      `${label.padEnd(20)} ${((c.user + c.system) / 1000 / N).toFixed(2).padStart(7)} ms CPU/req  ${(bytes / 1024).toFixed(1)} KB`,
    );
  }
} finally {
  await booted.database.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
