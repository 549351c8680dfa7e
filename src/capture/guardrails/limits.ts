import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Per-session limits enforced in the request path. Sub-agents count against their session. */
export const LimitsSchema = z.object({
  maxUsd: z.number().positive().nullable(),
  maxCalls: z.number().int().positive().nullable(),
  maxTokens: z.number().int().positive().nullable(),
  /** the same tool call (tool + arguments) requested this many times in one thread blocks the loop */
  maxRepeats: z.number().int().min(2).nullable(),
  onLimit: z.enum(['refuse', 'stop']),
});
export type Limits = z.infer<typeof LimitsSchema>;

export const NO_LIMITS: Limits = { maxUsd: null, maxCalls: null, maxTokens: null, maxRepeats: null, onLimit: 'refuse' };

export function hasLimits(l: Limits): boolean {
  return l.maxUsd !== null || l.maxCalls !== null || l.maxTokens !== null || l.maxRepeats !== null;
}

const ConfigFileSchema = z
  .object({
    limits: z
      .object({
        max_usd: z.number().positive().optional(),
        max_calls: z.number().int().positive().optional(),
        max_tokens: z.number().int().positive().optional(),
        max_repeats: z.number().int().min(2).optional(),
        on_limit: z.enum(['refuse', 'stop']).optional(),
      })
      .strict()
      .optional(),
  })
  .passthrough();

export class LimitsError extends Error {}

type Raw = Partial<Record<'maxUsd' | 'maxCalls' | 'maxTokens' | 'maxRepeats' | 'onLimit', string | number | undefined>>;

function num(name: string, v: string | number | undefined, int: boolean): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).replace(/^\$/, ''));
  if (!Number.isFinite(n) || n <= 0 || (int && !Number.isInteger(n))) {
    throw new LimitsError(`${name} needs a positive ${int ? 'whole ' : ''}number, got '${v}'`);
  }
  return n;
}

/**
 * Resolves limits from, weakest first: `.clawtrace/config.yaml` (`limits: {max_usd, max_calls, ...}`),
 * `CLAWTRACE_MAX_USD` / `_CALLS` / `_TOKENS` / `_REPEATS` and `CLAWTRACE_ON_LIMIT`, then command-line flags.
 */
export function resolveLimits(flags: Raw, env: NodeJS.ProcessEnv, projectDir: string | null): Limits {
  let file: z.infer<typeof ConfigFileSchema>['limits'] = {};
  const configPath = projectDir ? path.join(projectDir, 'config.yaml') : null;
  if (configPath && fs.existsSync(configPath)) {
    let parsed: unknown;
    try {
      parsed = parseYaml(fs.readFileSync(configPath, 'utf8'));
    } catch (err) {
      throw new LimitsError(`${configPath}: not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    const r = ConfigFileSchema.safeParse(parsed ?? {});
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new LimitsError(`${configPath}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    file = r.data.limits ?? {};
  }
  const pick = (flag: string | number | undefined, envName: string, fromFile: number | undefined) =>
    flag ?? env[envName] ?? fromFile;
  const onLimit = String(flags.onLimit ?? env['CLAWTRACE_ON_LIMIT'] ?? file?.on_limit ?? 'refuse');
  if (onLimit !== 'refuse' && onLimit !== 'stop') throw new LimitsError(`--on-limit takes refuse or stop, got '${onLimit}'`);
  const maxRepeats = num('--max-repeats', pick(flags.maxRepeats, 'CLAWTRACE_MAX_REPEATS', file?.max_repeats), true);
  if (maxRepeats !== undefined && maxRepeats < 2) throw new LimitsError('--max-repeats needs at least 2');
  return {
    maxUsd: num('--max-usd', pick(flags.maxUsd, 'CLAWTRACE_MAX_USD', file?.max_usd), false) ?? null,
    maxCalls: num('--max-calls', pick(flags.maxCalls, 'CLAWTRACE_MAX_CALLS', file?.max_calls), true) ?? null,
    maxTokens: num('--max-tokens', pick(flags.maxTokens, 'CLAWTRACE_MAX_TOKENS', file?.max_tokens), true) ?? null,
    maxRepeats: maxRepeats ?? null,
    onLimit,
  };
}
