import type { Database, DatabaseHandle, Executor } from '@zhenxing/db';
import type { Locale } from './i18n.ts';
import type { Role } from './roles.ts';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The region node the user works in; everything they see starts with this code. */
  scopeCode: string;
  locale: Locale;
  permissions: ReadonlySet<string>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move: escalations, deadlines and job ticks all read it. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}

export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** What the HTTP edge lets a procedure do to the response (cookies); a recorder in tests. */
export interface HttpSurface {
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
  readonly ip: string;
  readonly userAgent: string;
}

export interface Session {
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  /** The province requires a second factor of this user and none is enrolled yet: only auth.* answers. */
  totpEnrollmentRequired?: boolean;
}

/** The context every procedure starts with; middlewares narrow and extend it. */
export interface BaseContext {
  db: Executor;
  database: DatabaseHandle;
  user: SessionUser | null;
  session: Session | null;
  clock: Clock;
  logger: Logger;
  locale: Locale;
  requestId: string;
  http: HttpSurface | null;
  /** Whether the request proved it came from our own page (CSRF check); always true in callers. */
  csrfVerified: boolean;
}

export type { Database };
