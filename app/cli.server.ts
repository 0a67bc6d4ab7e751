// Kaizen's command line (API.md "Command line"): `npm run -s cli -- <command>`.
// Opens the database the way the server does (DATABASE_URL, else the embedded one in DATA_DIR),
// migrating first when needed. Prints only the documented output on stdout; any failure is one
// line on stderr and a non-zero exit.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type OpenDatabase } from '../db/client';
import { DatabaseInUseError } from '../db/lock';
import { BackupError } from '~/models/backup-format.server';
import { restoreBackup, verifyBackup } from '~/models/backup-restore.server';
import { writeBackup } from '~/models/backup-write.server';
import { readEnv } from '~/config.server';
import { safeMessage } from '~/lib/log.server';
import { HttpError } from '~/lib/errors.server';
import { CLI_ACTOR, createApiToken, createUser, revokeApiToken } from '~/models/user.server';

const USAGE = `usage:
  cli user add <email> --role viewer|editor|admin [--name N] [--password-stdin]
  cli token create <email> [--name N]
  cli token revoke <token-id>
  cli backup <file>     write an archive of the whole database (gzip, JSON lines, checksums)
  cli verify <file>     check an archive's checksums without restoring it
  cli restore <file>    restore an archive into an empty database (checked before anything is kept)`;

class UsageError extends Error {}

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('--password-stdin needs the password on standard input (e.g. `printf %s "$PW" | npm run -s cli -- …`).');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  // One trailing newline (from echo or a here-string) is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * What a run reads besides its arguments: the environment and standard input (the process's own by default), and
 * (tests) a database already open, used instead of opening and closing the configured one.
 */
export type CliIo = { env?: NodeJS.ProcessEnv; readStdin?: () => Promise<string>; database?: OpenDatabase };

async function open(processEnv: NodeJS.ProcessEnv): Promise<OpenDatabase> {
  const env = readEnv(processEnv);
  return env.DATABASE_URL ? openDatabase({ url: env.DATABASE_URL }) : openDatabase({ dataDir: env.DATA_DIR });
}

async function run(argv: string[], io: CliIo, stderr: string[]): Promise<string | null> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, verb, arg, ...extra] = positionals;
  if (values.help) {
    stderr.push(USAGE);
    return null;
  }
  if (group === 'backup' || group === 'verify' || group === 'restore') {
    if (!verb) throw new UsageError(`"${group}" needs a file name`);
    if (arg) throw new UsageError(`unexpected argument "${arg}"`);
    if (values.role || values.name || values['password-stdin']) throw new UsageError(`"${group}" takes only a file name`);
    return backupCommand(group, verb, io);
  }
  const command = `${group ?? ''} ${verb ?? ''}`;
  if (!['user add', 'token create', 'token revoke'].includes(command))
    throw new UsageError(group ? `unknown command "${command.trim()}"; try --help` : 'no command given; try --help');
  if (!arg) throw new UsageError(`"${command}" needs ${command === 'token revoke' ? 'a token id' : 'an email'}`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === 'user add' && !values.role) throw new UsageError('"user add" needs --role viewer|editor|admin');
  if (command !== 'user add' && (values.role || values['password-stdin']))
    throw new UsageError(`--role and --password-stdin belong to "user add"`);
  const password = values['password-stdin'] ? await (io.readStdin ?? readProcessStdin)() : undefined;

  const database = io.database ?? (await open(io.env ?? process.env));
  try {
    const db = database.db;
    if (command === 'user add') {
      const user = await createUser(
        db,
        { email: arg, role: values.role as never, name: values.name ?? '', password },
        { actor: CLI_ACTOR, details: { via: 'cli' } },
      );
      return user.id;
    }
    if (command === 'token create') return (await createApiToken(db, { email: arg, name: values.name ?? 'cli', actor: CLI_ACTOR })).token;
    await revokeApiToken(db, { id: arg, actor: CLI_ACTOR });
    return null;
  } finally {
    if (!io.database) await database.close();
  }
}

const describe = (c: { tables: { length: number } | number; rows: number; schema: string; sha256: string }) =>
  `${typeof c.tables === 'number' ? c.tables : c.tables.length} tables, ${c.rows} rows, schema ${c.schema}, sha256 ${c.sha256}`;

async function backupCommand(command: 'backup' | 'verify' | 'restore', file: string, io: CliIo): Promise<string> {
  if (command === 'verify') {
    const c = await verifyBackup(file);
    return `${file}: good — ${describe({ ...c, schema: c.header.schema })}`;
  }
  const env = io.env ?? process.env;
  let database: OpenDatabase;
  try {
    database = io.database ?? (await open(env));
  } catch (e) {
    if (e instanceof DatabaseInUseError && command === 'backup')
      throw new Error(
        `${e.message} A backup of the embedded database needs the server stopped; or, while it runs, download one from the admin page (/admin/backup).`,
      );
    throw e;
  }
  try {
    if (command === 'restore') {
      const c = await restoreBackup(database.db, { file });
      return `${file}: restored into ${database.location} — ${describe({ ...c, schema: c.header.schema })}`;
    }
    // Written beside the target and renamed at the end: an interrupted backup never leaves a file that looks finished.
    const partial = `${file}.partial-${process.pid}`;
    try {
      const c = await writeBackup(database.db, { out: fs.createWriteStream(partial, { flags: 'wx' }), source: database.kind });
      fs.renameSync(partial, file);
      return `${file}: ${describe(c)}`;
    } catch (e) {
      fs.rmSync(partial, { force: true });
      throw e;
    }
  } finally {
    if (!io.database) await database.close();
  }
}

function reason(e: unknown): string {
  if (e instanceof BackupError) return e.message;
  if (e instanceof HttpError)
    return e.issues?.length ? `${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` : e.message;
  if (e instanceof Error) return safeMessage(e); // a failed insert must not print the password hash it carried
  return String(e);
}

/** One command line, run in this process: what it prints on stdout and stderr, and its exit code. */
export async function runCli(argv: string[], io: CliIo = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stderr: string[] = [];
  try {
    const out = await run(argv, io, stderr);
    return { code: 0, stdout: out === null ? '' : `${out}\n`, stderr: stderr.map((l) => `${l}\n`).join('') };
  } catch (e) {
    const code = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
    return { code, stdout: '', stderr: `kaizen: ${reason(e).replace(/\s*\n\s*/g, ' ')}\n` };
  }
}

// Run as a program (`npm run -s cli -- …`), not when imported (the tests call runCli in process).
if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  const r = await runCli(process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exit(r.code);
}
