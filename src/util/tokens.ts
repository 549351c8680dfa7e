/**
 * Token counting for text the provider did not count for us (tool result sizes, streams without usage).
 * PLACEHOLDER: a chars/4 estimate until the pricing work (issue 4) puts js-tiktoken behind this same signature.
 */
export function countTokens(text: string, _model: string | null = null): number {
  return Math.ceil(text.length / 4);
}
