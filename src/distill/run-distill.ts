import fs from 'node:fs';
import path from 'node:path';
import type { TraceCard } from '../compile/card/schema.js';
import { distill, type DistillOptions, type DistillResult } from './distill.js';
import { applySection, renderSection } from './section.js';
import { readIfExists, resolveTarget, rulesYaml } from './target.js';
import { unifiedDiff } from './unified-diff.js';

export interface PatchPlan {
  result: DistillResult;
  targetFile: string;
  relPath: string;
  before: string | null;
  after: string;
  diff: string;
  rulesFile: string;
  rulesText: string;
}

/** Distills rules from cards and works out the patch for the target instructions file (nothing written yet). */
export function planPatch(cards: readonly TraceCard[], o: DistillOptions, cwd: string, target: string | undefined): PatchPlan {
  const result = distill(cards, o);
  const { file, root } = resolveTarget(cwd, target);
  const before = readIfExists(file);
  const after = applySection(before, renderSection(result.rules, cards.length));
  const relPath = path.relative(root, file).split(path.sep).join('/');
  return {
    result,
    targetFile: file,
    relPath,
    before,
    after,
    diff: unifiedDiff(relPath, before, after),
    rulesFile: path.join(root, '.clawtrace', 'rules.yaml'),
    rulesText: rulesYaml(result.rules, cards.length),
  };
}

/** Writes the instructions file (only if it changes) and the rules file with the evidence. */
export function applyPatch(p: PatchPlan): void {
  if (p.before !== p.after) fs.writeFileSync(p.targetFile, p.after);
  fs.mkdirSync(path.dirname(p.rulesFile), { recursive: true });
  fs.writeFileSync(p.rulesFile, p.rulesText);
}
