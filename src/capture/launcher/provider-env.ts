import type { RecorderProxy } from '../proxy/server.js';

/**
 * The environment variables that point each provider's clients at the recorder. Base URLs keep the path the
 * client expects: Anthropic SDKs add /v1 themselves, OpenAI clients expect it in the base URL.
 * Agent-specific routing (config overlays for Codex, Gemini CLI, OpenClaw) lives in launcher/agents/.
 */
export function providerEnv(proxy: RecorderProxy): Record<string, string> {
  const anthropic = proxy.baseUrl('anthropic');
  const openai = proxy.baseUrl('openai');
  const gemini = proxy.baseUrl('gemini');
  return {
    ANTHROPIC_BASE_URL: anthropic,
    OPENAI_BASE_URL: openai,
    OPENAI_API_BASE: openai,
    GOOGLE_GEMINI_BASE_URL: gemini,
    GEMINI_BASE_URL: gemini,
    CLAWTRACE_PROXY_URL: `http://127.0.0.1:${proxy.port}${proxy.prefix}`,
  };
}
