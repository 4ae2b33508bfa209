import type { DocumentRecord } from '../documents/index.ts';
import { type AppAction, refusalFor } from '../identity/app-user.ts';
import { DocumentId } from '../partner-api/correction.ts';
import { HttpProblem } from '../partner-api/errors.ts';
import { quoted } from '../partner-api/http.ts';
import type { AppRouteContext } from './app-route.ts';
import type { DocumentReaderPort } from './document-queries.ts';

export function unknownDocument(id: string): HttpProblem {
  return new HttpProblem(404, 'Not Found', `no document ${quoted(id)}`, [
    { path: 'id', rule: 'unknown-document', message: 'no such document', value: quoted(id) },
  ]);
}

/**
 * The document `id` when the user may `action` on it: of this stack's tenant, of an administration the
 * tenant has and the user is granted. Anything else is 404, the same as an id that does not exist, so ids of
 * other administrations cannot be probed. (The router checked the role for the route's action already.)
 */
export async function accessibleDocument(
  ctx: AppRouteContext,
  documents: DocumentReaderPort,
  tenant: string,
  id: string,
  action: AppAction = 'read',
): Promise<DocumentRecord> {
  if (!DocumentId.safeParse(id).success) throw unknownDocument(id);
  const record = await documents.get(id);
  if (
    !record ||
    record.tenant !== tenant ||
    !ctx.administrations.includes(record.administration) ||
    refusalFor(ctx.user, action, record.administration) !== undefined
  )
    throw unknownDocument(id);
  return record;
}
