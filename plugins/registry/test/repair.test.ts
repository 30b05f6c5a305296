import { appendAudit } from '@zhenxing/core';
import { auditLog } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberInputSchema, type MemberInput } from '../src/index.ts';
import { diff, writeHistory } from '../src/server/history.ts';
import { formatMemberResetReport, registryPlugin, repairMemberResets } from '../src/server/plugin.ts';
import { householdHistory, members } from '../src/server/schema.ts';
import { sampleHousehold } from '../src/testing.ts';

/**
 * The issue-11 repair (`zx repair member-resets`), on a database seeded with the bad history the
 * old `members.update` wrote: it parsed the patch with `MemberInputSchema.partial()`, which fills
 * every field not sent with its default, then stored and recorded the result.
 */
describe('repair member-resets', () => {
  let app: TestApp<[typeof registryPlugin]>;
  const ids: Record<'a' | 'b' | 'c' | 'd', number> = { a: 0, b: 0, c: 0, d: 0 };
  let householdId = 0;
  let clock = Date.parse('2026-02-01T02:00:00Z');

  /** Exactly what the old members.update did with `sent` (stored row and history entry). */
  async function oldBuggyUpdate(memberId: number, sent: Partial<MemberInput>) {
    const filled = MemberInputSchema.partial().parse(sent);
    const [row] = await app.db.select().from(members).where(eq(members.id, memberId));
    const current = row as typeof members.$inferSelect;
    const { id: _id, householdId: _household, countyCode: _county, villageCode: _village, ...snapshot } = current;
    const merged = { ...snapshot, ...filled };
    const changes = diff(snapshot, merged, `member:${memberId}.`);
    await app.db
      .update(members)
      .set(merged as Partial<typeof members.$inferInsert>)
      .where(eq(members.id, memberId));
    clock += 60_000;
    await writeHistory(
      app.db,
      [{ householdId: current.householdId, countyCode: current.countyCode, villageCode: current.villageCode, action: 'member.update', changes }],
      new Date(clock),
      'juwei',
    );
    return changes;
  }

  const member = async (memberId: number) => (await app.db.select().from(members).where(eq(members.id, memberId)))[0] as typeof members.$inferSelect;
  const repair = (dryRun: boolean) =>
    app.db.transaction((tx) =>
      repairMemberResets(tx, {
        dryRun,
        now: new Date('2026-03-02T01:00:00Z'),
        username: 'system:repair',
        audit: (entry) => appendAudit(tx, { userId: null, username: 'system:repair' }, { ...entry, plugin: 'registry' }, new Date('2026-03-02T01:00:00Z')),
      }),
    );
  const repairAudits = () =>
    app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'registry'), eq(auditLog.action, 'member.repair')))
      .orderBy(asc(auditLog.id));

  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'] } });
    const input = sampleHousehold('130609100002', 61);
    const base = input.members[0]!;
    const person = (sequence: number, relation: MemberInput['relation']) => ({ ...sampleHousehold('130609100002', 61 + sequence).members[1]!, relation });
    input.members = [
      { ...base, disabilityGrade: 2, seriousIllness: 'major-disease', healthNote: '合成数据：术后', schooling: 'finished', employment: 'migrant-work' },
      {
        ...person(1, 'spouse'),
        disabilityGrade: 3,
        seriousIllness: 'major-chronic-disease',
        healthNote: '合成数据：慢性病',
        schooling: 'finished',
        employment: 'farming',
      },
      { ...person(2, 'child'), disabilityGrade: null, seriousIllness: 'none', healthNote: '', schooling: 'senior', employment: 'migrant-work' },
      { ...person(3, 'parent'), disabilityGrade: 1, seriousIllness: 'none', healthNote: '', schooling: 'not-applicable', employment: 'farming' },
    ];
    const detail = await app.as('juwei').registry.households.create(input);
    householdId = detail.household.id;
    const byRelation = (relation: string) => detail.members.find((row) => row.relation === relation)!.id;
    Object.assign(ids, { a: byRelation('head'), b: byRelation('spouse'), c: byRelation('child'), d: byRelation('parent') });

    // a: only employment edited → disability, illness, note and schooling wiped (the county admin's case).
    await oldBuggyUpdate(ids.a, { employment: 'farming' });
    // b: only the health note edited → disability, illness, schooling and employment wiped;
    //    later someone (with the fixed version) set schooling again by hand.
    await oldBuggyUpdate(ids.b, { healthNote: '合成数据：复查' });
    await app.as('juwei').registry.members.update({ id: ids.b, patch: { schooling: 'vocational' } });
    // c: a real one-field edit to a default value (not a reset).
    await app.as('juwei').registry.members.update({ id: ids.c, patch: { employment: 'not-working' } });
    // d: employment set to its default, which also wiped the disability grade: which was sent is unknown.
    await oldBuggyUpdate(ids.d, { employment: 'not-working' });
  });
  afterAll(() => app?.close());

  it('a dry run reports the resets and writes nothing', async () => {
    const historyBefore = await app.db.select().from(householdHistory);
    const report = await repair(true);
    expect(report).toMatchObject({ dryRun: true, scanned: 5, restoredMembers: 2, restoredFields: 7 });
    expect(report.findings.map((finding) => [finding.memberId, finding.sent])).toEqual([
      [ids.a, ['employment']],
      [ids.b, ['healthNote']],
    ]);
    expect(report.findings[1]!.resets.map((reset) => [reset.field, reset.outcome])).toEqual([
      ['disabilityGrade', 'would-restore'],
      ['seriousIllness', 'would-restore'],
      ['schooling', 'changed-later'],
      ['employment', 'would-restore'],
    ]);
    expect(report.ambiguous).toEqual([expect.objectContaining({ memberId: ids.d, fields: ['disabilityGrade', 'employment'] })]);
    expect(formatMemberResetReport(report).at(-1)).toBe(
      '5 member.update entries read; 2 with resets; would restore 7 field(s) of 2 member(s); 1 entry to review by hand (dry run: nothing written)',
    );
    expect(await app.db.select().from(householdHistory)).toEqual(historyBefore);
    expect(await member(ids.a)).toMatchObject({ disabilityGrade: null, schooling: 'not-applicable' });
    expect(await repairAudits()).toEqual([]);
    // --until: entries after that instant (the fixed version live) are not read.
    const before = await app.db.transaction((tx) =>
      repairMemberResets(tx, { dryRun: true, until: new Date('2026-02-01T02:00:30Z'), now: new Date(), username: 'x', audit: async () => undefined }),
    );
    expect(before).toMatchObject({ scanned: 0, findings: [] });
  });

  it('restores the values a reset replaced, audited and in the member history; later edits and ambiguous entries stay', async () => {
    const report = await repair(false);
    expect(report).toMatchObject({ dryRun: false, restoredMembers: 2, restoredFields: 7 });
    expect(await member(ids.a)).toMatchObject({
      employment: 'farming',
      disabilityGrade: 2,
      seriousIllness: 'major-disease',
      healthNote: '合成数据：术后',
      schooling: 'finished',
    });
    expect(await member(ids.b)).toMatchObject({
      healthNote: '合成数据：复查',
      disabilityGrade: 3,
      seriousIllness: 'major-chronic-disease',
      schooling: 'vocational',
      employment: 'farming',
    });
    expect(await member(ids.c)).toMatchObject({ employment: 'not-working' });
    expect(await member(ids.d)).toMatchObject({ employment: 'not-working', disabilityGrade: null });

    const detail = await app.as('xushui').registry.households.get({ id: householdId });
    const repairs = detail.history.filter((entry) => entry.action === 'member.repair');
    expect(repairs.map((entry) => [entry.username, entry.changes]).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual(
      [
        [
          'system:repair',
          {
            [`member:${ids.a}.disabilityGrade`]: [null, 2],
            [`member:${ids.a}.seriousIllness`]: ['none', 'major-disease'],
            [`member:${ids.a}.healthNote`]: ['', '合成数据：术后'],
            [`member:${ids.a}.schooling`]: ['not-applicable', 'finished'],
          },
        ],
        [
          'system:repair',
          {
            [`member:${ids.b}.disabilityGrade`]: [null, 3],
            [`member:${ids.b}.seriousIllness`]: ['none', 'major-chronic-disease'],
            [`member:${ids.b}.employment`]: ['not-working', 'farming'],
          },
        ],
      ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
    const audits = await repairAudits();
    expect(audits.map((entry) => [entry.entityId, entry.username, entry.regionCode, entry.after])).toEqual([
      [
        String(ids.a),
        'system:repair',
        '130609100002',
        {
          fields: ['disabilityGrade', 'seriousIllness', 'healthNote', 'schooling'],
          repairs: 'member-reset',
          historyId: report.findings[0]!.historyId,
          issue: 11,
        },
      ],
      [
        String(ids.b),
        'system:repair',
        '130609100002',
        { fields: ['disabilityGrade', 'seriousIllness', 'employment'], repairs: 'member-reset', historyId: report.findings[1]!.historyId, issue: 11 },
      ],
    ]);
  });

  it('a second run restores nothing', async () => {
    const report = await repair(false);
    expect(report).toMatchObject({ restoredFields: 0, restoredMembers: 0 });
    expect(report.findings.flatMap((finding) => finding.resets.map((reset) => reset.outcome))).not.toContain('restored');
    expect(await repairAudits()).toHaveLength(2);
  });
});
