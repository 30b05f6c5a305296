import { defineModule, definePlugin, READ_ROLES, type EventMap } from '@zhenxing/core';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { addDays } from '@zhenxing/rules';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { z } from 'zod';
import { monitoringPlugin } from '../src/server/plugin.ts';
import { lowIncomeHousehold } from '../src/testing.ts';

export const VILLAGE = '130609100002';
export const OTHER_VILLAGE = '130609101201';
export const D = '2026-03-02';

type Captured = { [K in keyof EventMap]: { name: K; payload: EventMap[K] } }[keyof EventMap];

/** Records what monitoring emits, as a downstream plugin (e.g. the registry later) would receive it. */
export const captured: Captured[] = [];
export const listenerPlugin = definePlugin({
  module: defineModule({ id: 'listener', title: { 'zh-CN': '事件监听（测试）', en: 'Event listener (test)' }, permissions: { ping: READ_ROLES }, events: {} }),
  version: '1.0.0',
  dependsOn: ['monitoring'],
  settings: z.object({}),
  router: ({ router, procedure }) => router({ ping: procedure.meta({ permission: 'ping' }).query(() => 'pong') }),
  on: {
    'monitoring.case-opened': (payload) => void captured.push({ name: 'monitoring.case-opened', payload }),
    'monitoring.household-included': (payload) => void captured.push({ name: 'monitoring.household-included', payload }),
    'monitoring.risk-eliminated': (payload) => void captured.push({ name: 'monitoring.risk-eliminated', payload }),
    'monitoring.identification-escalated': (payload) => void captured.push({ name: 'monitoring.identification-escalated', payload }),
  },
});

export const PLUGINS = [registryPlugin, monitoringPlugin, listenerPlugin] as const;
export type App = TestApp<typeof PLUGINS>;

export function startApp(enable: Record<string, readonly string[]> = { '130609': ['registry', 'monitoring', 'listener'], '130602': ['registry'] }) {
  return createTestApp({ plugins: PLUGINS, enable });
}

/** Moves the controllable clock to 10:00 Asia/Shanghai on `day` (D + n when given a number). */
export function at(app: App, day: string | number): string {
  const iso = typeof day === 'number' ? addDays(D, day) : day;
  app.clock.set(`${iso}T02:00:00Z`);
  return iso;
}

let sequence = 100;
/** Creates a low-income 脱贫户 in the registry; returns its id and the spouse's member id (major chronic disease). */
export async function household(app: App, options: { village?: string; status?: 'left-poverty' | 'ordinary' | 'monitored'; income?: 'low' | 'high' } = {}) {
  sequence += 1;
  const input = lowIncomeHousehold(options.village ?? VILLAGE, sequence, options.status ?? 'left-poverty');
  if (options.income === 'high')
    input.income = { year: 2025, wagesFen: 2_400_000, businessFen: 300_000, propertyFen: 0, transfersFen: 120_000, productionCostsFen: 100_000 };
  const created = await app.as('xushui').registry.households.create(input);
  const spouse = created.members.find((member) => member.relation === 'spouse');
  const head = created.members.find((member) => member.relation === 'head');
  return {
    id: created.household.id,
    spouseId: String(spouse?.id),
    head: head as NonNullable<typeof head>,
    idNumbers: input.members.map((member) => member.idNumber),
  };
}

/** 12,000 yuan out of pocket for the spouse: above the 50% medical warning standard for 脱贫 people. */
export function illnessOverrides(spouseId: string) {
  return { outOfPocketMedicalFen: { [spouseId]: 1_200_000 } };
}

const ATTACHMENT = [{ name: '入户核实表（合成）.pdf', ref: 'files/verification-1' }];

/** Walks an open case from verification to county approval; the notice is posted on `start` and ends 5 days later. */
export async function walkToCountyApproval(app: App, caseId: number, spouseId: string, start: number) {
  at(app, start);
  await app
    .as('juwei')
    .monitoring.cases.verify({ caseId, consentSigned: true, findings: '入户核实：配偶患慢性病，医疗支出大', riskTypes: ['illness'], attachments: ATTACHMENT });
  await app.as('juwei').monitoring.cases.compare({ caseId, overrides: illnessOverrides(spouseId) });
  await app.as('juwei').monitoring.cases.villageReview({ caseId, decision: 'pass', participants: 23, comment: '村民代表会议一致同意' });
  await app.as('juwei').monitoring.cases.postNotice({ caseId });
  at(app, start + 5);
  await app.as('juwei').monitoring.cases.completeNotice({ caseId });
  await app.as('ansu').monitoring.cases.townshipReview({ caseId, decision: 'pass', comment: '乡镇审核通过' });
}

export async function openCase(app: App, householdId: number, detectedOn = D) {
  const opened = await app
    .as('juwei')
    .monitoring.signals.report({ householdId, source: 'cadre-screening', summary: '干部排查发现医疗支出大', riskTypes: ['illness'], detectedOn });
  return opened.caseId as number;
}
