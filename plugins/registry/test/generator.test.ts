import { seedPluginDemo, silentLogger } from '@zhenxing/core';
import { auditLog } from '@zhenxing/db';
import { validateIdNumber } from '@zhenxing/rules';
import { eq } from 'drizzle-orm';
import { createTestApp } from '@zhenxing/testing';
import { describe, expect, it } from 'vitest';
import { demoShares, generateHouseholds, registryPlugin, seedHouseholds } from '../src/server/plugin.ts';

describe('synthetic data generator', () => {
  const villages = ['130609100002', '130609100003', '130609101201'];
  it('is deterministic and yields plausible households with valid ID numbers', () => {
    const first = [...generateHouseholds({ villages, count: 300, seed: 42 })];
    const second = [...generateHouseholds({ villages, count: 300, seed: 42 })];
    expect(second).toEqual(first);
    expect([...generateHouseholds({ villages, count: 5, seed: 43 })]).not.toEqual(first.slice(0, 5));
    const people = first.flatMap((household) => household.members);
    expect(new Set(people.map((person) => person.idNumber)).size).toBe(people.length);
    for (const person of people) {
      const checked = validateIdNumber(person.idNumber);
      expect(checked.valid && checked.regionCode === '130609' && checked.birthDate === person.birthDate && checked.sex === person.sex).toBe(true);
    }
    for (const household of first) {
      expect(household.members.filter((member) => member.relation === 'head')).toHaveLength(1);
      expect(household.householdKey).toBe(household.members[0]!.idNumber);
    }
    const statuses = new Set(first.map((household) => household.status));
    expect(statuses).toEqual(new Set(['left-poverty', 'monitored', 'ordinary']));
    expect(people.some((person) => person.disabilityGrade !== null)).toBe(true);
    expect(people.some((person) => person.seriousIllness !== 'none')).toBe(true);
  });

  it('seeds counties from core.regions villages through the bulk writer and the demo hook', async () => {
    const app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'], '130602': ['registry'] } });
    try {
      expect(await seedHouseholds(app.db, { countyCodes: ['130609'], households: 120, seed: 1 })).toEqual({ '130609': 120 });
      await seedPluginDemo(app.host, registryPlugin, { counties: ['130602'], households: 50, seed: 5, logger: silentLogger });
      const audits = await app.db.select().from(auditLog).where(eq(auditLog.action, 'household.demo-seed'));
      expect((await app.as('xushui').registry.households.list({})).total).toBe(120);
      expect((await app.as('jingxiu').registry.households.list({})).total).toBe(50);
      expect(audits).toHaveLength(1);
      expect(demoShares(['130609', '130602'], 350)).toEqual({ '130609': 300, '130602': 50 });
    } finally {
      await app.close();
    }
  });
});
