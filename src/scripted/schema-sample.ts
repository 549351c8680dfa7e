import { arr, isObj, obj, str } from '../capture/wire/json-access.js';

/**
 * A small value that satisfies a JSON schema (OpenAPI-style upper-case types too): what a scripted model answers
 * when a client asks for structured output, so routers and classifiers get something they can parse.
 */
export function sampleFromSchema(schema: unknown, depth = 0): unknown {
  const s = obj(schema);
  const e = arr(s['enum']);
  if (e.length > 0) return e[0];
  const type = (str(s['type']) ?? (isObj(s['properties']) ? 'object' : 'string')).toLowerCase();
  if (depth > 6) return null;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj(s['properties']))) out[k] = sampleFromSchema(v, depth + 1);
      return out;
    }
    case 'array':
      return [sampleFromSchema(s['items'], depth + 1)];
    case 'integer':
    case 'number':
      return typeof s['minimum'] === 'number' ? s['minimum'] : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'scripted';
  }
}
