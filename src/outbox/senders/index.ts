import type { Sender } from '../types.js';
import { sendGateway } from './gateway.js';
import { sendMeta } from './meta.js';
import { sendOpen311 } from './open311.js';
import { sendTelegram } from './telegram.js';
import { sendVk } from './vk.js';
import { sendWhatsApp } from './whatsapp.js';

/** The sender of each channel that can carry a message back to the citizen. */
export const SENDERS: Readonly<Record<string, Sender>> = {
  telegram: sendTelegram,
  whatsapp: sendWhatsApp,
  instagram: sendMeta,
  facebook: sendMeta,
  vk: sendVk,
  open311: sendOpen311,
  web: sendGateway,
  call_center: sendGateway,
  email: sendGateway,
};
