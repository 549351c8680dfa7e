import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { findGitRoot } from '../store/location.js';
import type { Rule, SettingAdvice } from './rule.js';

const CANDIDATES = ['AGENTS.md', 'CLAUDE.md', path.join('.github', 'copilot-instructions.md')];

/**
 * The instructions files rules go to: --target, else every one of AGENTS.md, CLAUDE.md and the copilot instructions
 * present at the repository root (agents read different ones), else AGENTS.md.
 */
export function resolveTargets(cwd: string, explicit: string | undefined): { files: string[]; root: string } {
  const root = findGitRoot(cwd) ?? path.resolve(cwd);
  if (explicit) return { files: [path.resolve(cwd, explicit)], root };
  const present = CANDIDATES.map((c) => path.join(root, c)).filter((p) => fs.existsSync(p));
  return { files: present.length ? present : [path.join(root, 'AGENTS.md')], root };
}

export function readIfExists(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

/** A SKILL.md target (by file name) gets the paper's sections instead of one appended block. */
export function isSkillFile(file: string): boolean {
  return path.basename(file).toLowerCase() === 'skill.md';
}

/**
 * `.clawtrace/rules.yaml`: every rule with its full evidence and counterfactual, and the settings advice, reviewable
 * in the same commit.
 */
export function rulesYaml(rules: readonly Rule[], settings: readonly SettingAdvice[], sessions: number, spendUsd: number): string {
  return stringify({ clawtrace_rules: 2, sessions, spend_usd: spendUsd, rules, settings }, { lineWidth: 0, aliasDuplicateObjects: false });
}
