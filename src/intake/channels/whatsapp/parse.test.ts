import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../test-support.js';
import { parseWhatsApp } from './parse.js';

const envelope = (
  value: Record<string, unknown>,
  field = 'messages',
  object = 'whatsapp_business_account',
) => ({
  object,
  entry: [{ id: '102290129340398', changes: [{ field, value }] }],
});

const text = (from: string, id: string) => ({
  from,
  id,
  timestamp: '1749416383',
  type: 'text',
  text: { body: 'Нет воды' },
});

describe('WhatsApp webhook parser', () => {
  it('takes the author from `from`, with the profile name only from the matching contact', () => {
    const r = parseWhatsApp(
      envelope({
        contacts: [{ wa_id: '77019998877', profile: { name: 'Someone else' } }],
        messages: [text('77011234567', 'wamid.a')],
      }),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.signals[0]?.author).toEqual({
      externalUserId: '77011234567',
      displayName: null,
      phone: '+77011234567',
    });
    expect(r.signals[0]?.conversation).toBe('wa:77011234567');
  });

  it('returns status callbacks apart from the signals', () => {
    const r = parseWhatsApp(fixtureJson('wa_status_sent.json'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.signals).toHaveLength(0);
    expect(r.statuses.map((s) => [s.id, s.status])).toEqual([
      ['wamid.HBgLNjAxNzM1MjYyMzMVAgARGBJCNkY5NTBENEU3ODYxQTM3RUQA', 'sent'],
    ]);
  });

  it('records other fields and other objects as ignored, each under a stable id', () => {
    const a = parseWhatsApp(envelope({ event: 'APPROVED' }, 'message_template_status_update'));
    const b = parseWhatsApp(envelope({ event: 'APPROVED' }, 'message_template_status_update'));
    const c = parseWhatsApp(envelope({ event: 'REJECTED' }, 'message_template_status_update'));
    if (!a.ok || !b.ok || !c.ok) throw new Error('refused');
    expect(a.signals[0]?.status).toBe('ignored');
    expect(a.signals[0]?.externalId).toBe(b.signals[0]?.externalId);
    expect(a.signals[0]?.externalId).not.toBe(c.signals[0]?.externalId);
    const other = parseWhatsApp(envelope({ messages: [text('1', 'x')] }, 'messages', 'page'));
    expect(other.ok && other.signals[0]?.status).toBe('ignored');
  });

  it('refuses payloads of the wrong shape', () => {
    for (const bad of [
      {},
      { object: 'whatsapp_business_account' },
      { object: 'whatsapp_business_account', entry: {} },
      envelope({ messages: [{ ...text('77011234567', 'wamid.b'), timestamp: 1749416383 }] }),
      envelope({ messages: [{ ...text('+77011234567', 'wamid.c') }] }),
      envelope({
        messages: [
          { ...text('7701', 'wamid.d'), type: 'location', location: { latitude: 95, longitude: 0 } },
        ],
      }),
      envelope({ statuses: [{ id: 'wamid.e', status: 'read' }] }),
    ]) {
      expect(parseWhatsApp(bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
