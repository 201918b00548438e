import { describe, expect, it } from 'vitest';
import { validHubSignature } from '../../webhook.js';
import { type DeliveryState, errorText, nextDelivery } from './status.js';

const fresh: DeliveryState = {
  status: 'sending',
  sent_at: null,
  delivered_at: null,
  read_at: null,
  failed_at: null,
  last_error: null,
};

describe('WhatsApp delivery status', () => {
  it('moves forward and stamps each step once', () => {
    const sent = nextDelivery(fresh, 'sent', 10, null);
    expect(sent).toEqual({ status: 'sent', sent_at: 10 });
    const afterSent = { ...fresh, ...sent };
    expect(nextDelivery(afterSent, 'sent', 11, null)).toBeNull();
    expect(nextDelivery(afterSent, 'delivered', 20, null)).toEqual({ status: 'delivered', delivered_at: 20 });
  });

  it('never regresses: a late "delivered" after "read" only records its time', () => {
    const read = { ...fresh, status: 'read', sent_at: 10, read_at: 30 };
    expect(nextDelivery(read, 'delivered', 20, null)).toEqual({ delivered_at: 20 });
    expect(nextDelivery({ ...read, delivered_at: 20 }, 'delivered', 20, null)).toBeNull();
    expect(nextDelivery(read, 'sent', 5, null)).toBeNull();
    expect(nextDelivery(read, 'failed', 40, 'x')).toEqual({ failed_at: 40 });
  });

  it('records a failure with its error over sent, not over delivered', () => {
    const sent = { ...fresh, status: 'sent', sent_at: 10 };
    expect(nextDelivery(sent, 'failed', 15, '131047 Re-engagement message')).toEqual({
      status: 'failed',
      failed_at: 15,
      last_error: '131047 Re-engagement message',
    });
    const delivered = { ...sent, status: 'delivered', delivered_at: 12 };
    expect(nextDelivery(delivered, 'failed', 15, 'late')).toEqual({ failed_at: 15 });
    expect(nextDelivery({ ...sent, status: 'failed', failed_at: 15 }, 'read', 20, null)).toEqual({
      status: 'read',
      read_at: 20,
    });
  });

  it('describes an error from errors[]', () => {
    expect(
      errorText({
        id: 'w',
        status: 'failed',
        timestamp: '1',
        errors: [
          { code: 131047, title: 'Re-engagement message', error_data: { details: 'more than 24 hours' } },
        ],
      }),
    ).toBe('131047 Re-engagement message: more than 24 hours');
    expect(errorText({ id: 'w', status: 'failed', timestamp: '1' })).toBeNull();
  });

  it('checks X-Hub-Signature-256 against the documented test vector', () => {
    const vector = 'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914';
    expect(validHubSignature(Buffer.from('test'), vector, 'secret')).toBe(true);
    expect(validHubSignature(Buffer.from('test '), vector, 'secret')).toBe(false);
    expect(validHubSignature(Buffer.from('test'), vector.toUpperCase(), 'secret')).toBe(false);
    expect(validHubSignature(Buffer.from('test'), vector.slice(0, -2), 'secret')).toBe(false);
  });
});
