import { createHash } from 'node:crypto';
import type { DemoContext } from '@zhenxing/core';
import { uploads } from '@zhenxing/db';
import { householdProfilesPage } from '@zhenxing/plugin-registry/server';
import type { InspectionProblemCategory, TaskStatus } from '../index.ts';
import type { SchemeItem } from '../index.ts';
import { FINDING_PURPOSE, RECTIFICATION_PURPOSE } from './inspections.ts';
import { inspections, rectificationTasks, schemes, type InspectionRow, type SchemeRow, type TaskRow } from './schema.ts';

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

/** `days` after an ISO date (negative: before). */
function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A tiny synthetic JPEG kept in the core upload store as a demo evidence photo (no uploader: user 0). */
async function demoPhoto(db: DemoContext['db'], purpose: string, countyCode: string, name: string, fill: number, at: Date): Promise<string> {
  const content = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(200, fill),
    Buffer.from([0xff, 0xd9]),
  ]);
  const id = createHash('sha256')
    .update(`assessment-demo:${purpose}:${name}`)
    .digest('hex')
    .slice(0, 32)
    .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
  await db.insert(uploads).values({
    id,
    plugin: 'assessment',
    purpose,
    userId: 0,
    countyCode,
    fileName: name,
    type: 'jpeg',
    bytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    createdAt: at,
    keptAt: at,
  });
  return id;
}

interface DemoTask {
  category: InspectionProblemCategory;
  description: string;
  status: Exclude<TaskStatus, 'draft'> | 'draft';
  deadline: number;
  submitted?: number;
  returnReason?: string;
}

/**
 * 暗访 demo (synthetic): Baoding's inspection of a Xushui village a month ago with tasks open, due,
 * overdue, submitted and accepted; the province's inspection of Jingxiu with one task returned and
 * one accepted late; and a province draft of Xushui the county does not see yet.
 */
async function seedInspectionsDemo({ db, audit, actor, today, clock }: DemoContext): Promise<void> {
  const [household, neighbour] = await householdProfilesPage(db, { countyCodes: ['130609'], regionPrefix: '130609', afterId: 0, limit: 2 }, today);
  if (!household) return;
  const village = household.household.villageCode;
  const plan: { scope: string; target: string; visited: number; status: 'draft' | 'submitted'; households: number[]; tasks: DemoTask[] }[] = [
    {
      scope: '1306',
      target: village,
      visited: -30,
      status: 'submitted',
      households: [household.household.id, ...(neighbour && neighbour.household.villageCode === village ? [neighbour.household.id] : [])],
      tasks: [
        { category: 'visits', description: '【演示】帮扶责任人近两个月未入户走访', status: 'open', deadline: 10 },
        { category: 'income', description: '【演示】家庭经营收入未扣除生产经营成本', status: 'submitted', deadline: 5, submitted: -1 },
        { category: 'data', description: '【演示】户信息与部门比对数据不一致', status: 'accepted', deadline: -5, submitted: -8 },
        { category: 'policy', description: '【演示】产业帮扶项目未落实到户', status: 'open', deadline: -3 },
      ],
    },
    {
      scope: '13',
      target: '130602',
      visited: -20,
      status: 'submitted',
      households: [],
      tasks: [
        {
          category: 'identification',
          description: '【演示】防止返贫监测对象未及时纳入',
          status: 'returned',
          deadline: 7,
          submitted: -2,
          returnReason: '【演示】佐证不能说明已完成认定',
        },
        { category: 'visits', description: '【演示】走访记录内容雷同', status: 'accepted', deadline: -10, submitted: -6 },
      ],
    },
    {
      scope: '13',
      target: village,
      visited: -1,
      status: 'draft',
      households: [household.household.id],
      tasks: [{ category: 'income', description: '【演示】收入台账未按季度更新', status: 'draft', deadline: 30 }],
    },
  ];
  const now = clock.now();
  let photo = 0;
  for (const inspection of plan) {
    const countyCode = inspection.target.slice(0, 6);
    const [row] = (await db
      .insert(inspections)
      .values({
        recordedScope: inspection.scope,
        countyCode,
        targetRegionCode: inspection.target,
        visitedOn: shift(today, inspection.visited),
        inspectors: inspection.scope === '13' ? ['【演示】省暗访组甲', '【演示】省暗访组乙'] : ['【演示】市暗访组'],
        householdIds: inspection.households,
        notes: '【演示】随机抽取村组入户，未提前通知县乡',
        status: inspection.status,
        createdBy: actor.username,
        submittedBy: inspection.status === 'submitted' ? actor.username : null,
        submittedAt: inspection.status === 'submitted' ? now : null,
      })
      .returning()) as [InspectionRow];
    const tasks: TaskRow[] = [];
    for (const task of inspection.tasks) {
      photo += 1;
      const finding = await demoPhoto(db, FINDING_PURPOSE, countyCode, `暗访问题${photo}.jpg`, photo, now);
      const closed = task.submitted !== undefined;
      const evidence = closed ? [await demoPhoto(db, RECTIFICATION_PURPOSE, countyCode, `整改佐证${photo}.jpg`, photo + 50, now)] : [];
      const [created] = (await db
        .insert(rectificationTasks)
        .values({
          inspectionId: row.id,
          recordedScope: inspection.scope,
          countyCode,
          responsibleRegionCode: inspection.target,
          category: task.category,
          description: task.description,
          householdId: task.category === 'visits' && inspection.households[0] !== undefined ? inspection.households[0] : null,
          evidenceUploadIds: [finding],
          deadline: shift(today, task.deadline),
          status: task.status,
          rectificationNote: closed ? '【演示】已完成整改并补充佐证' : null,
          rectificationUploadIds: evidence,
          submittedOn: closed ? shift(today, task.submitted ?? 0) : null,
          submittedBy: closed ? actor.username : null,
          returnReason: task.returnReason ?? null,
          acceptedOn: task.status === 'accepted' ? shift(today, (task.submitted ?? 0) + 1) : null,
          acceptedBy: task.status === 'accepted' ? actor.username : null,
        })
        .returning()) as [TaskRow];
      tasks.push(created);
    }
    await audit({ action: 'inspection.demo', regionCode: inspection.target, entityType: 'assessment-inspection', entityId: row.id, after: { ...row, tasks } });
  }
}

export async function seedAssessmentDemo(context: DemoContext): Promise<void> {
  await seedSchemeDemo(context);
  await seedInspectionsDemo(context);
}

async function seedSchemeDemo({ db, audit, actor }: DemoContext): Promise<void> {
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
