/**
 * Masks strings that look like credentials before they reach a card, an evidence line or a rule: provider keys,
 * tokens, bearer values, `password=...` pairs and long high-entropy runs. Prefers masking too much to leaking.
 */
const PATTERNS: RegExp[] = [
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}/g,
  /(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{12,}/gi,
  /\b((?:password|passwd|secret|token|api[_-]?key|access[_-]?key)["']?\s*[:=]\s*["']?)[^\s"',;&]{4,}/gi,
  /\b[A-Fa-f0-9]{40,}\b/g,
  /\b(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{40,}={0,2}/g,
];

export function maskSecrets(text: string): string {
  let out = text;
  for (const re of PATTERNS) {
    out = out.replace(re, (m: string, keep?: string) =>
      typeof keep === 'string' && keep.length < m.length && /[:=]\s*["']?$/.test(keep) ? `${keep}***` : m.startsWith('Bearer') || m.startsWith('Basic') || m.startsWith('Token') ? `${m.split(/\s+/)[0] ?? ''} ***` : '***',
    );
  }
  return out;
}
