import type { Command } from 'commander';

/** Every command registers itself on the program; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [];
