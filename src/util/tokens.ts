import { createRequire } from 'node:module';
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';

/**
 * Token counts for text a provider did not count for us: tool results (for carried cost), prompts and outputs of
 * calls whose usage was never logged. Always an estimate — each provider has its own tokenizer — made with
 * js-tiktoken in the encoding that fits the model family: o200k_base for OpenAI's current models, cl100k_base for
 * everything else (Anthropic, Google and others publish none for JavaScript; cl100k is the closest public one).
 *
 * Encoders load lazily (each costs a few hundred ms, paid only when a count is needed). BPE works on each piece of
 * the encoding's own pre-tokenizer separately, so a count is the sum of its pieces' counts: pieces are counted once
 * and remembered (logs repeat the same words, paths and punctuation), which gives the exact count several times
 * faster than encoding the text. Text up to SAMPLE_AT characters is counted whole; longer text in SAMPLES windows
 * spread over it and scaled by length, so one count costs a few windows' work however large a tool result is.
 */
export type EncodingName = 'o200k_base' | 'cl100k_base';

const SAMPLE_AT = 2_048;
const WINDOW = 256;
const SAMPLES = 8;

/** Pieces longer than this are not remembered (a long run of one character class is rarely seen twice). */
const MEMO_PIECE_CHARS = 64;
const MEMO_MAX = 200_000;

interface Encoder {
  tiktoken: Tiktoken;
  /** the encoding's pre-tokenizer */
  pieces: RegExp;
  memo: Map<string, number>;
}

const encoders = new Map<EncodingName, Encoder>();
const load = createRequire(import.meta.url);

function encoder(name: EncodingName): Encoder {
  let e = encoders.get(name);
  if (!e) {
    const ranks = load(`js-tiktoken/ranks/${name}`) as TiktokenBPE;
    e = { tiktoken: new Tiktoken(ranks), pieces: new RegExp(ranks.pat_str, 'gu'), memo: new Map() };
    encoders.set(name, e);
  }
  return e;
}

/** The encoding for a model: o200k for OpenAI's gpt-4o and later (gpt-4.1, gpt-5, o-series, codex), else cl100k. */
export function encodingFor(model: string | null): EncodingName {
  const m = (model ?? '').toLowerCase().replace(/^[\w.-]+\//, '');
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|chatgpt-4o|o\d|codex)/.test(m)) return 'o200k_base';
  return 'cl100k_base';
}

function encodeLength(enc: Encoder, text: string): number {
  let n = 0;
  for (const m of text.matchAll(enc.pieces)) {
    const piece = m[0];
    let c = enc.memo.get(piece);
    if (c === undefined) {
      // special-token text inside a log ("<|endoftext|>") is ordinary text here, never a control token
      c = enc.tiktoken.encode(piece, [], []).length;
      if (piece.length <= MEMO_PIECE_CHARS && enc.memo.size < MEMO_MAX) enc.memo.set(piece, c);
    }
    n += c;
  }
  return n;
}

/** Estimated tokens of `text` for `model` (see the module comment for how, and why it is always an estimate). */
export function countTokens(text: string, model: string | null = null): number {
  if (text.length === 0) return 0;
  const enc = encoder(encodingFor(model));
  if (text.length <= SAMPLE_AT) return encodeLength(enc, text);
  let chars = 0;
  let tokens = 0;
  const step = Math.floor((text.length - WINDOW) / (SAMPLES - 1));
  for (let i = 0; i < SAMPLES; i++) {
    // windows start at a whitespace where one is near, so a window does not open mid-word
    let start = i * step;
    const ws = text.slice(start, start + 40).search(/\s/);
    if (ws > 0) start += ws;
    const w = text.slice(start, start + WINDOW);
    chars += w.length;
    tokens += encodeLength(enc, w);
  }
  return Math.max(1, Math.round((tokens / chars) * text.length));
}
