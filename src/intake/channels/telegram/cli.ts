import { UsageError } from '../../../cli/errors.js';
import type { CliCommand, CliIo } from '../../../cli/types.js';
import type { Config } from '../../../config/config.js';

/** The updates Tyndau asks for: messages, edits, and button presses (acknowledged, recorded as ignored). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

const SECRET_FORMAT = /^[A-Za-z0-9_-]{1,256}$/;

function urlArgument(args: readonly string[]): string | undefined {
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--url') {
      url = args[++i];
      if (!url) throw new UsageError('--url needs a value');
    } else if (arg.startsWith('--url=')) {
      url = arg.slice('--url='.length);
    } else {
      throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return url;
}

function fail(io: CliIo, message: string): number {
  io.stderr.write(`tyndau telegram:set-webhook: ${message}\n`);
  return 1;
}

/** Calls the Bot API's setWebhook with our URL and secret token; prints the answer. */
async function setWebhook(args: string[], io: CliIo, config: () => Config): Promise<number> {
  const given = urlArgument(args);
  const { telegram, publicUrl } = config();
  if (!telegram.botToken) return fail(io, 'TYNDAU_TELEGRAM_BOT_TOKEN is not set');
  if (!telegram.secret)
    return fail(io, 'TYNDAU_TELEGRAM_SECRET is not set (Telegram must send it back on every update)');
  if (!SECRET_FORMAT.test(telegram.secret)) {
    return fail(
      io,
      'TYNDAU_TELEGRAM_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - (a Bot API rule)',
    );
  }
  const url = given ?? (publicUrl ? `${publicUrl.replace(/\/+$/, '')}/webhooks/telegram` : undefined);
  if (!url) return fail(io, 'give --url <public https url> or set TYNDAU_PUBLIC_URL');
  if (!URL.canParse(url) || new URL(url).protocol !== 'https:') {
    return fail(io, `the webhook URL must be an https:// URL (Telegram only calls https), got "${url}"`);
  }
  const endpoint = `${telegram.apiBase}/bot${telegram.botToken}/setWebhook`;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url,
        secret_token: telegram.secret,
        allowed_updates: ALLOWED_UPDATES,
        drop_pending_updates: false,
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    // The endpoint holds the bot token: name only the base URL.
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    return fail(io, `could not reach the Bot API at ${telegram.apiBase}: ${cause}`);
  }
  const body = await response.text();
  let answer: { ok?: unknown; description?: unknown; error_code?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return fail(io, `the Bot API answered HTTP ${response.status} with a body that is not JSON`);
  }
  io.stdout.write(`${JSON.stringify(answer)}\n`);
  if (answer.ok !== true) {
    const code = typeof answer.error_code === 'number' ? answer.error_code : response.status;
    const description = typeof answer.description === 'string' ? answer.description : 'no description';
    return fail(io, `the Bot API refused setWebhook (${code}): ${description}`);
  }
  io.stderr.write(`Telegram will deliver updates to ${url}\n`);
  return 0;
}

export const telegramCommands: readonly CliCommand[] = [
  {
    name: 'telegram:set-webhook',
    summary: 'Register /webhooks/telegram with the Bot API (setWebhook with our secret token)',
    usage:
      'tyndau telegram:set-webhook [--url <public https url>]  (default: TYNDAU_PUBLIC_URL/webhooks/telegram)',
    run: setWebhook,
  },
];
