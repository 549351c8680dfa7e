import type { Command } from 'commander';
import { registerRecord } from './record.js';
import { registerSessions } from './sessions.js';
import { registerWatch } from './watch.js';
import { registerShow } from './show.js';
import { registerCard } from './card.js';
import { registerRecompile } from './recompile.js';
import { registerDistill } from './distill.js';
import { registerMark } from './mark.js';
import { registerCompare } from './compare.js';
import { registerDemo } from './demo.js';
import { registerPrices } from './prices.js';
import { registerProxy } from './proxy.js';
import { registerEnv } from './env.js';
import { registerImport } from './import.js';
import { registerPush } from './push.js';
import { registerGc } from './gc.js';
import { registerExport } from './export.js';
import { registerReport } from './report.js';

/** Every command registers itself on the program; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerRecord,
  registerSessions,
  registerShow,
  registerCard,
  registerWatch,
  registerRecompile,
  registerDistill,
  registerMark,
  registerCompare,
  registerDemo,
  registerPrices,
  registerProxy,
  registerEnv,
  registerImport,
  registerPush,
  registerGc,
  registerExport,
  registerReport,
];
