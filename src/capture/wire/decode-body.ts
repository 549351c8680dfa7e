import zlib from 'node:zlib';
import { Decompress as ZstdStream } from 'fzstd';

export interface DecodedBody {
  body: Buffer;
  /** why the body could not be decoded (fully); the body is then what could be decoded, or the raw bytes */
  error: string | null;
}

// SYNC_FLUSH instead of FINISH: a truncated stream yields what it holds instead of "unexpected end of file"
const FLUSH = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BR_FLUSH = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

/** A zlib wrapper starts with a CMF/FLG pair whose 16-bit value is a multiple of 31 and whose method is 8. */
function hasZlibHeader(b: Buffer): boolean {
  const cmf = b[0];
  const flg = b[1];
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
}

/** zstd through fzstd's streaming API, so a truncated frame still gives the blocks that arrived whole. */
function zstdDecode(body: Buffer): Buffer {
  const chunks: Uint8Array[] = [];
  const stream = new ZstdStream((chunk) => {
    chunks.push(chunk);
  });
  try {
    stream.push(body, true);
  } catch (err) {
    if (chunks.length === 0) throw err;
  }
  return Buffer.concat(chunks);
}

function decodeOne(body: Buffer, enc: string): Buffer {
  switch (enc) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body, FLUSH);
    case 'deflate':
      // servers send both zlib-wrapped and raw deflate under this name
      return hasZlibHeader(body) ? zlib.inflateSync(body, FLUSH) : zlib.inflateRawSync(body, FLUSH);
    case 'br':
      return zlib.brotliDecompressSync(body, BR_FLUSH);
    case 'zstd':
      return zstdDecode(body);
    default:
      throw new Error(`unknown content-encoding '${enc}'`);
  }
}

/**
 * A body that fails to decode part-way (a corrupt byte, the recorder's omitted middle): the longest prefix that still
 * decodes, found by bisection (a prefix of a good prefix is good, since truncation is tolerated). Empty when none.
 */
function longestDecodablePrefix(body: Buffer, enc: string): Buffer {
  let lo = 0;
  let hi = body.length;
  let best: Buffer = Buffer.alloc(0);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      best = decodeOne(body.subarray(0, mid), enc);
      lo = mid;
    } catch (err) {
      void err; // this prefix reaches the corrupt part: look shorter
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * Undoes Content-Encoding for the parsing side only (the forwarded bytes are never decoded). Tolerates truncated
 * streams (returns what decoded) and stacked encodings ("gzip, br" is undone right to left). Never throws: an
 * unknown encoding returns the bytes as they are with an error; a corrupt stream returns what decoded before it.
 */
export function decodeBody(body: Buffer, contentEncoding: string | undefined): DecodedBody {
  const encs = (contentEncoding ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'identity');
  let out = body;
  let error: string | null = null;
  for (const enc of encs.reverse()) {
    try {
      out = decodeOne(out, enc);
    } catch (err) {
      const message = `${enc}: ${err instanceof Error ? err.message : String(err)}`;
      error ??= message;
      const partial = message.includes('unknown content-encoding') ? Buffer.alloc(0) : longestDecodablePrefix(out, enc);
      if (partial.length === 0) return { body: out, error };
      out = partial; // the inner layers then see a truncated stream, which they tolerate
    }
  }
  return { body: out, error };
}
