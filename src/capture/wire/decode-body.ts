import zlib from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';

export interface DecodedBody {
  body: Buffer;
  /** why the body could not be decoded (fully); the body is then what could be decoded, or the raw bytes */
  error: string | null;
}

const FLUSH = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BR_FLUSH = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

function decodeOne(body: Buffer, enc: string): Buffer {
  switch (enc) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body, FLUSH);
    case 'deflate':
      // servers send both zlib-wrapped and raw deflate under this name
      return body[0] === 0x78 ? zlib.inflateSync(body, FLUSH) : zlib.inflateRawSync(body, FLUSH);
    case 'br':
      return zlib.brotliDecompressSync(body, BR_FLUSH);
    case 'zstd':
      return Buffer.from(zstdDecompress(body));
    default:
      throw new Error(`unknown content-encoding '${enc}'`);
  }
}

/**
 * Undoes Content-Encoding for the parsing side only (the forwarded bytes are never decoded). Tolerates truncated
 * streams (returns what decoded) and stacked encodings ("gzip, br" is undone right to left). Never throws.
 */
export function decodeBody(body: Buffer, contentEncoding: string | undefined): DecodedBody {
  const encs = (contentEncoding ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'identity');
  let out = body;
  for (const enc of encs.reverse()) {
    try {
      out = decodeOne(out, enc);
    } catch (err) {
      return { body: out, error: `${enc}: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return { body: out, error: null };
}
