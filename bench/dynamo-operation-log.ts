/**
 * Counts the DynamoDB operations every client of the hub sends to the emulators' one endpoint (the
 * functions' workers included: they all go through it), by operation (`x-amz-target`), and refuses Scan
 * while `denyScan` is on, with the error DynamoDB gives a refused request, so a Scan on the measured path
 * would fail the bench rather than pass unseen. Plugged in with AwsEmulators.serve: it claims only the
 * requests it refuses; everything else goes on to dynalite.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointHandler } from '../lib/local/aws-emulators.ts';

const PREFIX = 'DynamoDB_20120810.';

export class DynamoOperationLog implements EndpointHandler {
  private counts = new Map<string, number>();
  denyScan = false;

  matches(req: IncomingMessage): boolean {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (!target.startsWith(PREFIX)) return false;
    const operation = target.slice(PREFIX.length);
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    return this.denyScan && operation === 'Scan';
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const body = JSON.stringify({
      __type: 'com.amazon.coral.service#AccessDeniedException',
      message: 'Scan is denied while the document queries are measured',
    });
    res.writeHead(400, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  /** Starts counting afresh. */
  reset(): void {
    this.counts = new Map();
  }

  /** How often each operation was sent since the last reset. */
  count(operation: string): number {
    return this.counts.get(operation) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
