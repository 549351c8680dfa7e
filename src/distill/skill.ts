import type { Rule } from './rule.js';

/**
 * A SKILL.md in the paper's shape: the rules go into its sections (Trigger, Workflow, Stop rules, Artifact checklist,
 * Cost control), each inside clawtrace markers of its own, so a person's text around them stays as it is and a second
 * run replaces only what clawtrace wrote.
 */
export const SKILL_SECTIONS = ['Trigger', 'Workflow', 'Stop rules', 'Artifact checklist', 'Cost control'] as const;
type Section = (typeof SKILL_SECTIONS)[number];

const STOP_PATTERNS = /^prune-(repeat-until-change|failed-call-unchanged|poll-wait-longer|search-found-nothing)$/;

/** Which section a rule belongs in. */
export function sectionOf(r: Rule): Section {
  if (r.kind === 'preserve') return 'Workflow';
  if (r.kind === 'repair') return 'Artifact checklist';
  return STOP_PATTERNS.test(r.id) ? 'Stop rules' : 'Cost control';
}

const begin = (s: Section): string => `<!-- clawtrace:${s.toLowerCase().replace(/\s+/g, '-')}:begin -->`;
const end = (s: Section): string => `<!-- clawtrace:${s.toLowerCase().replace(/\s+/g, '-')}:end -->`;

function block(s: Section, rules: readonly Rule[], scope: string | null): string[] {
  const lines = [begin(s)];
  if (s === 'Trigger') lines.push(scope ? `- Tasks like those tagged ${scope} in this repository.` : '- Coding tasks in this repository.');
  for (const r of rules) lines.push(`- ${r.text}${r.scope ? ` (only for tasks with ${Object.entries(r.scope).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`);
  if (lines.length === 1) lines.push('- (nothing learned for this section yet)');
  lines.push(end(s));
  return lines;
}

/**
 * The SKILL.md text with the rules in their sections: an existing file keeps every line outside the markers; a
 * section it has gets the block after its own text; a section heading it lacks is added at the end; a missing file becomes a skill with the five sections.
 */
export function applySkill(original: string | null, rules: readonly Rule[], name: string): string {
  const eol = original?.includes('\r\n') ? '\r\n' : '\n';
  let lines = original === null ? ['---', `name: ${name}`, 'description: Rules for coding agents learned by clawtrace from recorded sessions.', '---', '', `# ${name}`] : original.split(/\r?\n/);
  const scope = rules.find((r) => r.scope)?.scope ?? null;
  const scopeText = scope ? Object.entries(scope).map(([k, v]) => `${k}=${v}`).join(', ') : null;
  for (const s of SKILL_SECTIONS) {
    const mine = block(s, rules.filter((r) => sectionOf(r) === s), scopeText);
    const b = lines.indexOf(begin(s));
    const e = lines.indexOf(end(s));
    if (b >= 0 && e > b) {
      lines = [...lines.slice(0, b), ...mine, ...lines.slice(e + 1)];
      continue;
    }
    const heading = lines.findIndex((l) => l.trim().toLowerCase() === `## ${s.toLowerCase()}`);
    if (heading >= 0) {
      // after the person's text in that section, before the next heading
      let at = lines.findIndex((l, i) => i > heading && /^#{1,2}\s/.test(l));
      if (at < 0) at = lines.length;
      while (at > heading + 1 && lines[at - 1] === '') at -= 1;
      lines = [...lines.slice(0, at), '', ...mine, ...(at < lines.length ? [''] : []), ...lines.slice(at)];
    } else {
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      lines = [...lines, '', `## ${s}`, '', ...mine];
    }
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join(eol)}${eol}`;
}
