import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BucketWatcher, type ObjectChange } from '../../../hub/triggers/bucket-watcher.ts';
import { deferred, settlesOnItsOwn } from './async-probes.ts';

/** An S3 client listing what `buckets` holds (key → ETag), `pageSize` keys a page; `failing` makes listing fail. */
function fakeS3(buckets: Record<string, Record<string, string>>, pageSize = 2) {
  const control = { failing: false, listings: 0 };
  const s3 = {
    send: async (command: unknown) => {
      if (!(command instanceof ListObjectsV2Command)) throw new Error('only ListObjectsV2 is expected');
      control.listings++;
      if (control.failing) throw new Error('connect ECONNREFUSED');
      const { Bucket, ContinuationToken } = command.input;
      const keys = Object.keys(buckets[Bucket as string] ?? {}).sort();
      const start = ContinuationToken ? Number(ContinuationToken) : 0;
      const page = keys.slice(start, start + pageSize);
      const more = start + pageSize < keys.length;
      return {
        Contents: page.map((key) => ({
          Key: key,
          ETag: buckets[Bucket as string]?.[key],
          Size: key.length,
          LastModified: new Date('2026-03-14T10:00:00Z'),
        })),
        IsTruncated: more,
        ...(more ? { NextContinuationToken: String(start + pageSize) } : {}),
      };
    },
  } as unknown as S3Client;
  return { s3, control };
}

const dirs: string[] = [];
function statePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bucket-watcher-'));
  dirs.push(dir);
  return join(dir, 'state', 's3-seen.json');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A watcher of bucket `mb` that records what it announces, removes and fails with. */
function recordingWatcher(s3: S3Client, options: { statePath?: string; intervalMs?: number } = {}) {
  const created: ObjectChange[] = [];
  const removed: string[] = [];
  const errors: unknown[] = [];
  const watcher = new BucketWatcher({
    s3,
    buckets: ['mb'],
    statePath: options.statePath ?? statePath(),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    onCreated: (change) => void created.push(change),
    onRemoved: (change) => void removed.push(`${change.bucket}/${change.key}`),
    onError: (error) => errors.push(error),
  });
  const createdKeys = () => created.map((change) => change.key);
  return { watcher, created, createdKeys, removed, errors };
}

describe('BucketWatcher', () => {
  it('announces every object once, over all pages, and again only when its ETag changes', async () => {
    // Prepare
    const buckets = {
      mb: { 'DEMO/purchase/a.xml': '"1"', 'DEMO/purchase/b.xml': '"2"', 'DEMO/bank/c.sta': '"3"' },
    };
    const { watcher, created } = recordingWatcher(fakeS3(buckets).s3);
    // Act
    await watcher.scan();
    await watcher.scan();
    buckets.mb['DEMO/purchase/a.xml'] = '"1b"';
    await watcher.scan();
    // Assess
    expect(created.map((c) => [c.key, c.eTag])).toEqual([
      ['DEMO/bank/c.sta', '"3"'],
      ['DEMO/purchase/a.xml', '"1"'],
      ['DEMO/purchase/b.xml', '"2"'],
      ['DEMO/purchase/a.xml', '"1b"'],
    ]);
    expect(created[0]).toMatchObject({ bucket: 'mb', size: 'DEMO/bank/c.sta'.length });
  });

  it('does not announce again after a restart what it announced before', async () => {
    // Prepare
    const path = statePath();
    const { s3 } = fakeS3({ mb: { 'k1.xml': '"1"' } });
    const announcedByOnePass = async () => {
      const { watcher, createdKeys } = recordingWatcher(s3, { statePath: path });
      await watcher.scan();
      return createdKeys();
    };
    const first = await announcedByOnePass();
    // Act
    const second = await announcedByOnePass();
    // Assess
    expect(first).toEqual(['k1.xml']);
    expect(second).toEqual([]);
  });

  it('leaves acknowledged objects unannounced and reports removed ones', async () => {
    // Prepare
    const buckets: Record<string, Record<string, string>> = {
      mb: { 'restored.xml': '"r"', 'gone.xml': '"g"' },
    };
    const { watcher, createdKeys, removed } = recordingWatcher(fakeS3(buckets).s3);
    watcher.acknowledge('mb', 'restored.xml', '"r"');
    await watcher.scan();
    // Act
    delete buckets.mb?.['gone.xml'];
    await watcher.scan();
    await watcher.scan();
    // Assess
    expect(createdKeys()).toEqual(['gone.xml']);
    expect(removed).toEqual(['mb/gone.xml']);
  });

  it('keeps polling through failed listings, reporting each, and announces once S3 answers again', async () => {
    // Prepare
    const { s3, control } = fakeS3({ mb: { 'late.xml': '"1"' } });
    control.failing = true;
    const { watcher, createdKeys, errors } = recordingWatcher(s3, { intervalMs: 1 });
    // Act
    watcher.start();
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2));
    control.failing = false;
    await vi.waitFor(() => expect(createdKeys()).toEqual(['late.xml']));
    await watcher.stop();
    // Assess
    expect(String(errors[0])).toMatch(/ECONNREFUSED/);
  });

  it('stop() waits for the callbacks of the pass under way', async () => {
    // Prepare
    const { s3 } = fakeS3({ mb: { 'slow.xml': '"1"' } });
    const delivering = deferred();
    const done: string[] = [];
    const watcher = new BucketWatcher({
      s3,
      buckets: ['mb'],
      statePath: statePath(),
      onCreated: async (c) => {
        await delivering.promise;
        done.push(c.key);
      },
    });
    watcher.start();
    // Act
    const stopping = watcher.stop();
    const stoppedEarly = await settlesOnItsOwn(stopping);
    delivering.resolve();
    await stopping;
    // Assess
    expect(stoppedEarly).toBe(false);
    expect(done).toEqual(['slow.xml']);
  });
});
