/**
 * The one masking of secrets for everything that leaves clawtrace: command lines as stored and printed (sessions,
 * show, cards), tool arguments and results in views and cards, evidence lines and rules. Provider keys and tokens
 * (the recognisable prefix is kept, the secret part replaced by ***), credential headers and bearer values, secret
 * command-line options (`--password X`, `--token=X`, `-u user:pass`), `password=...` pairs, credentials in URLs,
 * private key blocks, and long high-entropy hex or base64 runs. Prefers masking too much to leaking.
 */
export const MASK = '***';

interface Rule {
  re: RegExp;
  /** what replaces a match; `$1` etc. keep the non-secret part */
  to: string;
}

const RULES: Rule[] = [
  // a credential header written out (curl -H "Authorization: Bearer …", a tool argument): its value, whatever its length
  {
    re: /\b((?:proxy-)?authorization|x-api-key|api-key|x-goog-api-key|x-auth-token|cookie)(["']?\s*:\s*["']?)((?:Bearer|Basic|Token)\s+)?(?!\*\*\*)[^\s"',;]+/gi,
    to: `$1$2$3${MASK}`,
  },
  // a secret given as a command-line option: --password X, --token=X, --auth X, --api-key X
  { re: /(^|[\s"'])(--?(?:password|passwd|pass|token|api[-_]?key|auth|secret|access[-_]?key|client[-_]?secret)(?:=|\s+))(?!\*\*\*)[^\s"']+/gi, to: `$1$2${MASK}` },
  // user:password after -u / --user (curl, wget): the user stays
  { re: /(^|[\s"'])((?:-u|--user)(?:=|\s+)[^\s:"']+:)(?!\*\*\*)[^\s"']+/g, to: `$1$2${MASK}` },
  { re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, to: `-----PRIVATE KEY ${MASK}-----` },
  { re: /\b(sk-(?:ant-(?:api\d+-|admin\d+-)?|proj-|svcacct-|or-v1-)?)[A-Za-z0-9_-]{16,}/g, to: `$1${MASK}` },
  { re: /\b(AIza)[0-9A-Za-z_-]{30,}/g, to: `$1${MASK}` },
  { re: /\b(gh[pousr]_)[A-Za-z0-9]{20,}/g, to: `$1${MASK}` },
  { re: /\b(github_pat_)[A-Za-z0-9_]{30,}/g, to: `$1${MASK}` },
  { re: /\b(xox[abprs]-)[A-Za-z0-9-]{10,}/g, to: `$1${MASK}` },
  { re: /\b((?:AKIA|ASIA))[0-9A-Z]{16}\b/g, to: `$1${MASK}` },
  { re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}/g, to: MASK },
  { re: /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{12,}/gi, to: `$1$2${MASK}` },
  { re: /\b(\w*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth)["']?\s*[:=]\s*["']?)[^\s"',;&]{4,}/gi, to: `$1${MASK}` },
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]{3,}@/gi, to: `$1${MASK}@` },
  { re: /\b[A-Fa-f0-9]{32,}\b/g, to: MASK },
];

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

// a run of base64 characters with upper case, lower case and digits, 40 or more long
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{40,}={0,2}/g;
// random base64 carries ~6 bits per character; words, paths and identifiers stay well under this
const MIN_SECRET_ENTROPY = 4.5;

/** The text with every credential-looking run replaced by `***` (keeping recognisable, non-secret prefixes). */
export function maskSecrets(text: string): string {
  let out = text;
  for (const { re, to } of RULES) out = out.replace(re, to);
  return out.replace(BASE64_RUN, (m) => (entropy(m) >= MIN_SECRET_ENTROPY ? MASK : m));
}

/** Options whose next argument is a secret as a whole. */
const SECRET_OPTION = /^--?(?:password|passwd|pass|token|api[-_]?key|auth|secret|access[-_]?key|client[-_]?secret|[\w-]*(?:key|token|secret|password))$/i;
/** VAR=value assignments whose value is a secret (env FOO_API_KEY=… agent). */
const SECRET_ASSIGNMENT = /^([A-Za-z_][\w]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|AUTH)[\w]*)=(.+)$/i;

/**
 * A command line with its secrets masked, argument by argument: the value after a secret option (`--password X`,
 * `--api-key X`), the password of `-u user:pass`, the value of a credential header (`-H "Authorization: …"`),
 * `SECRET=value` assignments, and anything maskSecrets finds in an argument.
 */
export function maskArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let next: 'secret' | 'user' | null = null;
  for (const arg of argv) {
    if (next === 'secret') out.push(MASK);
    else if (next === 'user') out.push(arg.replace(/^([^:]*:).+$/, `$1${MASK}`));
    else {
      const assign = SECRET_ASSIGNMENT.exec(arg);
      out.push(assign ? `${assign[1]}=${MASK}` : maskSecrets(arg));
    }
    next = next === null && SECRET_OPTION.test(arg) ? 'secret' : next === null && (arg === '-u' || arg === '--user') ? 'user' : null;
  }
  return out;
}
