import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import { z } from 'zod';
import { TraceCardSchema, type TraceCard } from './schema.js';

/**
 * Renders a card as YAML: keys in schema order (the object is built in that order), each step on one line in flow
 * style, no line wrapping, so the same card always gives the same bytes.
 */
export function renderCardYaml(card: TraceCard): string {
  const doc = new Document(card, { keepUndefined: false, aliasDuplicateObjects: false });
  const steps = doc.get('steps', true);
  if (isSeq(steps)) for (const item of steps.items) if (isMap(item)) (item as YAMLMap).flow = true;
  for (const key of ['top_cost_steps', 'flags']) {
    const seq = doc.get(key, true);
    if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) (item as YAMLMap).flow = key === 'top_cost_steps';
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export function renderCardJson(card: TraceCard): string {
  return `${JSON.stringify(card, null, 2)}\n`;
}

export function cardJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(TraceCardSchema), null, 2)}\n`;
}
