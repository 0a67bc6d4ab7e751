import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DatabaseInUseError } from '../../db/lock';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('DATA_DIR lock', () => {
  it('creates missing parent folders, refuses a second holder in the same process, and releases', () => {
    const dir = path.join(tmp(), 'a', 'b', 'c');
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'kaizen.lock'), 'utf8')).pid).toBe(process.pid);
    expect(() => acquireDataDirLock(dir)).toThrow(DatabaseInUseError);
    release();
    expect(fs.existsSync(path.join(dir, 'kaizen.lock'))).toBe(false);
    acquireDataDirLock(dir)();
  });

  it('refuses while another live Node process holds it, naming its pid', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(
        path.join(dir, 'kaizen.lock'),
        JSON.stringify({ pid: child.pid, command: 'server.mjs', since: new Date().toISOString() }),
      );
      expect(() => acquireDataDirLock(dir)).toThrow(`in use by process ${child.pid} (server.mjs)`);
    } finally {
      child.kill();
    }
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.on('exit', r));
    fs.writeFileSync(path.join(dir, 'kaizen.lock'), JSON.stringify({ pid: child.pid, command: 'old', since: '2020-01-01T00:00:00Z' }));
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'kaizen.lock'), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('treats an unreadable (half-written) lock file as stale', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'kaizen.lock'), '{"pi');
    acquireDataDirLock(dir)();
  });
});
