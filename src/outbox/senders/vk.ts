import { createHash } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { httpFailure, isRecord, postForm } from '../http.js';
import { signalRaw } from '../repository.js';
import { conversationId, notConfigured, type Outgoing, SendError, type SendResult } from '../types.js';

export const VK_API_VERSION = '5.199';

/** VK error codes worth another attempt: unknown error, too many requests, flood control, server error. */
const TRANSIENT = new Set([1, 6, 9, 10]);

/**
 * `random_id` must be the same on every attempt of one message so VK drops a repeat: derived from the
 * outbox row (id and dedupe key), a positive 31-bit integer.
 */
export function vkRandomId(m: Pick<Outgoing, 'id' | 'dedupeKey'>): number {
  const h = createHash('sha256')
    .update(`${m.id}:${m.dedupeKey ?? ''}`)
    .digest();
  return h.readUInt32BE(0) & 0x7fffffff;
}

/** Where a wall comment answer goes: the post, and the comment it replies to. */
async function wallTarget(ctx: AppContext, m: Outgoing) {
  const post = conversationId(m.recipient, 'vkwall');
  const [owner, postId] = post?.split('_') ?? [];
  let replyTo: number | undefined;
  let groupId: number | undefined;
  const raw = m.recipient.signalId === null ? null : await signalRaw(ctx.db, m.recipient.signalId);
  const event = raw ? (JSON.parse(raw) as unknown) : null;
  if (isRecord(event)) {
    const object = isRecord(event.object) ? event.object : {};
    if (event.type === 'wall_reply_new' && typeof object.id === 'number') replyTo = object.id;
    if (typeof event.group_id === 'number') groupId = event.group_id;
  }
  if (!owner || !postId) throw new SendError('no_recipient', 'no VK post to comment on', false);
  return { owner, postId, replyTo, groupId };
}

/** VK API: `messages.send` to the dialogue (`vk:<peer_id>`) or `wall.createComment` under a wall post. */
export async function sendVk(ctx: AppContext, m: Outgoing): Promise<SendResult> {
  const { token, apiBase } = ctx.config.vk;
  if (!token) throw notConfigured();
  const peer = conversationId(m.recipient, 'vk');
  let method: string;
  let params: Record<string, string>;
  if (peer) {
    method = 'messages.send';
    params = { peer_id: peer, message: m.text.slice(0, 4096), random_id: String(vkRandomId(m)) };
  } else {
    const t = await wallTarget(ctx, m);
    method = 'wall.createComment';
    params = {
      owner_id: t.owner,
      post_id: t.postId,
      message: m.text.slice(0, 4096),
      ...(t.replyTo !== undefined ? { reply_to_comment: String(t.replyTo) } : {}),
      ...(t.groupId !== undefined ? { from_group: String(t.groupId) } : {}),
      guid: String(vkRandomId(m)),
    };
  }
  const answer = await postForm(`${apiBase}/${method}`, {
    ...params,
    access_token: token,
    v: VK_API_VERSION,
  });
  const body = isRecord(answer.json) ? answer.json : {};
  if (isRecord(body.error)) {
    const code = typeof body.error.error_code === 'number' ? body.error.error_code : 0;
    const msg = typeof body.error.error_msg === 'string' ? body.error.error_msg : '';
    throw new SendError(`vk_${code}`, msg.slice(0, 200), TRANSIENT.has(code));
  }
  if (answer.status >= 300 || body.response === undefined) throw httpFailure(answer, 'no response');
  const r = body.response;
  const id = typeof r === 'number' ? r : isRecord(r) ? (r.comment_id ?? r.message_id) : undefined;
  return { providerMessageId: id === undefined ? null : String(id) };
}
