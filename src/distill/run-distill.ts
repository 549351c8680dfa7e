import fs from 'node:fs';
import path from 'node:path';
import type { TraceCard } from '../compile/card/schema.js';
import { distill, type DistillOptions, type DistillResult } from './distill.js';
import { applySection, renderSection } from './section.js';
import { applySkill } from './skill.js';
import { isSkillFile, readIfExists, resolveTargets, rulesYaml } from './target.js';
import { unifiedDiff } from './unified-diff.js';

export interface FilePatch {
  file: string;
  relPath: string;
  before: string | null;
  after: string;
  diff: string;
}

export interface PatchPlan {
  result: DistillResult;
  patches: FilePatch[];
  rulesFile: string;
  rulesText: string;
}

/**
 * Distills rules from cards and works out the patch of every target instructions file (nothing written yet). With no
 * rule there is no patch: an instructions file never gets an empty section, and rules already in one stay.
 */
export function planPatch(cards: readonly TraceCard[], o: DistillOptions, cwd: string, target: string | undefined): PatchPlan {
  const result = distill(cards, o);
  const { files, root } = resolveTargets(cwd, target);
  const patches = (result.rules.length === 0 ? [] : files).map((file) => {
    const before = readIfExists(file);
    const after = isSkillFile(file)
      ? applySkill(before, result.rules, path.basename(path.dirname(file)) || 'clawtrace-rules')
      : applySection(before, renderSection(result.rules, cards.length));
    const relPath = path.relative(root, file).split(path.sep).join('/');
    return { file, relPath, before, after, diff: unifiedDiff(relPath, before, after) };
  });
  return {
    result,
    patches,
    rulesFile: path.join(root, '.clawtrace', 'rules.yaml'),
    rulesText: rulesYaml(result.rules, result.settings, cards.length, result.spendUsd),
  };
}

/** Writes the instructions files (only those that change) and the rules file with the evidence. */
export function applyPatch(p: PatchPlan): void {
  for (const f of p.patches) if (f.before !== f.after) fs.writeFileSync(f.file, f.after);
  fs.mkdirSync(path.dirname(p.rulesFile), { recursive: true });
  fs.writeFileSync(p.rulesFile, p.rulesText);
}
