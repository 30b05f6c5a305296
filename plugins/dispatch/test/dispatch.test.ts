import { auditLog } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchPlugin } from '../src/server/plugin.ts';

describe('dispatch: records are scoped to the county and every write is audited', () => {
  let app: TestApp<[typeof dispatchPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [dispatchPlugin], enable: { '130609': ['dispatch'], '130602': ['dispatch'] } });
  });
  afterAll(() => app?.close());

  it('a county sees its own records and not those of its neighbour; the city sees both', async () => {
    const own = await app.as('xushui').dispatch.items.create({ title: '徐水记录', recordedOn: '2022-05-01', amountFen: 1_000 });
    const neighbour = await app.as('jingxiu').dispatch.items.create({ title: '竞秀记录', recordedOn: '2022-05-02', amountFen: 2_000 });
    expect(own.countyCode).toBe('130609');
    const seenByXushui = await app.as('xushui').dispatch.items.list({});
    expect(seenByXushui.map((item) => item.id)).toContain(own.id);
    expect(seenByXushui.map((item) => item.id)).not.toContain(neighbour.id);
    const seenByCity = await app.as('baoding').dispatch.items.list({});
    expect(seenByCity.map((item) => item.id)).toEqual(expect.arrayContaining([own.id, neighbour.id]));
  });

  it('refuses a county user writing into another county', async () => {
    await expect(app.as('xushui').dispatch.items.create({ regionCode: '130602', title: '越权', recordedOn: '2022-05-01', amountFen: 1 })).rejects.toThrow();
  });

  it('audits a create with the row as written', async () => {
    const item = await app.as('xushui').dispatch.items.create({ title: '审计记录', recordedOn: '2022-05-03', amountFen: 3_000 });
    const entries = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'dispatch'), eq(auditLog.entityId, String(item.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'item.create', regionCode: '130609', entityType: 'dispatch-item' });
  });

  it('rejects an impossible date and a negative amount at the boundary', async () => {
    await expect(app.as('xushui').dispatch.items.create({ title: '日期', recordedOn: '2026-02-30', amountFen: 1 })).rejects.toThrow();
    await expect(app.as('xushui').dispatch.items.create({ title: '金额', recordedOn: '2026-02-28', amountFen: -1 })).rejects.toThrow();
  });
});
