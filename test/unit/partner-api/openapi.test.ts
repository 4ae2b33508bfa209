import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHANGE_EVENT_TYPES, ChangeEvent, changeEventId, validateEvent } from '../../../events/index.ts';
import { buildOpenApiDocument, completeEvent, PartnerEventInput } from '../../../lib/partner-api/index.ts';
import { generatedFiles } from '../../../scripts/openapi.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examplesDir = join(repoRoot, 'events', 'examples');

describe('Generated API description', () => {
  it.each(Object.keys(generatedFiles()))(
    '%s in the repository equals what the schemas generate (npm run openapi)',
    (path) => {
      // Act
      const committed = readFileSync(join(repoRoot, path), 'utf8');
      // Assess
      expect(committed).toBe(generatedFiles()[path]);
    },
  );

  it('describes every route of the partner API with its error statuses', () => {
    // Act
    const document = buildOpenApiDocument() as {
      paths: Record<string, Record<string, { responses: object }>>;
    };
    // Assess
    // The web app's routes (/v1/app/…) are checked against the app-api function's routes elsewhere.
    expect(
      Object.keys(document.paths)
        .filter((path) => !path.startsWith('/v1/app/'))
        .sort(),
    ).toEqual(
      [
        '/v1/corrections',
        '/v1/administrations/{administration}/bank-rules',
        '/v1/administrations/{administration}/bank-rules/{id}',
        '/v1/administrations/{administration}/bank-rules/{id}/accept',
        '/v1/administrations/{administration}/bank-deny-list',
        '/v1/deliveries',
        '/v1/deliveries/full-load',
        '/v1/deliveries/reconcile',
        '/v1/documents/{id}',
        '/v1/events',
        '/v1/openapi.json',
        '/webhooks/{connector}',
      ].sort(),
    );
    expect(Object.keys(document.paths['/v1/events']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '409', '413', '415', '429']),
    );
  });
});

describe('Example events', () => {
  const all = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));
  const isChange = (f: string) =>
    (CHANGE_EVENT_TYPES as readonly string[]).includes(f.replace(/\.json$/, ''));
  const files = all.filter((f) => !isChange(f));
  const changeFiles = all.filter(isChange);

  it('has one change event example per change event type', () => {
    // Act
    const types = changeFiles.map(
      (f) => (JSON.parse(readFileSync(join(examplesDir, f), 'utf8')) as { type: string }).type,
    );
    // Assess
    expect(types.sort()).toEqual([...CHANGE_EVENT_TYPES].sort());
  });

  it.each(changeFiles)('%s is a valid change event with its deterministic id', (file) => {
    // Prepare
    const example = JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as ChangeEvent;
    // Act
    const parsed = ChangeEvent.safeParse(example);
    // Assess
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(example.id).toBe(
      changeEventId(example.tenant, example.administration, example.type, example.key, example.contentHash),
    );
  });

  it('covers every event type', () => {
    // Act
    const types = new Set(
      files.map((f) => (JSON.parse(readFileSync(join(examplesDir, f), 'utf8')) as { type: string }).type),
    );
    // Assess
    expect([...types].sort()).toEqual([
      'article.upsert',
      'journal-entry.book',
      'relation.upsert',
      'sales-order.create',
    ]);
  });

  it.each(files)('%s is a valid normalized event and a valid partner input', (file) => {
    // Prepare
    const example = JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as Record<string, unknown>;
    // Act
    const result = validateEvent(example);
    const asInput = PartnerEventInput.safeParse(example);
    // Assess
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(asInput.success).toBe(true);
  });

  it.each(files)('%s stripped of what the API fills in completes to the same event', (file) => {
    // Prepare
    const example = JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as Record<string, unknown> & {
      source: { externalId: string };
      occurredAt: string;
    };
    const { id: _id, tenant: _tenant, schemaVersion: _version, ...bare } = example;
    // Act
    const completed = completeEvent(
      { ...bare, source: { externalId: example.source.externalId } },
      { tenant: 'demo', connector: 'partner-api', now: new Date() },
    );
    // Assess
    expect(completed).toEqual(example);
  });
});
