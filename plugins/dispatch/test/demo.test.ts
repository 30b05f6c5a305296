import { seedPluginDemo, silentLogger } from '@zhenxing/core';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchPlugin } from '../src/server/plugin.ts';

describe('dispatch demo: a running weekly epidemic-impact call with some counties late', () => {
  let app: TestApp<[typeof dispatchPlugin]>;
  beforeAll(async () => {
    // Wednesday 2022-06-29, 10:00 in Shanghai.
    app = await createTestApp({
      plugins: [dispatchPlugin],
      enable: { '130609': ['dispatch'], '130602': ['dispatch'], '130102': ['dispatch'] },
      now: '2022-06-29T02:00:00Z',
    });
    await seedPluginDemo(app.host, dispatchPlugin, { counties: ['130609', '130602', '130102'], seed: 2022, households: 0, logger: silentLogger });
  });
  afterAll(() => app?.close());

  it('seeds a weekly call still running, with Xushui on time, one county late and one missing in the latest due week', async () => {
    const [call] = await app.as('province').dispatch.calls.list({});
    expect(call).toMatchObject({ recurrence: 'weekly', regionCode: '13', counties: ['130102', '130602', '130609'] });
    expect(call?.nextPeriod).not.toBeNull();
    const detail = await app.as('province').dispatch.calls.get({ callId: call?.id as number });
    const due = detail.periods.filter((period) => new Date(period.dueAt) < new Date('2022-06-29T02:00:00Z'));
    const latest = due[due.length - 1];
    const late = await app.as('province').dispatch.periods.late({ periodId: latest?.id as number });
    expect(late.entries.map((entry) => [entry.countyCode, entry.kind])).toEqual([
      ['130102', 'missing'],
      ['130602', 'late'],
      ['130609', 'on-time'],
    ]);
    expect(late.late[0]?.minutesLate).toBe(95);
    // Xushui's older weeks are accepted and sealed, their hashes intact.
    const sealed = detail.periods[0]?.submissions.find((entry) => entry.countyCode === '130609');
    expect(sealed?.status).toBe('accepted');
    expect(await app.as('xushui').dispatch.submissions.seal({ submissionId: sealed?.submissionId as number })).toMatchObject({ sealed: true, intact: true });
  });
});
