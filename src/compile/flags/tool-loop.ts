import type { ToolStep } from '../../domain/model.js';
import { THRESHOLDS } from './thresholds.js';
import { failed, patternOf, repeatClaims, usdText, type Candidate, type Claim, type Detector, type FlagContext } from './context.js';

/** A call's identity for loop purposes: what it did and what came back (volatile parts aside). Unknown never matches. */
function identity(t: ToolStep, i: number): string {
  const result = t.resultStableHash ?? t.resultHash;
  if (result === null || result === undefined || t.action.family === 'plan') return `\u0001${i}`;
  return `${t.action.family}\u0000${t.action.target}\u0000${result}\u0000${failed(t) ? 'error' : 'ok'}`;
}

function roundsNeeded(p: number): number {
  return p === 1 || p <= 3 ? THRESHOLDS.loopRepeats : THRESHOLDS.longLoopRepeats;
}

function loopCandidate(ctx: FlagContext, run: ToolStep[], p: number): Candidate {
  const repeats = run.slice(p);
  const claims: Claim[] = repeats.flatMap((t) => repeatClaims(ctx, t));
  const round = run.slice(0, p);
  const anyFailed = round.some(failed);
  const names = round.map((s) => s.name);
  const first = run[0]?.id;
  const last = run[run.length - 1]?.id;
  return {
    kind: 'tool_loop',
    steps: run.map((s) => s.id),
    target: round.map(patternOf).join('>'),
    cause:
      p === 1
        ? `the same ${anyFailed ? 'failing ' : ''}call repeated with an unchanged result`
        : `a cycle of ${p} calls (${names.join(' → ')}) went round with unchanged results${anyFailed ? ', failing each time' : ''}`,
    claims,
    evidence: (usd) =>
      p === 1
        ? `${names[0]} ran ${run.length} times in a row doing the same thing with the same result (${first}..${last}); the ${repeats.length} repeats cost ${usdText(usd)}`
        : `the cycle ${names.join(' → ')} went round ${Math.floor(run.length / p)} times with unchanged results (${first}..${last}); every round after the first made no progress and cost ${usdText(usd)}`,
  };
}

/**
 * tool_loop: one agent doing the same thing with the same result three or more times in a row, or going round a
 * cycle of calls whose results never change (A, B, A, B, A, B; a cycle longer than 3 calls twice is enough: start →
 * poll → error → kill → start again). Plan and todo updates never count. Waste: every round after the first.
 */
export const toolLoop: Detector = (ctx) => {
  const out: Candidate[] = [];
  for (const steps of ctx.toolsByAgent.values()) {
    const ids = steps.map(identity);
    const taken = new Array<boolean>(steps.length).fill(false);
    for (let p = 1; p <= THRESHOLDS.loopMaxCycle; p++) {
      let i = p;
      while (i < steps.length) {
        if (ids[i] !== ids[i - p]) {
          i++;
          continue;
        }
        const start = i - p;
        let end = i;
        while (end + 1 < steps.length && ids[end + 1] === ids[end + 1 - p]) end++;
        const length = end - start + 1;
        const distinct = new Set(ids.slice(start, start + p)).size === p;
        const free = !taken.slice(start, end + 1).some(Boolean);
        if (free && distinct && length >= p * roundsNeeded(p)) {
          for (let k = start; k <= end; k++) taken[k] = true;
          out.push(loopCandidate(ctx, steps.slice(start, end + 1), p));
        }
        i = end + 1;
      }
    }
  }
  return out;
};
