import { z } from 'zod';

/** How a recorded exchange ended. */
export const ExchangeStateSchema = z.enum([
  /** response received whole */
  'complete',
  /** the response was cut off (upstream reset, client abort, recorder stopped) */
  'incomplete',
  /** no response: the upstream could not be reached or failed before sending a status */
  'upstream_error',
  /** clawtrace refused it (a guardrail); never sent upstream */
  'refused',
]);
export type ExchangeState = z.infer<typeof ExchangeStateSchema>;

/** One HTTP exchange between the agent and its model provider, as the recorder saw it (secrets removed). */
export const ExchangeSchema = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  seq: z.number().int(),
  method: z.string(),
  /** path and query as the client sent them, without the recorder's secret prefix */
  path: z.string(),
  /** the route that forwarded it: anthropic, openai, gemini, ... */
  route: z.string(),
  upstreamUrl: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.instanceof(Buffer),
  /** bytes of the request body as sent (the stored body may be shorter, see truncation) */
  requestBytes: z.number().int(),
  status: z.number().int().nullable(),
  responseHeaders: z.record(z.string(), z.string()),
  /** response body bytes as received on the wire (still content-encoded) */
  responseBody: z.instanceof(Buffer),
  responseBytes: z.number().int(),
  /** bytes dropped from the middle of a huge body (head and tail are kept) */
  responseOmittedBytes: z.number().int(),
  startedAt: z.number(),
  firstByteAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  state: ExchangeStateSchema,
  errorText: z.string().nullable(),
});
export type Exchange = z.infer<typeof ExchangeSchema>;
