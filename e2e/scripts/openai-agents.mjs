// An agent on the OpenAI Agents SDK with one shell tool, for the end-to-end suite. argv[2]: "responses" (default)
// or "chat" (Chat Completions via setOpenAIAPI). Prints the final output. Base URL from OPENAI_BASE_URL.
import { execFileSync } from 'node:child_process';
import { Agent, run, setOpenAIAPI, setTracingDisabled, tool } from '@openai/agents';
import { z } from 'zod';

setTracingDisabled(true);
if (process.argv[2] === 'chat') setOpenAIAPI('chat_completions');

const bash = tool({
  name: 'bash',
  description: 'Run a shell command and return its output.',
  parameters: z.object({ command: z.string(), description: z.string().nullable() }),
  execute: async ({ command }) => execFileSync('bash', ['-c', command], { encoding: 'utf8' }),
});

const agent = new Agent({ name: 'e2e', instructions: 'Use the bash tool when asked to run commands.', tools: [bash], model: 'gpt-4.1' });
const result = await run(agent, 'run the commands');
process.stdout.write(`${result.finalOutput}\n`);
