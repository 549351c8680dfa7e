import type { Db } from '../store/db.js';
import { finishSession, insertSession, newSessionId } from '../store/sessions-repo.js';
import { blankSession } from '../domain/session.js';
import type { ForwardedExchange } from './proxy/forward.js';
import { SessionRecorder, type RecordedCallListener } from './recorder.js';
import type { RecorderLog } from './recorder-log.js';

const IDLE_GAP_MS = 10 * 60 * 1000;
const SESSION_HEADERS = ['x-claude-code-session-id', 'session-id', 'session_id', 'x-session-id'];

interface Group {
  recorder: SessionRecorder;
  lastAt: number;
}

function headerOf(raw: readonly string[], names: readonly string[]): string | null {
  for (let i = 0; i + 1 < raw.length; i += 2) if (names.includes((raw[i] ?? '').toLowerCase())) return raw[i + 1] ?? null;
  return null;
}

/**
 * For `clawtrace proxy`: one long-lived recorder that opens a session per connection group — the client's own session
 * header when it sends one, else everything until an idle gap of ten minutes — and closes them all on exit.
 */
export class ProxySessions {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly db: Db,
    private readonly log: RecorderLog,
    private readonly label: string | null,
    private readonly listeners: RecordedCallListener[] = [],
  ) {}

  readonly onExchange = (x: ForwardedExchange): void => {
    const key = headerOf(x.requestRawHeaders, SESSION_HEADERS) ?? 'default';
    let g = this.groups.get(key);
    if (g && x.startedAt - g.lastAt > IDLE_GAP_MS) {
      void this.close(key, g);
      g = undefined;
    }
    if (!g) {
      g = { recorder: new SessionRecorder(this.db, this.open(x.startedAt), this.log, this.listeners), lastAt: x.startedAt };
      this.groups.set(key, g);
    }
    g.lastAt = x.endedAt;
    g.recorder.onExchange(x);
  };

  private open(startedAt: number): string {
    const id = newSessionId();
    insertSession(this.db, blankSession({ id, label: this.label, source: 'proxy', cwd: process.cwd(), startedAt }));
    return id;
  }

  private async close(key: string, g: Group): Promise<void> {
    this.groups.delete(key);
    await g.recorder.drain();
    finishSession(this.db, g.recorder.sessionId, { endedAt: g.lastAt, exitCode: null, signal: null });
  }

  /** Sessions opened so far (still open ones included). */
  sessionIds(): string[] {
    return [...this.groups.values()].map((g) => g.recorder.sessionId);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.groups.entries()].map(([k, g]) => this.close(k, g)));
  }
}
