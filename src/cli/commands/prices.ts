import type { Command } from 'commander';
import Table from 'cli-table3';
import { PRICES_OPTION, priceTableFor } from '../pricing-option.js';
import { UserFacingError } from '../errors.js';

const PROVIDERS = ['anthropic', 'openai', 'google', 'other'];

export function registerPrices(program: Command): void {
  program
    .command('prices')
    .description('the per-million-token rates in use and where they come from (bundled genai-prices data + your prices.yaml)')
    .argument('[model]', 'a model id, e.g. claude-sonnet-4-6 or gpt-4.1')
    .option(...PRICES_OPTION)
    .option('--provider <name>', 'anthropic, openai, google, or a provider genai-prices knows (zai, minimax, deepseek, ...); default: the first that prices the model')
    .option('--prompt-tokens <n>', 'prompt size, for tiered prices', '1000')
    .option('--json', 'print JSON')
    .action((model: string | undefined, flags: { prices?: string; provider?: string; promptTokens: string; json?: boolean }) => {
      const table = priceTableFor(flags.prices);
      if (!model) {
        const user = table.userEntries();
        if (flags.json) process.stdout.write(`${JSON.stringify({ user }, null, 2)}\n`);
        else {
          process.stdout.write('Prices come from the bundled @pydantic/genai-prices data (offline); entries in .clawtrace/prices.yaml or --prices win.\n');
          process.stdout.write(user.length ? `${user.length} user entr${user.length === 1 ? 'y' : 'ies'}: ${user.map((u) => u.match).join(', ')}\n` : 'No user price file in use.\n');
          process.stdout.write('Look one up: clawtrace prices <model>\n');
        }
        return;
      }
      const prompt = Number(flags.promptTokens) || 0;
      const providers = flags.provider ? [flags.provider] : PROVIDERS;
      const look = (p: string) => ({ p, e: table.lookup(PROVIDERS.includes(p) ? { provider: p, model, promptTokens: prompt } : { provider: 'other', providerId: p, model, promptTokens: prompt }) });
      // without --provider: the first provider whose own list prices the model, else whichever list has it
      const hit = flags.provider ? look(flags.provider) : (providers.map(look).find((x) => x.e !== null && x.e.source.note === null) ?? look('other'));
      if (!hit?.e) {
        throw new UserFacingError(
          `no price for '${model}': calls to it are counted as unpriced (never $0). Add it to .clawtrace/prices.yaml:\n  models:\n    - match: ${model}\n      input: <USD per 1M input tokens>\n      output: <USD per 1M output tokens>`,
        );
      }
      const r = hit.e.rates;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ model, provider: hit.p, rates_per_million: r, source: hit.e.source }, null, 2)}\n`);
        return;
      }
      const t = new Table({ head: ['per 1M tokens', 'USD'], style: { head: [], border: [] } });
      t.push(['input', r.input], ['output (reasoning included)', r.output], ['cache read', r.cacheRead], ['cache write (5 min)', r.cacheWrite5m], ['cache write (1 hour)', r.cacheWrite1h]);
      const via = hit.e.source.note === null && hit.p !== 'other' ? ` via ${hit.p}` : '';
      process.stdout.write(`${model}${via}: entry '${hit.e.source.modelId}' from ${hit.e.source.origin}${hit.e.source.note ? ` (${hit.e.source.note})` : ''}\n${t.toString()}\n`);
    });
}
