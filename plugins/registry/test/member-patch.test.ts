import { createTestApp, type TestApp } from '@zhenxing/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberPatchSchema } from '../src/index.ts';
import { registryPlugin } from '../src/server/plugin.ts';
import { members } from '../src/server/schema.ts';
import { sampleHousehold } from '../src/testing.ts';

/**
 * Issue 11, bug 1: a member patch carries only the fields the user changed. Omitted fields keep
 * their stored values (the patch schema must not fill defaults), in the database and in the
 * household's change history.
 */
describe('editing one member field changes only that field', () => {
  let app: TestApp<[typeof registryPlugin]>;
  let householdId: number;
  let memberId: number;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'] } });
    const input = sampleHousehold('130609100002', 41);
    const head = input.members[0]!;
    input.members[0] = {
      ...head,
      disabilityGrade: 2,
      seriousIllness: 'major-disease',
      healthNote: '合成数据：术后',
      schooling: 'finished',
      employment: 'migrant-work',
    };
    const detail = await app.as('xushui').registry.households.create(input);
    householdId = detail.household.id;
    memberId = detail.members.find((member) => member.relation === 'head')!.id;
  });
  afterAll(() => app?.close());

  const stored = async () => {
    const [row] = await app.db.select().from(members).where(eq(members.id, memberId));
    const { updatedAt: _updatedAt, ...rest } = row as typeof members.$inferSelect & { updatedAt?: unknown };
    return rest as Record<string, unknown>;
  };

  it('the patch schema returns only what was sent', () => {
    expect(MemberPatchSchema.parse({})).toEqual({});
    expect(MemberPatchSchema.parse({ employment: 'farming' })).toEqual({ employment: 'farming' });
    expect(MemberPatchSchema.parse({ healthNote: '' })).toEqual({ healthNote: '' });
  });

  it.each([
    ['employment', 'farming'],
    ['healthNote', '合成数据：复查正常'],
    ['schooling', 'college'],
    ['disabilityGrade', 3],
    ['seriousIllness', 'major-chronic-disease'],
    ['name', '王建华'],
  ] as const)('sending only %s changes only %s (row and history)', async (field, value) => {
    const before = await stored();
    await app.as('xushui').registry.members.update({ id: memberId, patch: { [field]: value } });
    const after = await stored();
    const changed = Object.keys(after).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
    expect(changed).toEqual([field]);
    expect(after[field]).toEqual(value);
    const detail = await app.as('xushui').registry.households.get({ id: householdId });
    const latest = detail.history[0]!;
    expect(latest.action).toBe('member.update');
    expect(Object.keys(latest.changes)).toEqual([`member:${memberId}.${field}`]);
  });

  it('keeps the disability grade and schooling when only employment is edited (the county admin’s case)', async () => {
    await app.as('xushui').registry.members.update({ id: memberId, patch: { employment: 'local-work' } });
    const detail = await app.as('xushui').registry.households.get({ id: householdId });
    expect(detail.members.find((member) => member.id === memberId)).toMatchObject({
      employment: 'local-work',
      disabilityGrade: 3,
      schooling: 'college',
      seriousIllness: 'major-chronic-disease',
    });
  });
});
