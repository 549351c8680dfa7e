/**
 * Keeps a copy of a body as it streams past, in bounded memory: the first `headBytes` whole, then only the last
 * `tailBytes` (usage and stop events sit at the end of a stream). What falls between is counted, not kept.
 * The forwarded bytes are never touched; this only holds references to the same chunks.
 */
export class BodyCapture {
  private readonly head: Buffer[] = [];
  private headSize = 0;
  private tail: Buffer[] = [];
  private tailSize = 0;
  omittedBytes = 0;
  totalBytes = 0;

  constructor(
    private readonly headBytes = 2 * 1024 * 1024,
    private readonly tailBytes = 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    if (this.headSize < this.headBytes) {
      const room = this.headBytes - this.headSize;
      if (chunk.length <= room) {
        this.head.push(chunk);
        this.headSize += chunk.length;
        return;
      }
      this.head.push(chunk.subarray(0, room));
      this.headSize += room;
      chunk = chunk.subarray(room);
    }
    this.tail.push(chunk);
    this.tailSize += chunk.length;
    while (this.tailSize > this.tailBytes && this.tail.length > 0) {
      const first = this.tail[0];
      if (!first) break;
      const excess = this.tailSize - this.tailBytes;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailSize -= first.length;
        this.omittedBytes += first.length;
      } else {
        // a view, not a copy: it keeps at most one network chunk alive, and copying here would churn memory
        this.tail[0] = first.subarray(excess);
        this.tailSize -= excess;
        this.omittedBytes += excess;
      }
    }
  }

  /** How many bytes are kept (head and tail). */
  get keptBytes(): number {
    return this.headSize + this.tailSize;
  }

  /** The kept bytes: head then tail (the omitted middle is simply absent). */
  bytes(): Buffer {
    return Buffer.concat([...this.head, ...this.tail]);
  }

  /** Copies the kept bytes into `target` at `offset` (one copy, no intermediate buffer); returns how many. */
  copyInto(target: Uint8Array, offset: number): number {
    let at = offset;
    for (const c of this.head) {
      target.set(c, at);
      at += c.length;
    }
    for (const c of this.tail) {
      target.set(c, at);
      at += c.length;
    }
    return at - offset;
  }
}
