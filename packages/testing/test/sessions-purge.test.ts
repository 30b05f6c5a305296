import { auditLog, loginThrottle, sessions, users } from '@zhenxing/db';
import { createSession, SESSION_IDLE_MS } from '@zhenxing/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../src/index.ts';
import { notesPlugin } from './fixtures/notes/plugin.ts';

describe('the core job core.sessions-purge (sessions and stale login-attempt counts)', () => {
  let app: TestApp<[typeof notesPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [notesPlugin], now: '2026-03-02T01:00:00Z' });
  });
  afterAll(() => app?.close());

  it('deletes sessions past their expiry or idle limit, keeps live ones, and audits the count', async () => {
    const [user] = await app.db.select({ id: users.id }).from(users).limit(1);
    const now = app.clock.now();
    const live = await createSession(app.db, user!.id, now);
    const idle = await createSession(app.db, user!.id, new Date(now.getTime() - SESSION_IDLE_MS - 60_000));
    const expired = await createSession(app.db, user!.id, now);
    await app.db
      .update(sessions)
      .set({ expiresAt: new Date(now.getTime() - 1) })
      .where(eq(sessions.tokenHash, expired.session.tokenHash));

    const staleSince = new Date(now.getTime() - 25 * 3_600_000);
    await app.db.insert(loginThrottle).values([
      { usernameKey: 'stale-user', address: '10.0.0.1', failures: 3, lastAdmitted: 'x', updatedAt: staleSince },
      { usernameKey: 'recent-user', address: '10.0.0.2', failures: 3, lastAdmitted: 'x', updatedAt: now },
    ]);

    app.clock.set('2026-03-02T01:17:00Z'); // the job's minute (17 past every hour)
    const outcomes = await app.host.jobs.runDue();
    expect(outcomes.find((outcome) => outcome.job === 'core.sessions-purge')).toMatchObject({ outcome: 'ran' });

    const left = (await app.db.select({ tokenHash: sessions.tokenHash }).from(sessions)).map((row) => row.tokenHash);
    expect(left).toContain(live.session.tokenHash);
    expect(left).not.toContain(idle.session.tokenHash);
    expect(left).not.toContain(expired.session.tokenHash);
    const throttled = (await app.db.select({ usernameKey: loginThrottle.usernameKey }).from(loginThrottle)).map((row) => row.usernameKey);
    expect(throttled).toEqual(['recent-user']);
    const [entry] = await app.db.select().from(auditLog).where(eq(auditLog.action, 'sessions.purge'));
    expect(entry).toMatchObject({ username: 'system:core.sessions-purge' });
    expect(entry?.after).toEqual({ removed: 2 });
  });
});
