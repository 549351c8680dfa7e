import { z } from 'zod';

/** A distilled rule with the proof it stands on. Kept whole in .clawtrace/rules.yaml; only `text` goes to AGENTS.md. */
export const EvidenceSchema = z.object({
  session: z.string(),
  label: z.string().nullable(),
  steps: z.array(z.string()),
  wasted_usd: z.number().nullable(),
  evidence: z.string(),
});

export const RuleSchema = z.object({
  id: z.string(),
  kind: z.enum(['repair', 'prune', 'preserve']),
  text: z.string(),
  /** the pattern the rule targets (a prune pattern, a failure cause, a behaviour) */
  targets: z.string(),
  support: z.object({ sessions: z.number().int(), occurrences: z.number().int() }),
  /**
   * the dollars of the evidence the rule rests on: their total, the median share of a session they were, and their
   * share of the spend of all the sessions distilled
   */
  saved_usd: z.object({ total: z.number(), median_share_of_session: z.number(), share_of_spend: z.number() }).nullable(),
  counterfactual: z.string().nullable(),
  /** preserve rules apply only to the task kinds they were learned from */
  scope: z.record(z.string(), z.string()).nullable(),
  evidence: z.array(EvidenceSchema),
});
export type Rule = z.infer<typeof RuleSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;

/**
 * Advice for the people who run the agents: waste that is not the agent's choice (a setting, idle time, the model).
 * Printed apart from the rules and never written into AGENTS.md.
 */
export const SettingAdviceSchema = z.object({
  id: z.string(),
  /** what is wasted, in plain words */
  problem: z.string(),
  /** the concrete setting to change, for the agents that ran */
  setting: z.string(),
  agents: z.array(z.string()),
  usd: z.number(),
  share_of_spend: z.number(),
  sessions: z.array(z.string()),
  occurrences: z.number().int(),
});
export type SettingAdvice = z.infer<typeof SettingAdviceSchema>;

export const RulesFileSchema = z.object({
  clawtrace_rules: z.literal(2),
  sessions: z.number().int(),
  spend_usd: z.number(),
  rules: z.array(RuleSchema),
  settings: z.array(SettingAdviceSchema),
});

/** Where an optional analyst (an LLM, later) may reword rules; the default keeps them as they are. */
export interface RuleRewriter {
  rewrite(rule: Rule): Rule;
}

export const IDENTITY_REWRITER: RuleRewriter = { rewrite: (r) => r };

export const PRESERVE_WARNING =
  'Preserve rules are scoped to the task kinds they were learned from: in the ClawTrace study they did not transfer across task types (prune rules did).';

/** A candidate rule or piece of advice that was not emitted, and why. */
export interface Dropped {
  id: string;
  reason: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

export const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;
