import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { findGitRoot } from '../store/location.js';
import type { Rule } from './rule.js';

const CANDIDATES = ['AGENTS.md', 'CLAUDE.md', path.join('.github', 'copilot-instructions.md')];

/** The instructions file rules go to: --target, else the first of AGENTS.md, CLAUDE.md, copilot instructions at the repo root, else AGENTS.md. */
export function resolveTarget(cwd: string, explicit: string | undefined): { file: string; root: string } {
  const root = findGitRoot(cwd) ?? path.resolve(cwd);
  if (explicit) return { file: path.resolve(cwd, explicit), root };
  for (const c of CANDIDATES) {
    const p = path.join(root, c);
    if (fs.existsSync(p)) return { file: p, root };
  }
  return { file: path.join(root, 'AGENTS.md'), root };
}

export function readIfExists(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

/** `.clawtrace/rules.yaml`: every rule with its full evidence and counterfactual, reviewable in the same commit. */
export function rulesYaml(rules: readonly Rule[], sessions: number): string {
  return stringify({ clawtrace_rules: 1, sessions, rules }, { lineWidth: 0, aliasDuplicateObjects: false });
}
