import { z } from 'zod';
import type { DocumentRecord } from '../../documents/index.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { jsonResponse, quoted } from '../../partner-api/http.ts';
import {
  type ConnectorInvoker,
  manualRunEvent,
  newRunId,
  RunCursorError,
  type RunReader,
  runSummary,
} from '../../runs/index.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { requireAdministration, visibleAdministrations } from './administration-check.ts';
import { documentSummary, type OpsDocumentSummary } from './document-summary.ts';
import { badCursor, pageOf, parseBody, unknownConnector } from './route-input.ts';

/** The index team's document list (`DocumentQueries.list`), as replay reads it. */
export interface ReplayDocuments {
  list(
    filter: { administrations: string[]; connector?: string; from?: string; to?: string },
    page: { limit: number; cursor?: string },
  ): Promise<{ items: DocumentRecord[]; nextCursor?: string }>;
}

/** Sends documents through their connector's normal path again; answers what became of each. */
export interface ReplaySender {
  send(connector: string, documents: DocumentRecord[]): Promise<{ id: string; outcome: string }[]>;
}

export interface RunsServices {
  tenant: string;
  /** Every connector of the stack (the list's `connector` filter). */
  connectors: readonly string[];
  runs: RunReader;
  invoker: ConnectorInvoker;
  documents: ReplayDocuments;
  /** Without one, replay answers previews only (`dryRun: false` is 501). */
  replay?: ReplaySender;
}

/** Most documents one replay covers; a longer period is asked in parts. */
export const MAX_REPLAY_DOCUMENTS = 1000;

const ISO_DATE = z.iso.date('a date as YYYY-MM-DD');
export const ReplayInput = z
  .object({
    administration: z.string().min(1).max(20),
    from: ISO_DATE,
    to: ISO_DATE,
    dryRun: z.boolean(),
  })
  .strict()
  .refine((input) => input.from <= input.to, {
    message: 'from is after to',
    path: ['from'],
    params: { rule: 'period' },
  });

export const RunInput = z
  .object({ administration: z.string().min(1).max(20).optional() })
  .strict()
  .optional();

/** Why a document of the period is not sent again. */
const SKIP_REASONS: Partial<Record<string, string>> = {
  booked: 'already-booked',
  duplicate: 'duplicate',
  quarantined: 'quarantined',
  queued: 'in-progress',
  sending: 'in-progress',
};

function connectorOf(context: AppRouteContext, known: readonly string[]): string {
  const connector = context.params.connector ?? '';
  if (!known.includes(connector)) throw unknownConnector(connector, known);
  return connector;
}

/** The Runs page: the run list, "run now" and replay of a period. */
export function runsRoutes(services: RunsServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/app/runs',
      action: 'read',
      async handle(context) {
        const query = context.request.query ?? {};
        const page = pageOf(context);
        const connector = query.connector || undefined;
        if (connector !== undefined && !services.connectors.includes(connector))
          throw unknownConnector(connector, services.connectors);
        const administrations = query.administration
          ? [requireAdministration(context, 'read', query.administration)]
          : visibleAdministrations(context);
        try {
          const { items, nextCursor } = await services.runs.list(
            { ...(connector ? { connector } : {}), ...(administrations ? { administrations } : {}) },
            page,
          );
          return jsonResponse(200, { items: items.map(runSummary), ...(nextCursor ? { nextCursor } : {}) });
        } catch (error) {
          if (error instanceof RunCursorError) throw badCursor(error.value, error);
          throw error;
        }
      },
    },
    {
      method: 'POST',
      path: '/v1/app/runs/{connector}/run',
      action: 'operate',
      async handle(context) {
        const connector = connectorOf(context, services.invoker.connectors);
        const input = parseBody(context, RunInput, 'run request');
        const administration = input?.administration
          ? requireAdministration(context, 'operate', input.administration)
          : undefined;
        const runId = newRunId();
        await services.invoker.invoke(
          connector,
          manualRunEvent({
            tenant: services.tenant,
            connector,
            runId,
            requestedBy: context.user.username,
            now: context.now,
            ...(administration ? { administration } : {}),
          }),
        );
        return jsonResponse(202, { runId });
      },
    },
    {
      method: 'POST',
      path: '/v1/app/runs/{connector}/replay',
      action: 'operate',
      async handle(context) {
        const connector = connectorOf(context, services.connectors);
        const input = parseBody(context, ReplayInput, 'replay request');
        const administration = requireAdministration(context, 'operate', input.administration);
        const documents = await periodDocuments(
          services.documents,
          connector,
          administration,
          input.from,
          input.to,
        );
        const wouldSend: DocumentRecord[] = [];
        const skipped: { id: string; reason: string }[] = [];
        for (const document of documents) {
          const reason = SKIP_REASONS[document.status];
          if (reason) skipped.push({ id: document.id, reason });
          else wouldSend.push(document);
        }
        const answer: { wouldSend: OpsDocumentSummary[]; skipped: typeof skipped; sent?: unknown[] } = {
          wouldSend: wouldSend.map(documentSummary),
          skipped,
        };
        if (!input.dryRun) {
          if (!services.replay) {
            throw new HttpProblem(
              501,
              'Not Implemented',
              `replay of ${connector} cannot send in this deployment`,
              [
                {
                  path: 'dryRun',
                  rule: 'replay-not-configured',
                  message: 'only a preview (dryRun: true)',
                  value: false,
                },
              ],
            );
          }
          answer.sent = wouldSend.length > 0 ? await services.replay.send(connector, wouldSend) : [];
        }
        return jsonResponse(200, answer);
      },
    },
  ];
}

async function periodDocuments(
  documents: ReplayDocuments,
  connector: string,
  administration: string,
  from: string,
  to: string,
): Promise<DocumentRecord[]> {
  const found: DocumentRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await documents.list(
      { administrations: [administration], connector, from, to },
      { limit: 100, ...(cursor ? { cursor } : {}) },
    );
    found.push(...page.items);
    cursor = page.nextCursor;
    if (found.length > MAX_REPLAY_DOCUMENTS) {
      throw new HttpProblem(409, 'Conflict', `more than ${MAX_REPLAY_DOCUMENTS} documents in the period`, [
        {
          path: 'from',
          rule: 'max-documents',
          message: `replay at most ${MAX_REPLAY_DOCUMENTS} documents at once; choose a shorter period`,
          value: quoted(`${from}..${to}`),
        },
      ]);
    }
  } while (cursor);
  return found;
}
