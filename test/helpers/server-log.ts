/** One line of the server's JSON log (pino). */
export type LogLine = { level: string; time: string; msg: string; requestId?: string } & Record<string, unknown>;

/** The JSON lines of a server's captured output; anything else (a crash trace, the build's messages) is left out. */
export function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** The lines logged for one request (its X-Request-Id), at `level` if given. */
export function linesOf(output: string, requestId: string, level?: string): LogLine[] {
  return logLines(output).filter((l) => l.requestId === requestId && (!level || l.level === level));
}
