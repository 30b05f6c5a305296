import type { LeakProbes } from '@zhenxing/core';
import type { CreateHouseholdInput } from '@zhenxing/plugin-registry';
import { syntheticIdNumber } from '@zhenxing/rules';

/** A one-person household in `villageCode` (synthetic head 王建国) for 暗访 probes and specs, created through the registry's API. */
export function inspectedHousehold(villageCode: string, sequence: number): CreateHouseholdInput {
  return {
    villageCode,
    address: `后街${sequence}号`,
    status: 'left-poverty',
    yearLeftPoverty: 2019,
    labourCapacity: 'has-labour',
    members: [
      {
        name: '王建国',
        idNumber: syntheticIdNumber({ regionCode: villageCode.slice(0, 6), birthDate: '1968-03-05', sequence: sequence % 1000 }),
        relation: 'head',
      },
    ],
  };
}

/** A tiny synthetic JPEG (magic bytes and filler), for evidence uploads in specs and probes. */
export function evidenceJpeg(fill = 3): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(200, fill),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/**
 * One input per procedure, aimed at Xushui. The province writes (schemes, deductions, runs and
 * notices are its own; the leak matrix runs these mutations as the province, see PROVINCE_OWNERS):
 * a published scheme from the first three installed indicators, a late-data deduction and a sealed
 * run with Xushui in it, a published notice naming Xushui, and a draft scheme and notice for the
 * draft-only mutations. 暗访: a submitted inspection of the victim village with a household (created
 * through the registry) and three problems — one open, one submitted by Xushui with evidence, one
 * left open for the submit probe — and a draft inspection for the submit probe.
 */
export const leakProbes: LeakProbes = async ({ victimCounty, victimVillage, call, upload }) => {
  const asProvince = (path: string, input: unknown) => call(path, input, 'province');
  const indicators = (await asProvince('assessment.indicators', {})) as { id: string; direction: 'higher-is-better' | 'lower-is-better' }[];
  const items = indicators.slice(0, 3).map((indicator, index) => ({
    indicator: indicator.id,
    title: `探针指标${index + 1}`,
    weight: [40, 30, 30][index] as number,
    direction: indicator.direction,
    method: index === 0 ? { kind: 'rank' } : { kind: 'threshold', target: indicator.direction === 'higher-is-better' ? 100 : 0 },
    dataDate: '2026-01-31',
  }));
  const scheme = {
    year: 2026,
    title: '探针方案',
    totalPoints: items.reduce((sum, item) => sum + item.weight, 0),
    redistribution: 'proportional',
    items,
    deductions: [{ code: 'late-data', title: '数据调度迟报', pointsEach: 1, maxPoints: 3 }],
  };
  const published = (await asProvince('assessment.schemes.create', scheme)) as { id: number };
  await asProvince('assessment.schemes.publish', { schemeId: published.id });
  await asProvince('assessment.deductions.record', { schemeId: published.id, countyCode: victimCounty, code: 'late-data', occurrences: 1 });
  const run = (await asProvince('assessment.scores.compute', { schemeId: published.id })) as { id: number };
  const draft = (await asProvince('assessment.schemes.create', { ...scheme, title: '探针草稿' })) as { id: number };
  const notice = {
    title: '探针通报',
    number: '冀振兴通〔2026〕99号',
    issuedOn: '2026-02-01',
    issuer: '河北省乡村振兴局',
    body: '探针',
    problems: [{ regionCode: victimCounty, text: '走访覆盖率不足' }],
  };
  const publishedNotice = (await asProvince('assessment.notices.draft', { ...notice, runId: run.id })) as { id: number };
  await asProvince('assessment.notices.publish', { noticeId: publishedNotice.id });
  const draftNotice = (await asProvince('assessment.notices.draft', notice)) as { id: number };

  const household = (await call('registry.households.create', inspectedHousehold(victimVillage, 971))) as { household: { id: number } };
  const findingTarget = { plugin: 'assessment', purpose: 'finding', regionCode: victimCounty };
  const finding = await upload(findingTarget, '暗访问题.jpg', evidenceJpeg(7), 'province');
  const problem = {
    category: 'visits',
    description: '帮扶责任人未按月走访',
    householdId: household.household.id,
    evidenceUploadIds: [finding],
    responsibleRegionCode: victimVillage,
    deadline: '2026-03-31',
  };
  const inspection = {
    targetRegionCode: victimVillage,
    visitedOn: '2026-02-10',
    inspectors: ['探针督查组'],
    householdIds: [household.household.id],
    notes: '探针暗访',
    problems: [problem, { ...problem, category: 'data', evidenceUploadIds: [] }],
  };
  const submitted = (await asProvince('assessment.inspections.create', inspection)) as { id: number; tasks: { id: number }[] };
  await asProvince('assessment.inspections.submit', { inspectionId: submitted.id });
  const [openTask, submittedTask] = submitted.tasks as [{ id: number }, { id: number }];
  const rectificationTarget = { plugin: 'assessment', purpose: 'rectification' };
  const done = await upload(rectificationTarget, '整改.jpg', evidenceJpeg(8));
  await call('assessment.tasks.submit', { taskId: submittedTask.id, note: '已补齐走访记录', evidenceUploadIds: [done] });
  const evidence = await upload(rectificationTarget, '整改2.jpg', evidenceJpeg(9));
  const draftInspection = (await asProvince('assessment.inspections.create', { ...inspection, problems: [{ ...problem, evidenceUploadIds: [] }] })) as {
    id: number;
  };

  const region = { regionCode: victimCounty };
  return {
    'inspections.list': region,
    'inspections.get': { ...region, inspectionId: submitted.id },
    'inspections.households': { ...region, targetRegionCode: victimVillage },
    'inspections.create': { ...region, ...inspection, notes: '越权暗访' },
    'inspections.submit': { ...region, inspectionId: draftInspection.id },
    'tasks.list': region,
    'tasks.evidence': { ...region, taskId: openTask.id, uploadId: finding },
    'tasks.dashboard': region,
    'tasks.submit': { ...region, taskId: openTask.id, note: '越权整改', evidenceUploadIds: [evidence] },
    'tasks.accept': { ...region, taskId: submittedTask.id },
    'tasks.return': { ...region, taskId: submittedTask.id, reason: '佐证不足' },
    indicators: region,
    'schemes.list': region,
    'schemes.get': { ...region, schemeId: published.id },
    'schemes.create': { ...region, ...scheme, title: '越权方案' },
    'schemes.newVersion': { ...region, schemeId: published.id },
    'schemes.revise': { ...region, schemeId: draft.id, ...scheme, title: '越权修改' },
    'schemes.publish': { ...region, schemeId: draft.id },
    'deductions.list': { ...region, schemeId: published.id },
    'deductions.record': { ...region, schemeId: published.id, countyCode: victimCounty, code: 'late-data', occurrences: 2 },
    'scores.compute': { ...region, schemeId: published.id },
    'scores.runs': region,
    'scores.list': { ...region, runId: run.id },
    'scores.explain': { ...region, runId: run.id, countyCode: victimCounty },
    'scores.verify': { ...region, runId: run.id },
    'scores.problems': { ...region, runId: run.id },
    'notices.list': region,
    'notices.get': { ...region, noticeId: publishedNotice.id },
    'notices.draft': { ...region, ...notice, title: '越权通报' },
    'notices.revise': { ...region, noticeId: draftNotice.id, ...notice, body: '越权修改' },
    'notices.publish': { ...region, noticeId: draftNotice.id },
  };
};
