import type { UsageFact } from '../../domain/usage-report.js';
import type { SessionSummary } from '../../store/summaries-repo.js';

/** What a refresh worker is started with. */
export interface WorkerInit {
  dbPath: string;
  /** the price table, found as the main thread found it */
  pricesFile: string | null;
  projectDir: string | null;
  withFlags: boolean;
}

/** A batch of sessions to compile; an empty batch ends the worker. */
export interface WorkerRequest {
  ids: string[];
}

export interface WorkerReply {
  results: ({ id: string; ok: true; summary: SessionSummary; facts: UsageFact[] } | { id: string; ok: false; message: string })[];
}
