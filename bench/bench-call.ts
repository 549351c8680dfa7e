// The small non-streamed call the proxy benchmarks send, and what their upstream answers: one definition for the
// upstream child, the load generators and the writer-alone measurement.

export const SMALL_REQUEST = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'say ok' }] });

export const SMALL_RESPONSE = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 },
});
