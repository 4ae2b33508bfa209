import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MailboxFolder, type MailboxUpload } from '../../../hub/mailbox/mailbox-folder.ts';

interface Put {
  bucket: string;
  key: string;
  body: string;
  contentType: string | undefined;
}

/** An S3 client that keeps what is put; `failKeys` answer with an error. */
function fakeS3(failKeys: string[] = []) {
  const puts: Put[] = [];
  const s3 = {
    send: async (command: unknown) => {
      if (!(command instanceof PutObjectCommand)) throw new Error('only PutObject is expected');
      const { Bucket, Key, Body, ContentType } = command.input;
      if (failKeys.includes(Key as string)) throw new Error(`access denied for ${Key}`);
      puts.push({
        bucket: Bucket as string,
        key: Key as string,
        body: Buffer.from(Body as Uint8Array).toString('utf8'),
        contentType: ContentType,
      });
      return {};
    },
  } as unknown as S3Client;
  return { s3, puts };
}

const roots: string[] = [];

/** A mailbox folder on a fresh temporary root watching one prefix, with its folder made and what it reports. */
function watchedFolder(prefix: string, options: { failKeys?: string[]; intervalMs?: number } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mailbox-folder-'));
  roots.push(root);
  const { s3, puts } = fakeS3(options.failKeys);
  const uploads: MailboxUpload[] = [];
  const folder = new MailboxFolder({
    root,
    s3,
    bucket: 'mb',
    prefixes: [prefix],
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    onUpload: (u) => uploads.push(u),
  });
  const dir = folder.folders[0] as string;
  mkdirSync(dir, { recursive: true });
  return { root, folder, dir, puts, uploads };
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('MailboxFolder', () => {
  it('creates a folder per prefix on start', async () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'mailbox-folder-'));
    roots.push(root);
    const folder = new MailboxFolder({
      root,
      s3: fakeS3().s3,
      bucket: 'mb',
      prefixes: ['DEMO/purchase/', 'DEMO/bank'],
    });
    // Act
    folder.start();
    await folder.stop();
    // Assess
    expect(folder.folders).toEqual([join(root, 'DEMO', 'purchase'), join(root, 'DEMO', 'bank')]);
    for (const path of folder.folders) expect(existsSync(path)).toBe(true);
  });

  it.each([
    ['factuur.xml', 'application/xml'],
    ['scan.PDF', 'application/pdf'],
    ['afschrift.sta', 'text/plain'],
    ['export.csv', 'text/csv'],
    ['bericht.eml', 'message/rfc822'],
    ['onbekend.bin', 'application/octet-stream'],
  ])(
    'uploads %s under the same key once it held still for a pass (%s), then moves it to processed/',
    async (name, type) => {
      // Prepare
      const { folder, dir, puts, uploads } = watchedFolder('DEMO/purchase/');
      writeFileSync(join(dir, name), 'inhoud');
      // Act
      await folder.scan();
      const afterFirstPass = puts.length;
      await folder.scan();
      // Assess
      expect(afterFirstPass).toBe(0);
      expect(puts).toEqual([
        { bucket: 'mb', key: `DEMO/purchase/${name}`, body: 'inhoud', contentType: type },
      ]);
      expect(uploads).toMatchObject([{ bucket: 'mb', key: `DEMO/purchase/${name}`, bytes: 6 }]);
      expect(uploads[0]?.error).toBeUndefined();
      expect(readdirSync(dir)).toEqual(['processed']);
      expect(readdirSync(join(dir, 'processed'))).toEqual([name]);
    },
  );

  it('leaves hidden, temporary and half-written files alone', async () => {
    // Prepare
    const { folder, dir, puts } = watchedFolder('DEMO/sales/');
    for (const name of ['.DS_Store', '~$factuur.xml', 'download.part', 'x.tmp', 'y.crdownload'])
      writeFileSync(join(dir, name), 'x');
    writeFileSync(join(dir, 'growing.xml'), 'a');
    // Act: the growing file changes between the passes
    await folder.scan();
    writeFileSync(join(dir, 'growing.xml'), 'ab');
    await folder.scan();
    // Assess
    expect(puts).toEqual([]);
  });

  it('names a second file of the same name in processed/ apart instead of overwriting', async () => {
    // Prepare
    const { folder, dir } = watchedFolder('DEMO/purchase/');
    mkdirSync(join(dir, 'processed'));
    writeFileSync(join(dir, 'processed', 'f.xml'), 'eerder');
    writeFileSync(join(dir, 'f.xml'), 'nu');
    // Act
    await folder.scan();
    await folder.scan();
    // Assess
    expect(readdirSync(join(dir, 'processed')).sort()).toEqual(['f-2.xml', 'f.xml']);
  });

  it('reports a failed upload and keeps the file where it is', async () => {
    // Prepare
    const { folder, dir, uploads } = watchedFolder('DEMO/purchase/', { failKeys: ['DEMO/purchase/weg.xml'] });
    writeFileSync(join(dir, 'weg.xml'), 'x');
    // Act
    await folder.scan();
    await folder.scan();
    // Assess
    expect(uploads).toHaveLength(1);
    expect(String(uploads[0]?.error)).toMatch(/access denied/);
    expect(readdirSync(dir)).toEqual(['weg.xml']);
  });

  it('keeps watching after a pass fails, reporting the failure against the root', async () => {
    // Prepare
    const { root, folder, dir, uploads } = watchedFolder('DEMO/bank/', { intervalMs: 1 });
    folder.start();
    // Act: a file where the watched folder was makes every following pass fail
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'not a folder');
    await vi.waitFor(() => expect(uploads.length).toBeGreaterThanOrEqual(2));
    rmSync(dir);
    mkdirSync(dir);
    writeFileSync(join(dir, 'later.sta'), ':20:X');
    // Assess: the loop is still polling and picks up the file once the folder is back
    await vi.waitFor(() => expect(uploads.some((u) => u.key === 'DEMO/bank/later.sta')).toBe(true));
    await folder.stop();
    expect(uploads[0]).toMatchObject({ file: root, bucket: 'mb', key: '', bytes: 0 });
    expect(String(uploads[0]?.error)).toMatch(/ENOTDIR/);
  });
});
