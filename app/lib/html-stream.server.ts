import { Transform, type TransformCallback } from 'node:stream';

/**
 * The page stream between React and the response. React 18.3's `renderToPipeableStream` writes its whole
 * 2,048-byte view when a multi-byte character does not fit in the bytes left, zeros included, so a page can
 * carry NUL bytes just before a character such as "→" or "é" (react/react#31134; fixed in React 19). HTML we
 * render never holds a raw NUL (stored text refuses U+0000, and loader data is JSON, which escapes it), so
 * every 0x00 byte on this stream is that bug's, and dropping it restores the page byte for byte.
 */
export class HtmlStream extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    done(null, chunk.indexOf(0) === -1 ? chunk : withoutNul(chunk));
  }
}

function withoutNul(chunk: Buffer): Buffer {
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== 0) out[n++] = chunk[i];
  return out.subarray(0, n);
}
