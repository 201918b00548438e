import { type HttpAnswer, isRecord, retryableStatus } from '../http.js';
import { SendError } from '../types.js';

/** Graph API error codes that mean "try again later" (throttling, temporary service trouble). */
const TRANSIENT = new Set([1, 2, 4, 17, 32, 341, 613, 80007, 130429, 131000, 131016, 131048, 131056]);

/** A Graph API error answer (`{error:{code, message, error_subcode}}`) as a SendError. */
export function graphFailure(prefix: string, answer: HttpAnswer): SendError {
  const body = isRecord(answer.json) ? answer.json : {};
  const error = isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'number' ? error.code : null;
  const message = typeof error.message === 'string' ? error.message : '';
  return new SendError(
    `${prefix}_${code ?? answer.status}`,
    message.slice(0, 200),
    retryableStatus(answer.status) || (code !== null && TRANSIENT.has(code)),
    answer.retryAfterMs,
  );
}

export const graphAuth = (token: string) => ({ authorization: `Bearer ${token}` });
