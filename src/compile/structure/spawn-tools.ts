import { toolFamily } from '../../domain/tool-action.js';

/** Tool names that spawn a sub-agent, across the agents we know (the spawn family of src/domain/tool-action.ts). */
export function isSpawnTool(name: string): boolean {
  return toolFamily(name) === 'spawn';
}
