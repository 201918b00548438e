import type { AppContext } from '../../app/context.js';
import { OPEN_STATUSES } from '../../cases/lifecycle.js';
import { updateOpen311Status } from '../../intake/open311/service.js';
import { caseInfo } from '../repository.js';
import { type Outgoing, SendError, type SendResult } from '../types.js';

/**
 * Open311 has no messages: the case's progress becomes the request's `status` and `status_notes`
 * (what the reporting app shows). An answer closes the request; an acknowledgement, an extension or
 * a redirect keep it open with the new notes and the expected date; a question ("is it solved?") or a
 * /status reply has no place in the protocol and is skipped.
 */
export async function sendOpen311(ctx: AppContext, m: Outgoing): Promise<SendResult> {
  if (m.purpose === 'feedback_request' || m.purpose === 'status') {
    return { providerMessageId: null, skipped: true };
  }
  const signalId = m.recipient.signalId;
  if (signalId === null) throw new SendError('no_recipient', 'no Open311 request', false);
  const c = m.caseId === null ? undefined : await caseInfo(ctx.db, m.caseId);
  let status: 'open' | 'closed' = 'open';
  if (m.purpose === 'answer') status = 'closed';
  else if (m.purpose === 'notice' && c)
    status = (OPEN_STATUSES as readonly string[]).includes(c.status) ? 'open' : 'closed';
  const updated = await updateOpen311Status(ctx, signalId, {
    status,
    statusNotes: m.text,
    ...(c?.org_ru ? { agencyResponsible: c.org_ru } : {}),
    ...(c && status === 'open' ? { expectedAt: c.due_at } : {}),
  });
  if (!updated) throw new SendError('open311_request_missing', 'no Open311 request for the signal', false);
  return { providerMessageId: null };
}
