/**
 * Group commit for an HTTP front end: requests that arrive during the same event-loop turn are
 * answered by one DatabaseService.handleMany() call, i.e. one fsync instead of one each. Every
 * promise resolves only after that commit, so nobody is told of a write that is not on disk.
 */
import type { DatabaseService, TcbReply } from './service';

interface Pending {
  action: string;
  body: Record<string, any>;
  resolve: (reply: TcbReply) => void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Flushes and requests so far, for tests and the bench. */
  readonly stats = { batches: 0, requests: 0 };

  constructor(
    private readonly service: Pick<DatabaseService, 'handleMany'>,
    /** Bounds how long one flush blocks the event loop. */
    private readonly maxBatch = 256,
  ) {}

  handle(action: string, body: Record<string, any>): Promise<TcbReply> {
    return new Promise((resolve) => {
      this.queue.push({ action, body, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after pending I/O callbacks, so requests already read are in the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) setImmediate(() => this.flush());
    else this.scheduled = false;
    let replies: TcbReply[];
    try {
      replies = this.service.handleMany(batch.map(({ action, body }) => ({ action, body })));
    } catch (e) {
      // handleMany() does not throw; if it ever did, no caller may be left waiting.
      replies = batch.map(() => ({
        code: 'SYS_ERR',
        message: `database internal error: ${(e as Error).message}`,
      }));
    }
    this.stats.batches += 1;
    this.stats.requests += batch.length;
    batch.forEach((p, i) => p.resolve(replies[i]));
  }
}
