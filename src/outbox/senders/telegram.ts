import type { AppContext } from '../../app/context.js';
import { isRecord, postJson, retryableStatus } from '../http.js';
import { conversationId, notConfigured, type Outgoing, SendError, type SendResult } from '../types.js';

/** Bot API sendMessage to the chat the appeal came from (`tg:<chat id>`). */
export async function sendTelegram(ctx: AppContext, m: Outgoing): Promise<SendResult> {
  const { botToken, apiBase } = ctx.config.telegram;
  if (!botToken) throw notConfigured();
  const chat = conversationId(m.recipient, 'tg');
  if (!chat) throw new SendError('no_recipient', 'no Telegram chat', false);
  const answer = await postJson(`${apiBase}/bot${botToken}/sendMessage`, {
    chat_id: /^-?\d+$/.test(chat) ? Number(chat) : chat,
    text: m.text.slice(0, 4096),
  });
  const body = isRecord(answer.json) ? answer.json : {};
  if (body.ok === true && answer.status < 300) {
    const result = isRecord(body.result) ? body.result : {};
    return { providerMessageId: result.message_id === undefined ? null : String(result.message_id) };
  }
  const code = typeof body.error_code === 'number' ? body.error_code : answer.status;
  const params = isRecord(body.parameters) ? body.parameters : {};
  const retryAfter = typeof params.retry_after === 'number' ? params.retry_after * 1000 : answer.retryAfterMs;
  const description = typeof body.description === 'string' ? body.description : '';
  throw new SendError(
    `telegram_${code}`,
    description.slice(0, 200),
    retryableStatus(code) || retryableStatus(answer.status),
    retryAfter,
  );
}
