import { getEncoding, type Tiktoken } from 'js-tiktoken';

/**
 * Token counts for text a provider did not count for us: tool results (for carried cost), prompts and outputs of
 * calls whose usage was never logged. Always an estimate — each provider has its own tokenizer — made with
 * js-tiktoken in the encoding that fits the model family: o200k_base for OpenAI's current models, cl100k_base for
 * everything else (Anthropic, Google and others publish none for JavaScript; cl100k is the closest public one).
 *
 * Encoders load lazily (each costs a few hundred ms, paid only when a count is needed). Text up to SAMPLE_AT
 * characters is encoded whole; longer text is encoded in SAMPLES windows spread over it and scaled by length, so one
 * count costs at most a few windows' work however large a tool result is — the count never dominates an import.
 */
export type EncodingName = 'o200k_base' | 'cl100k_base';

const SAMPLE_AT = 6_000;
const WINDOW = 1_500;
const SAMPLES = 4;

const encoders = new Map<EncodingName, Tiktoken>();

function encoder(name: EncodingName): Tiktoken {
  let e = encoders.get(name);
  if (!e) encoders.set(name, (e = getEncoding(name)));
  return e;
}

/** The encoding for a model: o200k for OpenAI's gpt-4o and later (gpt-4.1, gpt-5, o-series, codex), else cl100k. */
export function encodingFor(model: string | null): EncodingName {
  const m = (model ?? '').toLowerCase().replace(/^[\w.-]+\//, '');
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|chatgpt-4o|o\d|codex)/.test(m)) return 'o200k_base';
  return 'cl100k_base';
}

function encodeLength(enc: Tiktoken, text: string): number {
  // special-token text inside a log ("<|endoftext|>") is ordinary text here, never a control token
  return enc.encode(text, [], []).length;
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
