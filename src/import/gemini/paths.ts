import path from 'node:path';
import type { ImportEnv } from '../common/types.js';

/** Where Gemini CLI records chats: `~/.gemini/tmp/<project hash>/chats/` (found by walking `~/.gemini/tmp`). */
export function geminiRoots(e: ImportEnv): string[] {
  return [path.join(e.homedir, '.gemini', 'tmp')];
}
