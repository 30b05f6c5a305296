/**
 * Benchmark: a village cadre's offline data (`visits.offlinePack`) for 60 assigned households,
 * each with a last visit carrying policy notes, measured as the JSON bytes sent to the phone,
 * against the 200 KB budget (ratio = bytes / 204,800). Runs on the test host (PGlite), synthetic
 * households of the test fixtures only; the pack's size does not depend on the database.
 */
import { createTestApp } from '@zhenxing/testing';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { randomUUID } from 'node:crypto';
import { visitsPlugin } from '../src/server/plugin.ts';
import { quietVisit, visitHousehold } from '../src/testing.ts';

export const OFFLINE_PACK_BUDGET_BYTES = 200 * 1024;
const VILLAGE = '130609100002';

export async function benchOfflinePack({ households = 60 }: { households?: number } = {}) {
  const app = await createTestApp({ plugins: [registryPlugin, visitsPlugin] as const, enable: { '130609': ['registry', 'visits'] } });
  try {
    app.clock.set('2026-03-01T01:00:00Z');
    await app.as('xushui').visits.assignments.assign({
      villageCode: VILLAGE,
      cadreName: '巨威村干部',
      cadreUsername: 'juwei',
      cadreKind: 'village-cadre',
      effectiveFrom: '2026-01-01',
    });
    const created = [];
    for (let index = 0; index < households; index += 1) {
      created.push(await app.as('xushui').registry.households.create(visitHousehold(VILLAGE, 500 + index, 'left-poverty')));
    }
    app.clock.set('2026-03-20T02:00:00Z');
    for (const { household, members } of created) {
      await app.as('juwei').visits.record({
        ...quietVisit(
          household.id,
          members.map((member) => member.id),
          '2026-03-02T02:00:00Z',
          randomUUID(),
        ),
        policyNotes: '低保、医保、产业奖补按时到位；家庭医生签约服务已落实。',
        findings: '无新增风险',
      });
    }
    const pack = await app.as('juwei').visits.offlinePack({});
    const bytes = Buffer.byteLength(JSON.stringify(pack), 'utf8');
    return {
      households: pack.households.length,
      bytes,
      kilobytes: Math.round((bytes / 1024) * 10) / 10,
      ratio: Math.round((bytes / OFFLINE_PACK_BUDGET_BYTES) * 1000) / 1000,
    };
  } finally {
    await app.close();
  }
}
