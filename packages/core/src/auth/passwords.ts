import { hash, verify } from '@node-rs/argon2';
import type { Localized } from '../i18n.ts';

/** argon2id with OWASP's minimum parameters (19 MiB, 2 passes). */
const ARGON2_OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!passwordHash.startsWith('$argon2')) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const PASSWORD_MIN_LENGTH = 10;

/**
 * Password rules: at least 10 characters, three of the four character kinds (lower, upper, digit,
 * symbol), and not containing the username. Returns every rule broken, in both languages.
 */
export function passwordProblems(password: string, username: string): Localized[] {
  const problems: Localized[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push({ 'zh-CN': `密码至少 ${PASSWORD_MIN_LENGTH} 位。`, en: `Use at least ${PASSWORD_MIN_LENGTH} characters.` });
  }
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (kinds < 3) {
    problems.push({
      'zh-CN': '密码须包含小写字母、大写字母、数字、符号中的至少三类。',
      en: 'Use at least three of: lower-case letters, upper-case letters, digits, symbols.',
    });
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ 'zh-CN': '密码不能包含用户名。', en: 'The password must not contain the username.' });
  }
  return problems;
}

/** A random password that satisfies the rules, for first-run admins and resets. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(14));
  const body = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
  return `${body}-7a`;
}
