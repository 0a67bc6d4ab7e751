import { Transform, type TransformCallback } from 'node:stream';

/** A page's pieces are passed on together once this many bytes wait, or when React pauses (see HtmlStream). */
const BATCH_BYTES = 64 * 1024;

/**
 * The page stream between React and the response.
 *
 * React 18.3's `renderToPipeableStream` writes its whole 2,048-byte view when a multi-byte character does not fit in
 * the bytes left, zeros included, so a page can carry NUL bytes just before a character such as "→" or "é"
 * (react/react#31134; fixed in React 19). HTML we render never holds a raw NUL (stored text refuses U+0000, and
 * loader data is JSON, which escapes it), so every 0x00 byte on this stream is that bug's, and dropping it restores
 * the page byte for byte.
 *
 * React writes a page in 2 KB pieces, all in one go: passed on one by one, each piece went through the web stream
 * to the response, the gzip middleware (one zlib job each) and the socket: for a long document page, 55 of each,
 * more CPU than gzipping the page once (decision 034). Pieces written in one go are passed on as one buffer, at
 * most BATCH_BYTES long, as soon as React stops writing (the next turn of the event loop) or ends, so a page that
 * streams in parts (a deferred answer) still sends each part when it is ready.
 */
export class HtmlStream extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private scheduled = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    const clean = chunk.indexOf(0) === -1 ? chunk : withoutNul(chunk);
    this.pending.push(clean);
    this.pendingBytes += clean.length;
    if (this.pendingBytes >= BATCH_BYTES) this.release();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.release();
      });
    }
    done();
  }

  override _flush(done: TransformCallback) {
    this.release();
    done();
  }

  private release() {
    if (!this.pending.length || this.destroyed) return;
    // A piece alone is passed on as it is, not copied.
    const out = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.push(out);
  }
}

function withoutNul(chunk: Buffer): Buffer {
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== 0) out[n++] = chunk[i];
  return out.subarray(0, n);
}
