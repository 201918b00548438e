import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { findActiveClientByHash, insertClient, listClients, revokeClient } from './repository.js';
import type { Open311Client } from './types.js';

/**
 * API keys of Open311 client applications. A key is shown once, when it is issued; only its SHA-256
 * hash is stored. Keys are 32 random bytes, so a plain hash (no salt, no slow KDF) is enough: there is
 * nothing to guess, and the lookup by hash does not reveal the key.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return `o311_${randomBytes(32).toString('base64url')}`;
}

export interface IssuedKey {
  readonly id: number;
  readonly name: string;
  readonly apiKey: string;
}

export async function issueClientKey(db: Db, name: string, now: number): Promise<IssuedKey> {
  const clean = name.trim();
  if (!clean || clean.length > 200) {
    throw new AppError(400, 'invalid_name', 'the client name must have 1 to 200 characters');
  }
  const apiKey = newApiKey();
  const id = await insertClient(db, clean, hashApiKey(apiKey), now);
  return { id, name: clean, apiKey };
}

export async function revokeClientKey(db: Db, id: number, now: number): Promise<{ revokedAt: number }> {
  const done = await revokeClient(db, id, now);
  if (!done) throw new AppError(404, 'not_found', `Open311 client ${id} not found`);
  return done;
}

export async function clientList(db: Db) {
  const rows = await listClients(db);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: new Date(r.created_at).toISOString(),
    revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
    requests: Number(r.requests),
  }));
}

/** The client application holding this key; 403 (the spec's status) when missing, unknown or revoked. */
export async function authenticateClient(db: Db, key: string | undefined): Promise<Open311Client> {
  if (!key) throw new AppError(403, 'api_key_missing', 'api_key is required to create a service request');
  const client = await findActiveClientByHash(db, hashApiKey(key));
  if (!client) {
    throw new AppError(
      403,
      'api_key_invalid',
      "Invalid api_key received -- can't proceed with create_request.",
    );
  }
  return client;
}
