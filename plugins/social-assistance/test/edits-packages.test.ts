import { auditLog } from '@zhenxing/db';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderContact, leaderPackage } from '../src/testing.ts';
import { JINGXIU, organisation, responsible, startApp, XUSHUI, type App } from './helpers.ts';

/** Issue 15 items 4 and 5: the province edits relationships and organisations, and manages leader packages. */
describe('social assistance: editing relationships and organisations, province-managed leader packages', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  const audits = (action: string, entityId: number) =>
    app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'social-assistance'), eq(auditLog.action, action), eq(auditLog.entityId, String(entityId))))
      .orderBy(asc(auditLog.id));

  it('lets the province edit a relationship (only the fields sent) and end it, audited with before and after; a county is refused', async () => {
    const donor = await organisation(app, 'county');
    const other = await organisation(app, 'enterprise');
    const pairing = await app.as('province')['social-assistance'].relationships.create({
      system: 'pairing',
      kind: 'talent',
      organisationId: donor.id,
      countyCode: XUSHUI,
      startOn: '2026-01-01',
      responsible,
    });
    const edited = await app.as('province')['social-assistance'].relationships.update({
      relationshipId: pairing.id,
      organisationId: other.id,
      responsible: [{ name: '新联系人', title: '组长', side: 'recipient' }],
    });
    expect(edited).toMatchObject({ organisationId: other.id, organisationName: other.name, startOn: '2026-01-01', note: '', kind: 'talent' });
    expect(edited.responsible).toEqual([{ name: '新联系人', title: '组长', side: 'recipient' }]);
    const [entry] = await audits('relationship.update', pairing.id);
    expect(entry).toMatchObject({ regionCode: XUSHUI, before: { organisationId: donor.id }, after: { organisationId: other.id } });
    // Ends before it starts: refused; ending it is the province's, with its own audit entry.
    await expect(app.as('province')['social-assistance'].relationships.update({ relationshipId: pairing.id, endOn: '2025-12-31' })).rejects.toMatchObject({
      reason: 'invalid-input',
    });
    const ended = await app.as('province')['social-assistance'].relationships.end({ relationshipId: pairing.id, endOn: '2026-02-28' });
    expect(ended).toMatchObject({ endOn: '2026-02-28', active: false }); // the test clock is 2026-03-02
    expect(await audits('relationship.end', pairing.id)).toHaveLength(1);
    await expect(app.as('xushui')['social-assistance'].relationships.update({ relationshipId: pairing.id, note: '县改' })).rejects.toMatchObject({
      reason: 'permission-denied',
    });
    // A city-scoped province user cannot reach what is not theirs: the outsider county's id is not found.
    await expect(
      app.as('province')['social-assistance'].relationships.update({ regionCode: JINGXIU, relationshipId: pairing.id, note: '别县' }),
    ).rejects.toMatchObject({ reason: 'not-found' });
  });

  it('renames and deactivates an organisation (audited); a deactivated one takes no new relationship, its history stays', async () => {
    const donor = await organisation(app, 'province-department');
    const pairing = await app.as('province')['social-assistance'].relationships.create({
      system: 'pairing',
      kind: 'funds',
      organisationId: donor.id,
      countyCode: XUSHUI,
      startOn: '2026-01-01',
      responsible,
    });
    const renamed = await app.as('province')['social-assistance'].organisations.update({ organisationId: donor.id, name: `${donor.name}（更名）` });
    expect(renamed).toMatchObject({ name: `${donor.name}（更名）`, note: donor.note, kind: donor.kind, active: true });
    const [rename] = await audits('organisation.update', donor.id);
    expect(rename).toMatchObject({ before: { name: donor.name }, after: { name: `${donor.name}（更名）` } });
    // A name another organisation has is a conflict.
    const clash = await organisation(app, 'enterprise');
    await expect(app.as('province')['social-assistance'].organisations.update({ organisationId: donor.id, name: clash.name })).rejects.toMatchObject({
      reason: 'duplicate-organisation',
    });
    const deactivated = await app.as('province')['social-assistance'].organisations.deactivate({ organisationId: donor.id, deactivatedOn: '2026-03-01' });
    expect(deactivated).toMatchObject({ active: false, deactivatedOn: '2026-03-01' });
    expect(await audits('organisation.deactivate', donor.id)).toHaveLength(1);
    await expect(
      app.as('province')['social-assistance'].relationships.create({
        system: 'pairing',
        kind: 'funds',
        organisationId: donor.id,
        countyCode: XUSHUI,
        startOn: '2026-03-01',
        responsible,
      }),
    ).rejects.toMatchObject({ reason: 'invalid-input', details: { fieldErrors: { organisationId: [expect.stringContaining('停用')] } } });
    const listed = (await app.as('xushui')['social-assistance'].organisations.list({})).find((row) => row.id === donor.id);
    expect(listed).toMatchObject({ active: false, assists: [expect.objectContaining({ relationshipId: pairing.id })] });
    await expect(app.as('xushui')['social-assistance'].organisations.update({ organisationId: donor.id, note: '县改' })).rejects.toMatchObject({
      reason: 'permission-denied',
    });
    await expect(
      app.as('xushui')['social-assistance'].organisations.deactivate({ organisationId: clash.id, deactivatedOn: '2026-03-01' }),
    ).rejects.toMatchObject({
      reason: 'permission-denied',
    });
  });

  it('keeps leader packages as province data: the county contacted reads its own read-only, another county sees none; edits audited', async () => {
    const donor = await organisation(app, 'province-department');
    const held = await app.as('province')['social-assistance'].packages.create(leaderPackage(XUSHUI, donor.id, '2026-01-01'));
    expect(held).toMatchObject({ countyCode: XUSHUI, name: '五包一', leaderName: '省领导（合成）', active: true });
    expect(held.members.every((member) => member.role === 'leader' || member.organisationName === donor.name)).toBe(true);
    // The county reads its own package; it cannot create or change one.
    expect((await app.as('xushui')['social-assistance'].packages.list({})).map((row) => row.id)).toContain(held.id);
    expect((await app.as('jingxiu')['social-assistance'].packages.list({})).map((row) => row.id)).not.toContain(held.id);
    await expect(app.as('xushui')['social-assistance'].packages.create(leaderPackage(XUSHUI, donor.id))).rejects.toMatchObject({
      reason: 'permission-denied',
    });
    await expect(app.as('xushui')['social-assistance'].packages.update({ packageId: held.id, note: '县改' })).rejects.toMatchObject({
      reason: 'permission-denied',
    });
    // The province changes the leader; the leader contact shows the package as it is now.
    const contact = await app.as('province')['social-assistance'].relationships.create(leaderContact(XUSHUI, donor.id, held.id, '2026-01-01'));
    const members = held.members.map(({ role, organisationId, name }) => ({ role, organisationId, name: role === 'leader' ? '省领导（合成，接任）' : name }));
    const changed = await app.as('province')['social-assistance'].packages.update({ packageId: held.id, leaderName: '省领导（合成，接任）', members });
    expect(changed).toMatchObject({ leaderName: '省领导（合成，接任）', name: '五包一' });
    const [view] = (await app.as('xushui')['social-assistance'].relationships.list({ system: 'leader-contact' })).filter((row) => row.id === contact.id);
    expect(view).toMatchObject({ leaderName: '省领导（合成，接任）', packageId: held.id });
    const [entry] = await audits('package.update', held.id);
    expect(entry).toMatchObject({ regionCode: XUSHUI, before: { leaderName: '省领导（合成）' }, after: { leaderName: '省领导（合成，接任）' } });
    // Members must still fill the composition; a deactivated organisation cannot join.
    await expect(app.as('province')['social-assistance'].packages.update({ packageId: held.id, members: members.slice(0, 2) })).rejects.toMatchObject({
      reason: 'invalid-input',
    });
    const gone = await organisation(app, 'enterprise');
    await app.as('province')['social-assistance'].organisations.deactivate({ organisationId: gone.id, deactivatedOn: '2026-03-01' });
    await expect(
      app.as('province')['social-assistance'].packages.update({
        packageId: held.id,
        members: members.map((member) => (member.role === 'university' ? { ...member, organisationId: gone.id } : member)),
      }),
    ).rejects.toMatchObject({ reason: 'invalid-input', details: { fieldErrors: { members: [expect.stringContaining('停用')] } } });
  });
});
