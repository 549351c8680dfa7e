import type { InterceptResult } from '../proxy/server.js';

/** The error type every guardrail refusal carries, so parsers and cards tell it from a provider's own error. */
export const GUARDRAIL_ERROR_TYPE = 'clawtrace_guardrail';

/**
 * A refusal in the provider's own error shape, so the agent sees a normal API error and stops or reports it.
 * 400, not 429: a 429 invites the SDK to retry, and a spent budget does not come back by waiting.
 */
export function refusalResponse(route: string, message: string): InterceptResult {
  const headers = { 'content-type': 'application/json', 'x-clawtrace-guardrail': '1' };
  if (route === 'anthropic') {
    return {
      status: 400,
      headers: { ...headers, 'request-id': 'req_clawtrace_guardrail' },
      body: JSON.stringify({ type: 'error', error: { type: GUARDRAIL_ERROR_TYPE, message } }),
    };
  }
  if (route === 'gemini') {
    return {
      status: 400,
      headers,
      body: JSON.stringify({ error: { code: 400, message, status: 'FAILED_PRECONDITION' } }),
    };
  }
  return {
    status: 400,
    headers,
    body: JSON.stringify({ error: { message, type: GUARDRAIL_ERROR_TYPE, param: null, code: 'clawtrace_limit_reached' } }),
  };
}
