// An agent loop on the Anthropic SDK with a bash tool (streamed turns), for the end-to-end suite. Prints the answer.
import { execFileSync } from 'node:child_process';
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ maxRetries: 0 });
const tools = [{ name: 'Bash', description: 'Run a shell command.', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } }];
const messages = [{ role: 'user', content: 'run the commands' }];
for (let turn = 0; turn < 10; turn++) {
  const msg = await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, tools, messages }).finalMessage();
  messages.push({ role: 'assistant', content: msg.content });
  const uses = msg.content.filter((b) => b.type === 'tool_use');
  if (uses.length === 0) {
    process.stdout.write(`${msg.content.filter((b) => b.type === 'text').map((b) => b.text).join('')}\n`);
    break;
  }
  messages.push({ role: 'user', content: uses.map((u) => ({ type: 'tool_result', tool_use_id: u.id, content: execFileSync('bash', ['-c', u.input.command], { encoding: 'utf8' }) })) });
}
