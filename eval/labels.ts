import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';

/**
 * Hand labels of flags on real agent logs, one file per log (eval/labels/<sha256 first 16>.yaml). A label names a flag
 * by its kind and the steps it cites, as ids that survive a recompile or a re-import: `tool:<tool call id>` for tool
 * steps, `call:<the log's own id of the response>` for LLM steps. `true`: a person read the cited steps and the waste
 * is real; `false`: it is not; `miss`: real waste that no flag reported.
 */
export const LabelSchema = z.object({
  kind: z.string(),
  steps: z.array(z.string()).min(1),
  verdict: z.union([z.literal(true), z.literal(false), z.literal('miss')]),
  note: z.string(),
});
export type Label = z.infer<typeof LabelSchema>;

export const LabelFileSchema = z.object({
  /** the log's path under the corpus it was labelled in (for people; the sha256 is the key) */
  log: z.string(),
  sha256: z.string(),
  labels: z.array(LabelSchema),
});
export type LabelFile = z.infer<typeof LabelFileSchema>;

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function labelPath(dir: string, sha: string): string {
  return path.join(dir, `${sha.slice(0, 16)}.yaml`);
}

export function readLabels(dir: string, sha: string): LabelFile | null {
  const file = labelPath(dir, sha);
  if (!fs.existsSync(file)) return null;
  return LabelFileSchema.parse(parse(fs.readFileSync(file, 'utf8')));
}

export function writeLabels(dir: string, f: LabelFile): void {
  fs.writeFileSync(labelPath(dir, f.sha256), stringify(f, { lineWidth: 0 }));
}

export const labelKey = (kind: string, steps: readonly string[]): string => `${kind}|${steps.join(',')}`;
