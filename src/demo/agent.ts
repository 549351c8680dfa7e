// The demo's bundled agent: a small but real coding-agent loop speaking OpenAI Chat Completions (streamed, with
// tools) over fetch. It runs shell commands in its working directory and can hand a sub-task to an in-process
// sub-agent, like the big agents do. `clawtrace demo` records it against the scripted model server.
import { spawnSync } from 'node:child_process';
import { ChatClient, type ChatMessage, type ChatTool } from './chat-client.js';

const MAX_TURNS = 12;
const OUTPUT_LIMIT = 8000;

const SHELL_TOOL: ChatTool = {
  type: 'function',
  function: {
    name: 'bash',
    description: 'Run a shell command in the project directory and return its output.',
    parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
  },
};

const SPAWN_TOOL: ChatTool = {
  type: 'function',
  function: {
    name: 'spawn_agent',
    description: 'Hand a self-contained sub-task to a helper agent and get its final answer back.',
    parameters: { type: 'object', properties: { task: { type: 'string' } }, required: ['task'] },
  },
};

// Real agents send long standing instructions with every call; this one does too, so prompt caching matters.
const GUIDELINES = [
  'Read the relevant files before changing them, and change as little as you can.',
  'Prefer the project\'s own scripts for building and testing over ad-hoc commands.',
  'Never print secrets, tokens or credentials, even when a file contains them.',
  'When a command fails, read its output and fix the cause instead of retrying blindly.',
  'Keep the user informed with short, factual summaries; do not speculate about code you have not read.',
  'Do not reformat files you did not otherwise change; match the surrounding style.',
];
const SYSTEM = [
  'You are a careful coding agent working in a small repository.',
  'Use the bash tool to inspect and change files. Keep changes minimal. Run the tests before you finish.',
  'When you are done, reply with a one-paragraph summary of what you changed.',
  ...Array.from({ length: 12 }, (_, i) => GUIDELINES.map((g) => `${i + 1}. ${g}`).join('\n')),
].join('\n');

function runShell(command: string, cwd: string): { text: string; failed: boolean } {
  const r = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', timeout: 20_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.slice(0, OUTPUT_LIMIT);
  const failed = r.status !== 0;
  return { text: failed ? `exit code ${r.status ?? r.signal}\n${out}` : out || '(no output)', failed };
}

function argOf(json: string, key: string): string {
  try {
    const v = (JSON.parse(json) as Record<string, unknown>)[key];
    return typeof v === 'string' ? v : '';
  } catch (err) {
    return `(unparsable arguments: ${err instanceof Error ? err.message : String(err)})`;
  }
}

async function runAgent(client: ChatClient, model: string, task: string, cwd: string, canSpawn: boolean): Promise<string> {
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: task },
  ];
  const tools = canSpawn ? [SHELL_TOOL, SPAWN_TOOL] : [SHELL_TOOL];
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const msg = await client.complete(model, messages, tools);
    messages.push(msg);
    const calls = msg.tool_calls ?? [];
    if (calls.length === 0) return msg.content ?? '';
    for (const call of calls) {
      if (call.type !== 'function') continue;
      let result: string;
      if (call.function.name === 'spawn_agent' && canSpawn) {
        result = await runAgent(client, model, argOf(call.function.arguments, 'task'), cwd, false);
      } else {
        result = runShell(argOf(call.function.arguments, 'command'), cwd).text;
      }
      messages.push({ role: 'tool', tool_call_id: call.id, content: result });
    }
  }
  return '(stopped after too many turns)';
}

async function main(): Promise<void> {
  const [task, model = 'gpt-4.1-mini'] = process.argv.slice(2);
  if (!task) {
    process.stderr.write('usage: demo-agent "<task>" [model]\n');
    process.exit(2);
  }
  const client = new ChatClient(process.env['OPENAI_BASE_URL'] ?? 'https://api.openai.com/v1', process.env['OPENAI_API_KEY'] ?? 'scripted-demo-key');
  const answer = await runAgent(client, model, task, process.cwd(), true);
  process.stdout.write(`${answer}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo agent: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
