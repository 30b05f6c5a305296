import { ZxError } from '@zhenxing/core';
import { monitoringPlugin } from '@zhenxing/plugin-monitoring/server';
import { lowIncomeHousehold } from '@zhenxing/plugin-monitoring/testing';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { createTestApp, STANDARD_USERS, type TestApp } from '@zhenxing/testing';
import { expect } from 'vitest';
import type { CreateCallInput } from '../src/index.ts';
import { dispatchPlugin } from '../src/server/plugin.ts';

export const PLUGINS = [registryPlugin, monitoringPlugin, dispatchPlugin] as const;
export type App = TestApp<typeof PLUGINS>;

/**
 * Township officers beside the standard users: 安肃镇 (ansu) is one already; 崔庄镇 is Xushui's other
 * township, 先锋街道 a township of Jingxiu (another county).
 */
export const TOWNSHIP_USERS = [
  { username: 'cuizhuang', role: 'township_officer', scopeCode: '130609101' },
  { username: 'xianfeng', role: 'township_officer', scopeCode: '130602001' },
] as const;

/** Xushui runs every module; Jingxiu and Chang'an run dispatch only. */
export function startApp() {
  return createTestApp({
    plugins: PLUGINS,
    users: [...STANDARD_USERS, ...TOWNSHIP_USERS],
    enable: { '130609': ['registry', 'monitoring', 'dispatch'], '130602': ['registry', 'dispatch'], '130102': ['dispatch'] },
    now: '2022-03-21T01:00:00Z',
  });
}

export const EPIDEMIC = 'monitoring.included-by-cause-epidemic';

/** The weekly epidemic-impact form: one field pre-filled from monitoring's by-cause indicator. */
export function epidemicCall(overrides: Partial<CreateCallInput> = {}): CreateCallInput {
  return {
    regionCode: '13',
    title: '疫情影响监测调度（测试）',
    fields: [
      { key: 'epidemicHouseholds', label: '因疫情风险户数', type: 'integer', required: true, min: 0, indicator: EPIDEMIC },
      { key: 'stuckWorkers', label: '滞留务工人数', type: 'integer', required: true, min: 0, max: 100_000 },
      { key: 'lossFen', label: '估算减收', type: 'money', required: false },
      { key: 'jobShare', label: '公益岗安置比例', type: 'percent', required: false },
      { key: 'reportedOn', label: '统计日期', type: 'date', required: false, min: '2022-01-01' },
      {
        key: 'level',
        label: '防控等级',
        type: 'choice',
        required: true,
        options: [
          { value: 'low', label: '低' },
          { value: 'high', label: '高' },
        ],
      },
      { key: 'note', label: '说明', type: 'text', required: false, maxLength: 20 },
    ],
    recurrence: 'weekly',
    // 2022 第 12 期: Monday 21 March – Sunday 27 March, due Monday 28 March 10:00 Asia/Shanghai (02:00 UTC).
    firstPeriodStart: '2022-03-21',
    firstNumber: 12,
    periodCount: 4,
    dueDaysAfterEnd: 1,
    dueTime: '10:00',
    ...overrides,
  };
}

let sequence = 400;
/** A household in Xushui with an epidemic-caused risk case opened by the village cadre. */
export async function epidemicCase(app: App, village = '130609100002'): Promise<number> {
  sequence += 1;
  const created = await app.as('xushui').registry.households.create(lowIncomeHousehold(village, sequence));
  const opened = await app.as('xushui').monitoring.signals.report({
    householdId: created.household.id,
    source: 'cadre-screening',
    summary: '疫情导致务工收入骤减（合成）',
    riskTypes: ['epidemic'],
  });
  return opened.caseId as number;
}

/** The refusal's machine reason and details (ZxError). */
export async function refusal(call: Promise<unknown>): Promise<{ reason: string; details: Record<string, unknown> | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(ZxError);
    const zx = error as ZxError;
    return { reason: zx.reason, details: zx.details, message: zx.localized['zh-CN'] };
  }
  throw new Error('expected a refusal, but the call succeeded');
}
