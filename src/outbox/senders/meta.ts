import type { AppContext } from '../../app/context.js';
import { isRecord, postJson } from '../http.js';
import { conversationId, notConfigured, type Outgoing, SendError, type SendResult } from '../types.js';
import { graphAuth, graphFailure } from './meta-errors.js';

/**
 * Instagram and Facebook through the Graph API with the Page token. A direct message (`ig:` / `fb:`
 * conversations) goes to `/me/messages`; a public comment is answered in public under it:
 * `/{comment-id}/replies` on Instagram, `/{comment-id}/comments` on Facebook.
 */
export async function sendMeta(ctx: AppContext, m: Outgoing): Promise<SendResult> {
  const { pageToken, graphApiBase } = ctx.config.meta;
  if (!pageToken) throw notConfigured();
  const instagram = m.channel === 'instagram';
  const user = conversationId(m.recipient, instagram ? 'ig' : 'fb');
  if (user) {
    const answer = await postJson(
      `${graphApiBase}/me/messages`,
      { recipient: { id: user }, messaging_type: 'RESPONSE', message: { text: m.text.slice(0, 2000) } },
      graphAuth(pageToken),
    );
    const body = isRecord(answer.json) ? answer.json : {};
    if (answer.status < 300 && typeof body.message_id === 'string')
      return { providerMessageId: body.message_id };
    throw graphFailure(m.channel, answer);
  }
  // A comment: the external id we stored is the comment's (an edit carries an `:edit:` suffix).
  const comment = m.recipient.replyTo?.split(':edit:')[0];
  if (!comment || !/^[\w.-]+$/.test(comment))
    throw new SendError('no_recipient', 'no conversation or comment to answer', false);
  const answer = await postJson(
    `${graphApiBase}/${comment}/${instagram ? 'replies' : 'comments'}`,
    { message: m.text.slice(0, 2200) },
    graphAuth(pageToken),
  );
  const body = isRecord(answer.json) ? answer.json : {};
  if (answer.status < 300 && typeof body.id === 'string') return { providerMessageId: body.id };
  throw graphFailure(m.channel, answer);
}
