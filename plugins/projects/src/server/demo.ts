import type { DemoContext } from '@zhenxing/core';
import type { ProjectStage } from '../index.ts';
import { notices, payments, progressReports, projects } from './schema.ts';

const XUSHUI = '130609';

interface DemoProject {
  villageCode: string;
  title: string;
  category: string;
  budgetFen: number;
  stage: ProjectStage;
  priority?: boolean;
  progress?: number;
  paidFen?: number;
  povertyExited: number;
  monitored: number;
}

/** Synthetic projects at every stage in Xushui (130609); amounts are invented. */
const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    villageCode: '130609100002',
    title: '【演示】巨威社区食用菌大棚扩建',
    category: 'industry',
    budgetFen: 120_000_000,
    stage: 'applied',
    priority: true,
    povertyExited: 18,
    monitored: 4,
  },
  {
    villageCode: '130609100003',
    title: '【演示】馨园社区生产路硬化',
    category: 'infrastructure',
    budgetFen: 45_000_000,
    stage: 'township-reviewed',
    povertyExited: 6,
    monitored: 1,
  },
  {
    villageCode: '130609101201',
    title: '【演示】南邵庄村冷库建设',
    category: 'industry',
    budgetFen: 200_000_000,
    stage: 'approved',
    priority: true,
    povertyExited: 25,
    monitored: 7,
  },
  {
    villageCode: '130609101201',
    title: '【演示】南邵庄村光伏帮扶电站维修',
    category: 'industry',
    budgetFen: 80_000_000,
    stage: 'started',
    progress: 6_000,
    paidFen: 32_000_000,
    povertyExited: 30,
    monitored: 5,
  },
  {
    villageCode: '130609100002',
    title: '【演示】巨威社区公益岗位开发',
    category: 'employment',
    budgetFen: 30_000_000,
    stage: 'accepted',
    progress: 10_000,
    paidFen: 30_000_000,
    povertyExited: 12,
    monitored: 3,
  },
];

const STAGE_DATES: Record<ProjectStage, number> = {
  applied: 1,
  'township-reviewed': 2,
  approved: 3,
  tendered: 4,
  started: 5,
  completed: 6,
  accepted: 7,
  rejected: 2,
};

export async function seedProjectsDemo({ db, counties, audit }: DemoContext): Promise<void> {
  if (!counties.includes(XUSHUI)) return;
  for (const [index, demo] of DEMO_PROJECTS.entries()) {
    const reached = STAGE_DATES[demo.stage];
    const on = (step: number): string | null => (step <= reached ? `2022-${String(3 + step).padStart(2, '0')}-1${index}` : null);
    const [row] = await db
      .insert(projects)
      .values({
        countyCode: XUSHUI,
        villageCode: demo.villageCode,
        title: demo.title,
        category: demo.category,
        description: '演示数据（合成）',
        budgetFen: demo.budgetFen,
        epidemicUrgent: demo.priority ?? false,
        raisesIncome: demo.priority ?? false,
        priority: demo.priority ?? false,
        linksFarmers: demo.category === 'industry',
        reachesHouseholds: demo.category === 'employment',
        povertyExitedHouseholds: demo.povertyExited,
        monitoredHouseholds: demo.monitored,
        stage: demo.stage,
        progressBasisPoints: demo.progress ?? 0,
        paidFen: demo.paidFen ?? 0,
        winningBidder: reached >= 4 ? '【演示】保定某建设有限公司' : null,
        appliedOn: on(1) as string,
        reviewedOn: on(2),
        approvedOn: on(3),
        tenderedOn: on(4),
        startedOn: on(5),
        completedOn: on(6),
        acceptedOn: on(7),
      })
      .returning();
    const project = row as typeof projects.$inferSelect;
    const kinds = (['village-publicity', 'township-publicity', 'county-publicity', 'county-announcement'] as const).slice(0, Math.min(4, reached + 1));
    for (const kind of kinds) {
      await db.insert(notices).values({
        countyCode: XUSHUI,
        villageCode: demo.villageCode,
        projectId: project.id,
        kind,
        startDate: '2022-04-01',
        endDate: '2022-04-10',
        content: `${demo.title}（演示公示）`,
      });
    }
    if (demo.progress) {
      await db.insert(progressReports).values({
        countyCode: XUSHUI,
        villageCode: demo.villageCode,
        projectId: project.id,
        progressBasisPoints: demo.progress,
        text: '演示进度报告',
        attachments: ['现场照片-演示.jpg'],
        reportedOn: '2022-09-01',
      });
    }
    if (demo.paidFen) {
      await db.insert(payments).values({
        countyCode: XUSHUI,
        villageCode: demo.villageCode,
        projectId: project.id,
        idempotencyKey: `demo-${project.id}`,
        kind: 'first',
        amountFen: demo.paidFen,
        capFen: demo.budgetFen,
        fundSource: 'project-budget',
        progressBasisPoints: demo.progress ?? 0,
        parameterVersion: 'hebei-2022.1',
        paidOn: '2022-09-02',
        note: '演示',
      });
    }
    await audit({ action: 'project.demo', regionCode: demo.villageCode, entityType: 'project', entityId: project.id, after: project });
  }
}
