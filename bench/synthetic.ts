import type { LlmCallRecord, NormalizedCall } from '../src/domain/llm-call.js';
import { makeUsage } from '../src/domain/usage.js';
import { shortHash } from '../src/util/hash.js';

// each round: a search repeated with nothing written in between (a duplicate), a file read again across rounds with
// only a listing in between (a reread), and an edit and a test run that make the rest legitimate
const COMMANDS = ['ls', 'cat src/a.ts', 'grep -rn TODO .', 'cat src/b.ts', 'grep -rn TODO .', "sed -i 's/x/y/' src/b.ts", 'npm test', 'cat src/a.ts'];

/**
 * A long synthetic session: one agent thread whose every turn asks for one shell command (a realistic mix of reads,
 * writes, repeats and test runs), with growing prompts and cache reads, `turns` LLM calls → 2 × turns steps.
 */
export function syntheticCalls(turns: number, sessionId = 'bench'): LlmCallRecord[] {
  const calls: LlmCallRecord[] = [];
  for (let i = 0; i < turns; i++) {
    const cmd = COMMANDS[i % COMMANDS.length] ?? 'ls';
    // this request carries the result of the previous turn's command
    const prevCmd = COMMANDS[(i + COMMANDS.length - 1) % COMMANDS.length] ?? 'ls';
    const result = prevCmd.startsWith('cat') ? `contents of ${prevCmd.slice(4)} `.repeat(40) : `output of ${prevCmd}`;
    const input = 2000 + i * 60;
    const call: NormalizedCall = {
      api: 'anthropic-messages',
      provider: 'anthropic',
      modelRequested: 'claude-sonnet-4-6',
      model: 'claude-sonnet-4-6',
      stream: true,
      usage: makeUsage({ inputUncached: 60, cacheRead: Math.max(0, input - 60 - 200), cacheWrite5m: 200, output: 80 }),
      rawUsage: null,
      stopReason: 'tool_use',
      outputText: i % 3 === 0 ? 'Checking the next file.' : '',
      toolCalls: [{ id: `toolu_${i}`, name: 'Bash', args: JSON.stringify({ command: cmd }) }],
      request: {
        messageCount: 1 + 2 * i,
        systemHash: 'sys',
        headHash: 'head',
        lastAssistant: i ? { textHash: null, toolCallIds: [`toolu_${i - 1}`] } : null,
        toolResults: i
          ? [{ toolCallId: `toolu_${i - 1}`, name: null, chars: result.length, tokens: Math.ceil(result.length / 4), isError: false, contentHash: shortHash(result), preview: result.slice(0, 200), messageIndex: 2 * i }]
          : [],
        toolsDeclared: ['Bash', 'Read', 'Edit'],
        inputChars: input * 4,
        firstUserText: 'do the task',
        lastUserText: 'do the task',
      },
      error: null,
      complete: true,
      hints: {},
    };
    calls.push({ id: i + 1, sessionId, seq: i + 1, exchangeId: null, startedAt: 1_700_000_000_000 + i * 1000, firstByteAt: null, endedAt: 1_700_000_000_000 + i * 1000 + 700, call });
  }
  return calls;
}
