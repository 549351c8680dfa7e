import fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { completeRates, type Rates } from './rates.js';

/**
 * The user's own prices (`.clawtrace/prices.yaml`, or `--prices FILE`), for self-hosted, fine-tuned or brand-new
 * models; entries here win over the bundled data. Rates are USD per million tokens:
 *
 *   models:
 *     - match: my-finetune-*        # an exact model id, or a glob with *
 *       provider: openai            # optional: only calls that went to this provider
 *       input: 0.5
 *       output: 1.5
 *       cache_read: 0.05            # optional (default: the input rate)
 *       cache_write: 0.625          # optional, 5-minute writes (default: the input rate)
 *       cache_write_1h: 1.0         # optional (default: cache_write)
 *       tiers:                      # optional: whole-request rates once the prompt passes `above` tokens
 *         - { above: 200000, input: 1.0, output: 3.0 }
 */
const RateFields = {
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cache_read: z.number().nonnegative().optional(),
  cache_write: z.number().nonnegative().optional(),
  cache_write_1h: z.number().nonnegative().optional(),
};

const EntrySchema = z
  .object({
    match: z.string().min(1),
    provider: z.string().optional(),
    ...RateFields,
    tiers: z.array(z.object({ above: z.number().int().positive(), ...RateFields }).strict()).optional(),
  })
  .strict();

const FileSchema = z.object({ models: z.array(EntrySchema) }).strict();

export interface UserPrice {
  match: string;
  provider: string | null;
  rates: Rates;
  tiers: { above: number; rates: Rates }[];
  origin: string;
}

export class PriceFileError extends Error {}

function toRates(e: { input: number; output: number; cache_read?: number; cache_write?: number; cache_write_1h?: number }): Rates {
  return completeRates({
    input: e.input,
    output: e.output,
    ...(e.cache_read !== undefined ? { cacheRead: e.cache_read } : {}),
    ...(e.cache_write !== undefined ? { cacheWrite5m: e.cache_write } : {}),
    ...(e.cache_write_1h !== undefined ? { cacheWrite1h: e.cache_write_1h } : {}),
  });
}

/** Loads and validates a price file; any problem is one PriceFileError naming the file and line. */
export function loadUserPrices(file: string): UserPrice[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PriceFileError(`${file}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const yamlErr = doc.errors[0];
  if (yamlErr) {
    const pos = lines.linePos(yamlErr.pos[0]);
    throw new PriceFileError(`${file}:${pos.line}: ${yamlErr.message.split('\n')[0] ?? 'invalid YAML'}`);
  }
  const parsed = FileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const p = issue?.path ?? [];
    const node = doc.getIn(p, true) as { range?: [number, number, number] } | undefined;
    const parentNode = doc.getIn(p.slice(0, -1), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0] ?? parentNode?.range?.[0] ?? 0;
    throw new PriceFileError(`${file}:${lines.linePos(offset).line}: ${p.join('.')}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.models.map((e) => ({
    match: e.match,
    provider: e.provider ?? null,
    rates: toRates(e),
    tiers: (e.tiers ?? []).map((t) => ({ above: t.above, rates: toRates(t) })).sort((a, b) => a.above - b.above),
    origin: file,
  }));
}

export function globMatches(pattern: string, model: string): boolean {
  if (!pattern.includes('*')) return pattern === model;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(model);
}
