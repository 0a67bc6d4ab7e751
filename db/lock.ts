import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database belongs to one process: two PGlite processes on one folder silently lose
 * acknowledged writes (measured: thousands of rows). This is an exclusive, pid-stamped lock file
 * created with O_EXCL; a lock whose process is gone is taken over.
 */
export class DatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    holderCommand: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holderPid}${holderCommand ? ` (${holderCommand})` : ''}. ` +
        `Stop that process first, or set DATA_DIR to another folder.`,
    );
    this.name = 'DatabaseInUseError';
  }
}

type LockInfo = { pid: number; command: string; since: string };
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A reused pid that is not a Node process is not our holder.
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'kaizen.lock');
  if (held.has(file)) throw new DatabaseInUseError(dataDir, process.pid, 'this process');
  const info: LockInfo = { pid: process.pid, command: process.argv.slice(1).join(' ').slice(0, 200), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      held.add(file);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(file);
        try {
          const now = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
          if (now.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: LockInfo | undefined;
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
      } catch {
        holder = undefined; // half-written or unreadable: treat as stale
      }
      if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        throw new DatabaseInUseError(dataDir, holder.pid, holder.command);
      }
      // Stale lock (its process is gone): remove it and try again.
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else removed it first */
      }
    }
  }
  throw new Error(`Could not lock ${dataDir}: the lock file keeps changing. Is another Kaizen starting?`);
}
