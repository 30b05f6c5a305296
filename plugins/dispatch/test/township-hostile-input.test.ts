import { queryRows } from '@zhenxing/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epidemicCall, refusal, startApp, type App } from './helpers.ts';

/**
 * Hostile input to the township sub-report procedures (issue 16, checked by hand and kept): every
 * value a scripted client can send instead of the form's — absurd numbers, fractions, control
 * characters, ids past the database's integer range, another county's township, unknown townships —
 * gets a typed refusal (never an internal error) and leaves the sub-reports as they were.
 */
describe('dispatch: township sub-reports refuse hostile input and keep nothing of it', () => {
  let app: App;
  let period = 0;
  const saved = async () =>
    (await queryRows<{ n: number }>(app.db, sql`select count(*)::int as n from dispatch.township_reports where period_id = ${period}`))[0]?.n;

  beforeAll(async () => {
    app = await startApp();
    const call = await app.as('province').dispatch.calls.create(
      epidemicCall({
        title: '乡镇分报（恶意输入）',
        counties: ['130602', '130609'],
        townshipReports: true,
        fields: [
          { key: 'stuckWorkers', label: '滞留务工人数', type: 'integer', required: true, min: 0 },
          { key: 'lossFen', label: '估算减收', type: 'money', required: false },
        ],
      }),
    );
    period = call.periods[0]?.id as number;
  });
  afterAll(() => app?.close());

  const save = (values: Record<string, unknown>, townshipCode = '130609100', periodId = period) =>
    app.as('ansu').dispatch.townships.save({ periodId, townshipCode, values: values as Record<string, number>, submit: true });

  it.each([
    ['a number past any count', { stuckWorkers: 1e308 }],
    ['a fraction of a person', { stuckWorkers: 1.5 }],
    ['a negative count', { stuckWorkers: -3 }],
    ['money past bigint', { stuckWorkers: 1, lossFen: 2 ** 64 }],
    ['fractional fen', { stuckWorkers: 1, lossFen: 0.5 }],
    ['text where a number belongs', { stuckWorkers: '12' }],
    ['a NUL byte in text', { stuckWorkers: 'a\u0000b' }],
    ['an impossible date', { stuckWorkers: '2026-02-30' }],
    ['a field the call does not have', { stuckWorkers: 1, dropTable: 1 }],
    ['a field key with control characters', { 'stuck\u0000Workers': 1 }],
  ])('refuses %s', async (_, values) => {
    const refused = await refusal(save(values));
    expect(['invalid-input', 'validation']).toContain(refused.reason);
    expect(await saved()).toBe(0);
  });

  it('refuses another county’s township, an unknown township and a period id past the integer range, with a reason, not an error', async () => {
    expect((await refusal(save({ stuckWorkers: 1 }, '130602001'))).reason).toMatch(/out-of-scope|not-found|permission-denied/);
    expect((await refusal(save({ stuckWorkers: 1 }, '130609999'))).reason).toMatch(/out-of-scope|not-found/);
    expect((await refusal(save({ stuckWorkers: 1 }, '130609100', 2 ** 40))).reason).toMatch(/not-found|invalid-input|validation/);
    expect((await refusal(app.as('ansu').dispatch.townships.form({ periodId: 2 ** 40, townshipCode: '130609100' }))).reason).toMatch(
      /not-found|invalid-input|validation/,
    );
    expect(await saved()).toBe(0);
  });

  it('still saves the sound sub-report afterwards', async () => {
    await save({ stuckWorkers: 4, lossFen: 120_000 });
    expect(await saved()).toBe(1);
  });
});
