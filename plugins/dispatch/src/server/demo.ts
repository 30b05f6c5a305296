import type { DemoContext } from '@zhenxing/core';
import { eq } from 'drizzle-orm';
import { addDays, shanghaiDate } from '@zhenxing/rules';
import { periodLabel, type FieldDefinition, type FieldValues } from '../index.ts';
import { calls, periods, submissionHistory, submissions, targets, type SubmissionRow } from './schema.ts';
import { sealedContent } from './submissions.ts';
import { sealHash } from './seal.ts';
import { minutesLate, shanghaiInstant } from './time.ts';

/** The running weekly epidemic-impact call of the demo (synthetic figures). */
export const DEMO_FIELDS: FieldDefinition[] = [
  {
    key: 'epidemicRiskHouseholds',
    label: '因疫情风险户数',
    type: 'integer',
    required: true,
    help: '平台预填：防止返贫监测中因疫情的风险户',
    indicator: 'monitoring.included-by-cause-epidemic',
    min: 0,
  },
  { key: 'migrantWorkersStuck', label: '滞留未返岗务工人数', type: 'integer', required: true, help: '', min: 0 },
  { key: 'incomeLossFen', label: '估算减收金额', type: 'money', required: true, help: '' },
  { key: 'publicJobShare', label: '公益岗安置比例', type: 'percent', required: false, help: '' },
  {
    key: 'controlLevel',
    label: '本县防控等级',
    type: 'choice',
    required: true,
    help: '',
    options: [
      { value: 'low', label: '低风险' },
      { value: 'medium', label: '中风险' },
      { value: 'high', label: '高风险' },
    ],
  },
  { key: 'note', label: '情况说明', type: 'text', required: false, help: '', maxLength: 500 },
];

/**
 * 疫情影响监测调度 (weekly, issued by the province): eight weekly periods ending this week, due the
 * Monday after at 10:00 Asia/Shanghai. Xushui answered every past week (the oldest accepted and
 * sealed); one neighbour answered late and another missed the last week — so the late list has rows.
 */
export async function seedDispatchDemo({ db, counties, audit, clock }: DemoContext): Promise<void> {
  if (counties.length === 0) return;
  const now = clock.now();
  const today = shanghaiDate(now);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const thisMonday = addDays(today, -weekday);
  const first = addDays(thisMonday, -7 * 6);
  const [call] = await db
    .insert(calls)
    .values({
      regionCode: '13',
      title: '【演示】疫情影响监测调度（周报，合成）',
      description: '持续开展应对疫情影响监测调度：各县（区）每周一 10:00 前报送上周情况。',
      fields: DEMO_FIELDS,
      recurrence: 'weekly',
      dueDaysAfterEnd: 1,
      dueTime: '10:00',
      remindHoursBefore: 24,
      createdBy: 'system:demo',
      createdAt: shanghaiInstant(first, '09:00'),
    })
    .returning();
  if (!call) return;
  const created = await db
    .insert(periods)
    .values(
      Array.from({ length: 8 }, (_, index) => {
        const startsOn = addDays(first, index * 7);
        const endsOn = addDays(startsOn, 6);
        return {
          callId: call.id,
          regionCode: '13',
          number: 12 + index,
          label: periodLabel(startsOn, 12 + index),
          startsOn,
          endsOn,
          dueAt: shanghaiInstant(addDays(endsOn, 1), '10:00'),
        };
      }),
    )
    .returning();
  await db.insert(targets).values(counties.map((countyCode) => ({ callId: call.id, countyCode })));
  await audit({ action: 'call.demo', regionCode: '13', entityType: 'dispatch-call', entityId: call.id, after: { title: call.title, counties } });
  const past = created.filter((period) => period.dueAt < now);
  for (const [countyIndex, countyCode] of counties.entries()) {
    for (const [index, period] of past.entries()) {
      const isLast = index === past.length - 1;
      // The third demo county misses the latest due week (漏报); the second answers it 95 minutes late (迟报).
      if (countyIndex === 2 && isLast) continue;
      const lateBy = countyIndex === 1 && isLast ? 95 : countyIndex === 1 && index === 1 ? 1_500 : 0;
      const at = new Date(period.dueAt.getTime() - (lateBy > 0 ? -lateBy * 60_000 : 3 * 3_600_000));
      const values: FieldValues = {
        epidemicRiskHouseholds: 2 + ((countyIndex + index) % 4),
        migrantWorkersStuck: 30 + countyIndex * 11 + index * 3,
        incomeLossFen: (120_000 + countyIndex * 35_000 + index * 8_000) * 100,
        publicJobShare: 12.5 + index,
        controlLevel: index % 3 === 0 ? 'medium' : 'low',
        note: '合成演示数据',
      };
      const accepted = countyIndex === 0 && index < past.length - 1;
      const [row] = await db
        .insert(submissions)
        .values({
          callId: call.id,
          periodId: period.id,
          countyCode,
          status: accepted ? 'accepted' : 'submitted',
          values,
          prefilled: {},
          corrections: {},
          firstSubmittedAt: at,
          submittedAt: at,
          minutesLate: minutesLate(period.dueAt, at),
          updatedAt: at,
        })
        .returning();
      if (!row) continue;
      await db.insert(submissionHistory).values({ submissionId: row.id, countyCode, action: 'submit', actor: 'system:demo', comment: null, values, at });
      if (accepted) {
        const acceptedAt = new Date(at.getTime() + 6 * 3_600_000);
        const sealed = sealedContent(row as SubmissionRow, call, period, acceptedAt, 'system:demo');
        await db
          .update(submissions)
          .set({ acceptedAt, acceptedBy: 'system:demo', sealed, sealHash: sealHash(sealed) })
          .where(eq(submissions.id, row.id));
      }
    }
  }
}
