import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { securityPolicies, sessions, userTotp, type Executor } from '@zhenxing/db';
import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { provinceOf } from '../regions.ts';
import type { Role } from '../roles.ts';

/**
 * Two-factor sign-in with TOTP (RFC 6238: 6 digits, 30 s, SHA-1 — what every authenticator app
 * speaks). Secrets are stored AES-256-GCM encrypted under a subkey of the platform secret, so a
 * database dump alone does not yield them; a step is accepted once (replay of a seen code fails).
 */

/** Roles that administer people or the platform: a province's policy can make them use TOTP. */
export const TOTP_POLICY_ROLES: readonly Role[] = ['province_admin', 'city_admin', 'county_admin', 'system_admin', 'security_admin', 'audit_admin'];

const ISSUER = '振兴 Zhenxing';
const PERIOD_SECONDS = 30;

function totpFor(secret: Secret, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, secret, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS });
}

export function encryptSecret(key: Uint8Array, secret: Secret): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(secret.bytes)), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64')).join('.');
}

export function decryptSecret(key: Uint8Array, stored: string): Secret {
  const [iv, tag, ciphertext] = stored.split('.').map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !ciphertext) throw new Error('Malformed TOTP secret');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  const bytes = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  // A small Buffer is a view into a shared pool: hand otpauth exactly its own bytes.
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
}

/** The 30-second step a valid code belongs to (±1 step of clock drift), or null. */
export function acceptedStep(secret: Secret, code: string, now: Date): number | null {
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** The current code for a base32 secret, as an authenticator app shows it (tests use it; the server never shows one). */
export function currentCode(base32Secret: string, now: Date): string {
  return totpFor(Secret.fromBase32(base32Secret)).generate({ timestamp: now.getTime() });
}

/** A new secret, stored unconfirmed (replacing an earlier unconfirmed one); returns what the app needs to enrol. */
export async function beginEnrollment(db: Executor, key: Uint8Array, user: { id: number; username: string }): Promise<{ secret: string; uri: string }> {
  const secret = new Secret({ size: 20 });
  const secretCiphertext = encryptSecret(key, secret);
  await db
    .insert(userTotp)
    .values({ userId: user.id, secretCiphertext, confirmedAt: null, lastStep: null })
    .onConflictDoUpdate({ target: userTotp.userId, set: { secretCiphertext, confirmedAt: null, lastStep: null, createdAt: new Date() } });
  return { secret: secret.base32, uri: totpFor(secret, user.username).toString() };
}

export type TotpState = 'none' | 'pending' | 'active';

export async function totpState(db: Executor, userId: number): Promise<TotpState> {
  const [row] = await db.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, userId));
  if (!row) return 'none';
  return row.confirmedAt ? 'active' : 'pending';
}

/**
 * Checks a code against the user's secret (active, or pending when `pending` is true) and, when it
 * is valid and newer than the last accepted step, records the step. Returns whether it was accepted.
 */
export async function verifyAndConsume(
  db: Executor,
  key: Uint8Array,
  userId: number,
  code: string,
  now: Date,
  options: { pending?: boolean } = {},
): Promise<boolean> {
  const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, userId)).for('update');
  if (!row) return false;
  if (options.pending ? row.confirmedAt !== null : row.confirmedAt === null) return false;
  const step = acceptedStep(decryptSecret(key, row.secretCiphertext), code, now);
  if (step === null || (row.lastStep !== null && step <= row.lastStep)) return false;
  await db
    .update(userTotp)
    .set({ lastStep: step, ...(options.pending ? { confirmedAt: now } : {}) })
    .where(eq(userTotp.userId, userId));
  if (options.pending) await db.update(sessions).set({ totpEnrollmentRequired: false }).where(eq(sessions.userId, userId));
  return true;
}

/** Whether the province of `scopeCode` requires a second factor of this role. */
export async function totpRequired(db: Executor, role: Role, scopeCode: string): Promise<boolean> {
  if (!TOTP_POLICY_ROLES.includes(role)) return false;
  const [policy] = await db
    .select()
    .from(securityPolicies)
    .where(eq(securityPolicies.provinceCode, provinceOf(scopeCode)));
  return policy?.totpRequiredForAdmins ?? false;
}
