import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** At least 32 characters: hex, base64 or a passphrase; it is only ever used as HMAC key material. */
export const secretKeySchema = z.string().min(32, 'ZX_SECRET_KEY needs at least 32 characters');

export interface SecretKeySource {
  /** `ZX_SECRET_KEY` from the environment, when set. */
  configured?: string | undefined;
  /** Where the embedded database lives; a generated key is kept next to it. */
  dataDir?: string | undefined;
}

export const GENERATED_KEY_FILE = 'zx-secret.key';

/**
 * The platform's one secret: `ZX_SECRET_KEY` if configured, else a random key generated once per
 * data directory (the embedded demo), stored with mode 0600 beside — not inside — the database
 * directory so a data-directory backup does not carry it. Purposes get separate subkeys.
 */
export function loadSecretKey(source: SecretKeySource): Buffer {
  if (source.configured !== undefined) return Buffer.from(secretKeySchema.parse(source.configured), 'utf8');
  if (!source.dataDir) throw new Error('No ZX_SECRET_KEY and no data directory to keep a generated key in');
  const file = join(dirname(source.dataDir), GENERATED_KEY_FILE);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/** A subkey for one purpose ('audit-checkpoint', 'totp'…), so no two uses share key material. */
export function deriveKey(secret: Uint8Array, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`zhenxing:${purpose}`).digest();
}
