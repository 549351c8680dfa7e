// The demo agent's model client: OpenAI Chat Completions over fetch, streamed, with tools. Written out here so that
// clawtrace installs without the openai SDK (which only the demo used): a real HTTP client, spoken to the recorder
// like any SDK would.

export interface ToolCallOut {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCallOut[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ChatTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

interface Delta {
  content?: string | null;
  tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
}

interface Chunk {
  choices?: { delta?: Delta }[];
  error?: { message?: string };
}

export class ChatClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /** One streamed completion, folded into the assistant message it says (text and tool calls). */
  async complete(model: string, messages: readonly ChatMessage[], tools: readonly ChatTool[]): Promise<Extract<ChatMessage, { role: 'assistant' }>> {
    const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}` },
      body: JSON.stringify({ model, messages, tools, stream: true, stream_options: { include_usage: true } }),
    });
    if (!res.ok || !res.body) throw new Error(`model call failed: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    let content = '';
    const calls: ToolCallOut[] = [];
    const decoder = new TextDecoder();
    let buffered = '';
    const onData = (data: string): void => {
      if (data === '[DONE]') return;
      const chunk = JSON.parse(data) as Chunk;
      if (chunk.error) throw new Error(`model error: ${chunk.error.message ?? 'unknown'}`);
      const delta = chunk.choices?.[0]?.delta;
      if (delta?.content) content += delta.content;
      for (const t of delta?.tool_calls ?? []) {
        const call = (calls[t.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (t.id) call.id = t.id;
        if (t.function?.name) call.function.name += t.function.name;
        if (t.function?.arguments) call.function.arguments += t.function.arguments;
      }
    };
    for await (const bytes of res.body) {
      buffered += decoder.decode(bytes, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('data:')) onData(line.slice(5).trim());
      }
    }
    if (buffered.startsWith('data:')) onData(buffered.slice(5).trim());
    const toolCalls = calls.filter((c) => c !== undefined);
    return toolCalls.length ? { role: 'assistant', content: content || null, tool_calls: toolCalls } : { role: 'assistant', content };
  }
}
