import type { DemoContext } from '@zhenxing/core';
import type { SchemeItem } from '../index.ts';
import { schemes, type SchemeRow } from './schema.ts';

const HEBEI = '13';

/**
 * A draft 2022 scheme for the demo (synthetic weights): income weighted most (§2), then visits and
 * monitoring, with the two deduction items of the notice. The province edits and publishes it.
 */
export const DEMO_SCHEME_ITEMS: SchemeItem[] = [
  {
    indicator: 'income.ledger-plan-coverage',
    title: '台账户增收计划覆盖率',
    weight: 40,
    direction: 'higher-is-better',
    method: { kind: 'linear', worst: 60, best: 100 },
    dataDate: '2022-12-31',
  },
  {
    indicator: 'visits.visit-coverage',
    title: '入户走访覆盖率',
    weight: 30,
    direction: 'higher-is-better',
    method: { kind: 'threshold', target: 100 },
    dataDate: '2022-12-31',
  },
  {
    indicator: 'monitoring.overdue-identifications',
    title: '超期未完成认定数',
    weight: 30,
    direction: 'lower-is-better',
    method: { kind: 'rank' },
    dataDate: '2022-12-31',
  },
];

export async function seedAssessmentDemo({ db, audit, actor }: DemoContext): Promise<void> {
  const [row] = (await db
    .insert(schemes)
    .values({
      provinceCode: HEBEI,
      year: 2022,
      version: 1,
      title: '【演示】2022年度巩固拓展脱贫攻坚成果考核方案（合成）',
      totalPoints: 100,
      redistribution: 'proportional',
      items: DEMO_SCHEME_ITEMS,
      deductions: [
        { code: 'notice-problem', title: '被通报问题', pointsEach: 1, maxPoints: 5 },
        { code: 'late-data', title: '数据调度迟报', pointsEach: 0.5, maxPoints: 3 },
      ],
      status: 'draft',
      createdBy: actor.username,
    })
    .returning()) as [SchemeRow];
  await audit({ action: 'scheme.demo', regionCode: HEBEI, entityType: 'assessment-scheme', entityId: row.id, after: row });
}
