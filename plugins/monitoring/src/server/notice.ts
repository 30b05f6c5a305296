/**
 * The printable village notice (村内公示) for an identification or a risk elimination. It carries
 * only what a notice may show: the head's name, address, household size and the proposal. The
 * field list is checked with the rules' forbiddenNoticeFields before anything is returned.
 */
import { errors } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { regions } from '@zhenxing/db';
import type { HouseholdProfile } from '@zhenxing/plugin-registry';
import { forbiddenNoticeFields, MONITORING_OBJECT_TYPE_LABELS, villageNoticePeriod, type MonitoringObjectType, type ParameterSet } from '@zhenxing/rules';
import { eq } from 'drizzle-orm';
import type { VillageNotice } from '../index.ts';

type NoticeRow = VillageNotice['rows'][number];

export async function villageName(db: Executor, villageCode: string): Promise<string> {
  const [row] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, villageCode));
  return row?.name ?? villageCode;
}

/** Keeps exactly the allowed keys; refuses (as an internal error) if a forbidden one ever slips in. */
function safeRow(row: NoticeRow): NoticeRow {
  const forbidden = forbiddenNoticeFields(Object.keys(row));
  if (forbidden.length > 0) throw new Error(`Notice row carries forbidden fields: ${forbidden.join(', ')}`);
  return { householdHead: row.householdHead, address: row.address, memberCount: row.memberCount, proposal: row.proposal };
}

export async function buildNotice(
  db: Executor,
  options: {
    kind: VillageNotice['kind'];
    profile: HouseholdProfile;
    objectType: MonitoringObjectType | null;
    postedOn: string | null;
    today: string;
    parameters: ParameterSet;
  },
): Promise<VillageNotice> {
  const { profile, kind, parameters } = options;
  const postedOn = options.postedOn ?? options.today;
  const period = villageNoticePeriod({ postedOn, endedOn: postedOn }, parameters);
  const head = profile.members.find((member) => member.relation === 'head') ?? profile.members[0];
  if (!head) throw errors.invalid({ 'zh-CN': '该户没有家庭成员，无法生成公示。', en: 'The household has no members; no notice can be made.' });
  const typeLabel = options.objectType ? MONITORING_OBJECT_TYPE_LABELS[options.objectType]['zh-CN'] : '监测对象';
  const proposal = kind === 'identification' ? `拟纳入防止返贫监测对象（${typeLabel}）` : `拟标注风险消除（${typeLabel}）`;
  const rows = [safeRow({ householdHead: head.name, address: profile.household.address, memberCount: profile.members.length, proposal })];
  const fields = Object.keys(rows[0] as NoticeRow);
  const forbidden = forbiddenNoticeFields(fields);
  if (forbidden.length > 0) throw new Error(`Notice carries forbidden fields: ${forbidden.join(', ')}`);
  const village = await villageName(db, profile.household.villageCode);
  return {
    title: kind === 'identification' ? `${village}防止返贫监测对象认定公示` : `${village}监测对象风险消除公示`,
    kind,
    villageCode: profile.household.villageCode,
    villageName: village,
    postedOn,
    earliestEndOn: period.earliestEndOn,
    minimumDays: period.minimumDays,
    fields,
    rows,
    footer: `公示期自 ${postedOn} 起不少于 ${period.minimumDays} 天。如有异议，请向村委会或乡镇人民政府反映。`,
    parameterVersion: period.parameterVersion,
  };
}
