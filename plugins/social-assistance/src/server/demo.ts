/**
 * Demo data (synthetic: organisations marked 【演示】, invented people): in Xushui all three systems
 * — a central unit's designated aid, four pairings (labour met exactly at target, consumption
 * behind), a province leader's 五包一 package with inspection problems (one overdue) and a
 * department's village aid; 消费帮扶 purchases by product; Jingxiu has only central-unit aid (so it
 * lacks a pairing and a leader contact), a 三包一 package set up and one purchase.
 */
import type { DemoContext } from '@zhenxing/core';
import { regions } from '@zhenxing/db';
import { and, asc, eq, like } from 'drizzle-orm';
import {
  CreateLeaderPackageInputSchema,
  CreateOrganisationInputSchema,
  PurchaseInputSchema,
  type PurchaseInput,
  CreateProblemInputSchema,
  CreateRelationshipInputSchema,
  RecordResultsInputSchema,
  SetTargetsInputSchema,
  type CreateOrganisationInput,
  type CreateRelationshipInput,
  type RecordResultsInput,
  type SetTargetsInput,
} from '../index.ts';
import { recordResults, setTargets } from './commitments.ts';
import { createPackage } from './packages.ts';
import { createProblem } from './problems.ts';
import { recordPurchase } from './purchases.ts';
import { createOrganisation, createRelationship } from './relationships.ts';
import type { SocialAssistanceSettings } from './settings.ts';

const XUSHUI = '130609';
const JINGXIU = '130602';

const ORGANISATIONS: CreateOrganisationInput[] = [
  { name: '【演示】国家某部委', kind: 'central-unit', inProvince: false },
  { name: '【演示】某中央企业集团', kind: 'central-enterprise', inProvince: false },
  { name: '【演示】石家庄市长安区', kind: 'county', inProvince: true, homeRegionCode: '130102' },
  { name: '【演示】省某商贸集团', kind: 'enterprise', inProvince: true },
  { name: '【演示】省某厅', kind: 'province-department', inProvince: true },
  { name: '【演示】省某能源投资公司', kind: 'state-enterprise', inProvince: true },
  { name: '【演示】省某大学', kind: 'university', inProvince: true },
  { name: '【演示】省某农村商业银行', kind: 'financial-institution', inProvince: true },
  { name: '【演示】某慈善基金会', kind: 'ngo', inProvince: true },
];

export async function seedSocialAssistanceDemo(context: DemoContext<SocialAssistanceSettings>): Promise<void> {
  const { counties, today, db } = context;
  if (!counties.includes(XUSHUI)) return;
  const year = Number(today.slice(0, 4));
  const startOn = `${year - 1}-01-01`;
  const ids = new Map<string, number>();
  for (const organisation of ORGANISATIONS) {
    const row = await createOrganisation(context, CreateOrganisationInputSchema.parse(organisation));
    ids.set(organisation.name, row.id);
  }
  const org = (name: string) => ids.get(`【演示】${name}`) as number;
  const relationship = (input: Omit<CreateRelationshipInput, 'startOn' | 'responsible'> & { responsible?: CreateRelationshipInput['responsible'] }) =>
    createRelationship(
      context,
      CreateRelationshipInputSchema.parse({
        startOn,
        responsible: input.responsible ?? [
          { name: '刘志远', title: '帮扶工作组组长', side: 'donor' },
          { name: '陈晓燕', title: '县乡村振兴局副局长', side: 'recipient' },
        ],
        ...input,
      }),
    );
  const targets = (relationshipId: number, list: SetTargetsInput['targets']) =>
    setTargets(context, SetTargetsInputSchema.parse({ relationshipId, year, targets: list }));
  const results = (relationshipId: number, list: RecordResultsInput['actuals']) =>
    recordResults(context, RecordResultsInputSchema.parse({ relationshipId, year, actuals: list }));

  // 中央单位定点帮扶 of Xushui: funds, training and consumption, partly done.
  const central = await relationship({ system: 'central-unit', organisationId: org('国家某部委'), countyCode: XUSHUI });
  await targets(central.id, [
    { indicator: 'funds-invested', target: 300_000_000 },
    { indicator: 'funds-introduced', target: 500_000_000 },
    { indicator: 'cadres-trained', target: 300 },
    { indicator: 'technicians-trained', target: 200 },
    { indicator: 'products-bought', target: 80_000_000 },
    { indicator: 'products-sold', target: 120_000_000 },
  ]);
  await results(central.id, [
    { indicator: 'funds-invested', actual: 310_000_000 },
    { indicator: 'funds-introduced', actual: 260_000_000 },
    { indicator: 'cadres-trained', actual: 300 },
    { indicator: 'technicians-trained', actual: 150 },
    { indicator: 'products-bought', actual: 52_000_000 },
  ]);

  // 省内区域性结对帮扶: Chang'an with Xushui, four of the six kinds.
  const labour = await relationship({ system: 'pairing', kind: 'labour', organisationId: org('石家庄市长安区'), countyCode: XUSHUI });
  await targets(labour.id, [{ indicator: 'jobs-placed', target: 120 }]);
  await results(labour.id, [{ indicator: 'jobs-placed', actual: 120 }]);
  const consumption = await relationship({ system: 'pairing', kind: 'consumption', organisationId: org('省某商贸集团'), countyCode: XUSHUI });
  await targets(consumption.id, [{ indicator: 'purchases', target: 50_000_000 }]);
  await results(consumption.id, [{ indicator: 'purchases', actual: 31_500_000 }]);
  const funds = await relationship({ system: 'pairing', kind: 'funds', organisationId: org('石家庄市长安区'), countyCode: XUSHUI });
  await targets(funds.id, [{ indicator: 'money-transferred', target: 200_000_000 }]);
  const social = await relationship({ system: 'pairing', kind: 'social', organisationId: org('某慈善基金会'), countyCode: XUSHUI });
  await targets(social.id, [{ indicator: 'donations', target: 10_000_000 }]);
  await results(social.id, [{ indicator: 'donations', actual: 12_800_000 }]);

  // 消费帮扶 purchases of Xushui's products by product, with their buyers.
  const purchase = (countyCode: string, input: Omit<PurchaseInput, 'year'>) =>
    recordPurchase(context, PurchaseInputSchema.parse({ year, ...input }), countyCode);
  await purchase(XUSHUI, {
    relationshipId: consumption.id,
    buyerOrganisationId: org('省某商贸集团'),
    purchasedOn: `${year}-03-15`,
    productName: '【演示】徐水小米',
    productCategory: 'grain',
    amountFen: 12_000_000,
  });
  await purchase(XUSHUI, {
    relationshipId: consumption.id,
    buyerOrganisationId: org('省某商贸集团'),
    purchasedOn: `${year}-05-20`,
    productName: '【演示】漕河驴肉',
    productCategory: 'processed',
    amountFen: 8_500_000,
  });
  await purchase(XUSHUI, {
    relationshipId: null,
    buyerOrganisationId: org('省某厅'),
    purchasedOn: `${year}-06-01`,
    productName: '【演示】徐水小米',
    productCategory: 'grain',
    amountFen: 3_000_000,
  });

  // 省领导包联 (五包一): the province's package for Xushui, carried out by the leader contact,
  // with the problems its inspections found.
  const leaderPackage = await createPackage(
    context,
    CreateLeaderPackageInputSchema.parse({
      countyCode: XUSHUI,
      name: '五包一',
      roles: ['leader', 'province-department', 'state-enterprise', 'university', 'financial-institution'],
      leaderName: '【演示】省领导甲',
      leaderTitle: '副省长（演示）',
      members: [
        { role: 'leader', name: '【演示】省领导甲' },
        { role: 'province-department', organisationId: org('省某厅') },
        { role: 'state-enterprise', organisationId: org('省某能源投资公司') },
        { role: 'university', organisationId: org('省某大学') },
        { role: 'financial-institution', organisationId: org('省某农村商业银行') },
      ],
      startOn,
    }),
  );
  const leader = await relationship({ system: 'leader-contact', organisationId: org('省某厅'), countyCode: XUSHUI, packageId: leaderPackage.id });
  await targets(leader.id, [
    { indicator: 'visits', target: 4 },
    { indicator: 'inspections', target: 2 },
  ]);
  await results(leader.id, [
    { indicator: 'visits', actual: 3 },
    { indicator: 'inspections', actual: 2 },
  ]);
  const problem = (description: string, foundOn: string, deadline: string) =>
    createProblem(
      context,
      CreateProblemInputSchema.parse({ relationshipId: leader.id, inspection: `${year}年度督导检查（演示）`, foundOn, description, deadline }),
    );
  await problem('【演示】部分监测户帮扶措施未落实到位', `${year}-01-15`, `${year}-02-28`);
  await problem('【演示】产业项目联农带农机制不健全', today, `${year}-12-31`);

  // 省直部门定点帮扶 of a Xushui village (its resident work team).
  const [village] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(like(regions.code, `${XUSHUI}%`), eq(regions.level, 5)))
    .orderBy(asc(regions.code))
    .limit(1);
  if (village) {
    const department = await relationship({
      system: 'department',
      organisationId: org('省某厅'),
      countyCode: XUSHUI,
      villageCode: village.code,
      responsible: [{ name: '周立新', title: '驻村第一书记', side: 'donor' }],
    });
    await targets(department.id, [
      { indicator: 'funds-invested', target: 2_000_000 },
      { indicator: 'cadres-trained', target: 40 },
    ]);
    await results(department.id, [{ indicator: 'funds-invested', actual: 2_000_000 }]);
  }

  // Jingxiu: central-unit aid only — the progress view lists it as lacking a pairing and a leader.
  if (counties.includes(JINGXIU)) {
    const jingxiu = await relationship({ system: 'central-unit', organisationId: org('某中央企业集团'), countyCode: JINGXIU });
    await targets(jingxiu.id, [{ indicator: 'funds-invested', target: 100_000_000 }]);
    await results(jingxiu.id, [{ indicator: 'funds-invested', actual: 40_000_000 }]);
    // A 三包一 package set up for Jingxiu, not yet carried out by a leader contact.
    await createPackage(
      context,
      CreateLeaderPackageInputSchema.parse({
        countyCode: JINGXIU,
        name: '三包一',
        roles: ['leader', 'province-department', 'state-enterprise'],
        leaderName: '【演示】省领导乙',
        members: [
          { role: 'leader', name: '【演示】省领导乙' },
          { role: 'province-department', organisationId: org('省某厅') },
          { role: 'state-enterprise', organisationId: org('省某能源投资公司') },
        ],
        startOn: `${year}-01-01`,
      }),
    );
    await purchase(JINGXIU, {
      relationshipId: null,
      buyerOrganisationId: org('某中央企业集团'),
      purchasedOn: `${year}-04-10`,
      productName: '【演示】竞秀草莓',
      productCategory: 'vegetables-fruit',
      amountFen: 4_200_000,
    });
  }
}
