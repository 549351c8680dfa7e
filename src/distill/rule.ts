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
  /** flag kind or behaviour the rule targets, and the tool family */
  targets: z.string(),
  support: z.object({ sessions: z.number().int(), occurrences: z.number().int() }),
  saved_usd: z.object({ total: z.number(), median_share_of_session: z.number() }).nullable(),
  counterfactual: z.string().nullable(),
  /** preserve rules apply only to the task kinds they were learned from */
  scope: z.record(z.string(), z.string()).nullable(),
  evidence: z.array(EvidenceSchema),
});
export type Rule = z.infer<typeof RuleSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;

export const RulesFileSchema = z.object({
  clawtrace_rules: z.literal(1),
  sessions: z.number().int(),
  rules: z.array(RuleSchema),
});

/** Where an optional analyst (an LLM, later) may reword rules; the default keeps them as they are. */
export interface RuleRewriter {
  rewrite(rule: Rule): Rule;
}

export const IDENTITY_REWRITER: RuleRewriter = { rewrite: (r) => r };

export const PRESERVE_WARNING =
  'Preserve rules are scoped to the task kinds they were learned from: in the ClawTrace study they did not transfer across task types (prune rules did).';
