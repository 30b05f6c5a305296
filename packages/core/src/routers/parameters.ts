import { parameterSets, users } from '@zhenxing/db';
import { addDays, diffParameterSets, ParameterSetSchema, ParameterValuesSchema, ParameterVersionSchema, type ParameterSet } from '@zhenxing/rules';
import { and, eq, inArray, max } from 'drizzle-orm';
import { z } from 'zod';
import type { SessionUser } from '../context.ts';
import { errors, ZxError } from '../errors.ts';
import { isoDate, plainText } from '../inputs.ts';
import { lockProvince, materialize, provinceRows, type ParameterSetRow } from '../parameters.ts';
import { isWithinRegion, provinceOf, REGION_CODE_PATTERN } from '../regions.ts';
import { todayOf } from '../module-context.ts';
import { coreProcedure, router } from '../trpc.ts';

/**
 * Policy parameter sets as governed data (issue 18). Every data role reads its province's
 * published sets; province admins (`core.parameters.manage`) draft, and a second one publishes
 * with an effective date (four eyes). Published sets never change (also refused by the database).
 */
const MANAGE = 'core.parameters.manage';

/** The region asked about (default the caller's scope); the sets are those of its province. */
const regionInput = { regionCode: z.string().regex(REGION_CODE_PATTERN).optional() };

function provinceFor(user: SessionUser, regionCode: string | undefined): string {
  const region = regionCode ?? user.scopeCode;
  if (!isWithinRegion(region, user.scopeCode)) throw errors.outOfScope(region);
  return provinceOf(region);
}

/** Writes are the province's own: only a user whose scope is the province itself. */
function provinceOfManager(user: SessionUser): string {
  if (user.scopeCode.length !== 2) {
    throw new ZxError('FORBIDDEN', 'province-only', {
      'zh-CN': '政策参数只能由省级管理员编辑和发布。',
      en: 'Only a province administrator can edit and publish policy parameters.',
    });
  }
  return user.scopeCode;
}

const setNotFound = () => errors.notFound({ 'zh-CN': '参数版本', en: 'The parameter set' });

interface SetSummary {
  id: number;
  version: string;
  status: string;
  origin: string;
  effectiveFrom: string | null;
  effectiveUntil: string | null;
  basedOn: string | null;
  note: string | null;
  createdByName: string;
  createdAt: string;
  publishedByName: string | null;
  publishedAt: string | null;
  /** The caller wrote this draft, so may edit it but not publish it. */
  authoredByCaller: boolean;
}

/** Display names of the authors and publishers of `rows` (a user's name as people know it, not the login). */
async function displayNamesOf(db: Parameters<typeof provinceRows>[0], rows: readonly ParameterSetRow[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.flatMap((row) => [row.createdBy, row.publishedBy]).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const found = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(found.map((user) => [user.id, user.displayName]));
}

function summaryOf(row: ParameterSetRow, published: readonly ParameterSet[], user: SessionUser, names: ReadonlyMap<number, string> = new Map()): SetSummary {
  const period = published.find((set) => set.version === row.version);
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    origin: row.origin,
    effectiveFrom: period?.effectiveFrom ?? row.effectiveFrom,
    effectiveUntil: period?.effectiveUntil ?? null,
    basedOn: row.basedOn,
    note: row.note,
    createdByName: (row.createdBy !== null ? names.get(row.createdBy) : undefined) ?? row.createdByName,
    createdAt: row.createdAt.toISOString(),
    publishedByName: (row.publishedBy !== null ? names.get(row.publishedBy) : undefined) ?? row.publishedByName,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    authoredByCaller: row.createdBy !== null && row.createdBy === user.id,
  };
}

/** The set a row stands for: a published one with its period, a draft with its proposed start. */
function setOf(row: ParameterSetRow, published: readonly ParameterSet[]): ParameterSet {
  const found = published.find((set) => set.version === row.version);
  if (found) return found;
  return ParameterSetSchema.parse({
    ...row.values,
    version: row.version,
    provinceCode: row.provinceCode,
    effectiveFrom: row.effectiveFrom ?? '2000-01-01',
    effectiveUntil: null,
  });
}

/** Rows the caller may see: drafts and discarded sets only with the manage permission. */
async function visibleRows(ctx: { db: Parameters<typeof provinceRows>[0]; user: SessionUser }, provinceCode: string) {
  const rows = await provinceRows(ctx.db, provinceCode);
  const manager = ctx.user.permissions.has(MANAGE);
  return rows.filter((row) => manager || row.status === 'published');
}

async function rowByVersion(ctx: { db: Parameters<typeof provinceRows>[0]; user: SessionUser }, provinceCode: string, version: string) {
  const row = (await visibleRows(ctx, provinceCode)).find((candidate) => candidate.version === version);
  if (!row) throw setNotFound();
  return row;
}

async function draftForUpdate(db: Parameters<typeof provinceRows>[0], provinceCode: string, id: number): Promise<ParameterSetRow> {
  const [row] = await db
    .select()
    .from(parameterSets)
    .where(and(eq(parameterSets.id, id), eq(parameterSets.provinceCode, provinceCode)))
    .for('update');
  if (!row) throw setNotFound();
  if (row.status !== 'draft') {
    throw new ZxError(
      'CONFLICT',
      'parameter-set-immutable',
      {
        'zh-CN': `参数版本 ${row.version} 已${row.status === 'published' ? '发布' : '作废'}，不能再修改。请基于它新建草稿。`,
        en: `Parameter set ${row.version} is ${row.status} and cannot change. Start a new draft from it.`,
      },
      { version: row.version, status: row.status },
    );
  }
  return row;
}

const versionInput = ParameterVersionSchema.max(32);

export const parametersRouter = router({
  /** The province's sets (published ones with their periods; drafts for province admins), oldest first. */
  list: coreProcedure
    .meta({ permission: 'core.parameters.read' })
    .input(z.object(regionInput))
    .query(async ({ ctx, input }) => {
      const provinceCode = provinceFor(ctx.user, input.regionCode);
      const rows = await visibleRows(ctx, provinceCode);
      const published = materialize(rows);
      const today = todayOf(ctx.clock);
      const names = await displayNamesOf(ctx.db, rows);
      const inForce = published.find((set) => set.effectiveFrom <= today && (set.effectiveUntil === null || today <= set.effectiveUntil));
      return {
        provinceCode,
        today,
        inForceToday: inForce?.version ?? null,
        mayManage: ctx.user.permissions.has(MANAGE) && ctx.user.scopeCode === provinceCode,
        sets: rows.map((row) => summaryOf(row, published, ctx.user, names)),
      };
    }),

  /** One set whole, with the changes from the set it was based on (or the one before it). */
  get: coreProcedure
    .meta({ permission: 'core.parameters.read' })
    .input(z.object({ ...regionInput, version: versionInput }))
    .query(async ({ ctx, input }) => {
      const provinceCode = provinceFor(ctx.user, input.regionCode);
      const rows = await visibleRows(ctx, provinceCode);
      const row = rows.find((candidate) => candidate.version === input.version);
      if (!row) throw setNotFound();
      const published = materialize(rows);
      const set = setOf(row, published);
      const previousVersion = row.basedOn ?? published[published.findIndex((candidate) => candidate.version === row.version) - 1]?.version ?? null;
      const previousRow = previousVersion ? rows.find((candidate) => candidate.version === previousVersion) : undefined;
      return {
        summary: summaryOf(row, published, ctx.user, await displayNamesOf(ctx.db, [row])),
        set,
        comparedWith: previousRow ? previousRow.version : null,
        changes: previousRow ? diffParameterSets(setOf(previousRow, published), set) : [],
      };
    }),

  /** What differs between two sets of the province, number by number. */
  diff: coreProcedure
    .meta({ permission: 'core.parameters.read' })
    .input(z.object({ ...regionInput, from: versionInput, to: versionInput }))
    .query(async ({ ctx, input }) => {
      const provinceCode = provinceFor(ctx.user, input.regionCode);
      const rows = await visibleRows(ctx, provinceCode);
      const published = materialize(rows);
      const from = rows.find((row) => row.version === input.from);
      const to = rows.find((row) => row.version === input.to);
      if (!from || !to) throw setNotFound();
      return { from: input.from, to: input.to, changes: diffParameterSets(setOf(from, published), setOf(to, published)) };
    }),

  /** A new draft, copied from an existing set of the province. */
  createDraft: coreProcedure
    .meta({ permission: MANAGE })
    .input(z.object({ basedOn: versionInput, version: versionInput, effectiveFrom: isoDate.optional(), note: plainText(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const provinceCode = provinceOfManager(ctx.user);
      const base = await rowByVersion(ctx, provinceCode, input.basedOn);
      if (input.version.split('-')[0] !== base.version.split('-')[0]) {
        throw errors.invalid(
          { 'zh-CN': '新版本号须与原版本使用相同的省份前缀。', en: 'The new version must keep the province prefix of the set it is based on.' },
          { fieldErrors: { version: [`${base.version.split('-')[0]}-…`] } },
        );
      }
      const [taken] = await ctx.db.select({ id: parameterSets.id }).from(parameterSets).where(eq(parameterSets.version, input.version));
      if (taken) {
        throw new ZxError('CONFLICT', 'duplicate', { 'zh-CN': `版本号 ${input.version} 已存在。`, en: `The version ${input.version} already exists.` });
      }
      const now = ctx.clock.now();
      const [row] = await ctx.db
        .insert(parameterSets)
        .values({
          provinceCode,
          version: input.version,
          status: 'draft',
          origin: 'user',
          effectiveFrom: input.effectiveFrom ?? null,
          values: ParameterValuesSchema.parse(base.values),
          basedOn: base.version,
          note: input.note ?? null,
          createdBy: ctx.user.id,
          createdByName: ctx.user.username,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const created = row as ParameterSetRow;
      await ctx.audit({
        action: 'parameters.create-draft',
        regionCode: provinceCode,
        entityType: 'parameter-set',
        entityId: created.version,
        after: { version: created.version, basedOn: base.version, effectiveFrom: created.effectiveFrom },
      });
      return { id: created.id, version: created.version };
    }),

  /** The author edits their draft: the numbers (validated by the rules' schema), the proposed start, the note. */
  updateDraft: coreProcedure
    .meta({ permission: MANAGE })
    .input(
      z.object({
        id: z.int().positive(),
        values: ParameterValuesSchema.optional(),
        effectiveFrom: isoDate.nullable().optional(),
        note: plainText(500).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const provinceCode = provinceOfManager(ctx.user);
      const row = await draftForUpdate(ctx.db, provinceCode, input.id);
      if (row.createdBy !== ctx.user.id) {
        throw new ZxError('FORBIDDEN', 'not-the-author', {
          'zh-CN': '只有草稿的编写人可以修改它；审核人可以发布或作废。',
          en: 'Only the author of a draft may edit it; a reviewer may publish or discard it.',
        });
      }
      const changes: Partial<typeof parameterSets.$inferInsert> = { updatedAt: ctx.clock.now() };
      if (input.values !== undefined) changes.values = input.values;
      if (input.effectiveFrom !== undefined) changes.effectiveFrom = input.effectiveFrom;
      if (input.note !== undefined) changes.note = input.note;
      await ctx.db.update(parameterSets).set(changes).where(eq(parameterSets.id, row.id));
      const before = setOf(row, []);
      const after = input.values ? { ...before, ...input.values } : before;
      await ctx.audit({
        action: 'parameters.update-draft',
        regionCode: provinceCode,
        entityType: 'parameter-set',
        entityId: row.version,
        before: { effectiveFrom: row.effectiveFrom, note: row.note },
        after: {
          effectiveFrom: input.effectiveFrom === undefined ? row.effectiveFrom : input.effectiveFrom,
          note: input.note === undefined ? row.note : input.note,
          changes: diffParameterSets(before, after),
        },
      });
      return { id: row.id, version: row.version };
    }),

  /**
   * A second province admin publishes a draft from `effectiveFrom` (tomorrow at the earliest, and
   * after the start of every published set of the province): the previous set then ends the day
   * before. The author cannot publish their own draft.
   */
  publish: coreProcedure
    .meta({ permission: MANAGE })
    .input(z.object({ id: z.int().positive(), effectiveFrom: isoDate }))
    .mutation(async ({ ctx, input }) => {
      const provinceCode = provinceOfManager(ctx.user);
      await lockProvince(ctx.db, provinceCode);
      const row = await draftForUpdate(ctx.db, provinceCode, input.id);
      if (row.createdBy === ctx.user.id) {
        throw new ZxError('FORBIDDEN', 'four-eyes', {
          'zh-CN': '不能发布自己编写的草稿：须由另一位省级管理员审核发布。',
          en: 'You cannot publish a draft you wrote: another province administrator must review and publish it.',
        });
      }
      const today = todayOf(ctx.clock);
      const [latest] = await ctx.db
        .select({ from: max(parameterSets.effectiveFrom) })
        .from(parameterSets)
        .where(and(eq(parameterSets.provinceCode, provinceCode), eq(parameterSets.status, 'published')));
      const earliest = [addDays(today, 1), latest?.from ? addDays(latest.from, 1) : null]
        .filter((day): day is string => day !== null)
        .sort()
        .at(-1) as string;
      if (input.effectiveFrom < earliest) {
        throw new ZxError(
          'CONFLICT',
          'parameter-period-overlap',
          {
            'zh-CN': `生效日期须不早于 ${earliest}：参数不能追溯生效，也不能与已发布版本的期间重叠。`,
            en: `The effective date must be ${earliest} or later: parameters never apply retroactively and periods never overlap.`,
          },
          { earliest, fieldErrors: { effectiveFrom: [earliest] } },
        );
      }
      // The values the author wrote must still be a valid set (the schema may have grown since).
      const set = ParameterSetSchema.safeParse({ ...row.values, version: row.version, provinceCode, effectiveFrom: input.effectiveFrom, effectiveUntil: null });
      if (!set.success) {
        throw errors.invalid({
          'zh-CN': '草稿中的参数不完整或有误，请编写人修改后再发布。',
          en: 'The draft is incomplete or invalid; its author must correct it first.',
        });
      }
      const now = ctx.clock.now();
      await ctx.db
        .update(parameterSets)
        .set({
          status: 'published',
          effectiveFrom: input.effectiveFrom,
          publishedBy: ctx.user.id,
          publishedByName: ctx.user.username,
          publishedAt: now,
          updatedAt: now,
        })
        .where(eq(parameterSets.id, row.id));
      const previous = materialize(await provinceRows(ctx.db, provinceCode))
        .filter((candidate) => candidate.effectiveFrom < input.effectiveFrom)
        .at(-1);
      await ctx.audit({
        action: 'parameters.publish',
        regionCode: provinceCode,
        entityType: 'parameter-set',
        entityId: row.version,
        before: { status: 'draft', author: row.createdByName },
        after: {
          status: 'published',
          effectiveFrom: input.effectiveFrom,
          previousVersion: previous?.version ?? null,
          changes: previous ? diffParameterSets(previous, set.data) : [],
        },
      });
      ctx.afterCommit(() => ctx.runtime.parameters.invalidate());
      return { id: row.id, version: row.version, effectiveFrom: input.effectiveFrom, previousVersion: previous?.version ?? null };
    }),

  /** A draft given up (kept, read-only, in the history). */
  discard: coreProcedure
    .meta({ permission: MANAGE })
    .input(z.object({ id: z.int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const provinceCode = provinceOfManager(ctx.user);
      const row = await draftForUpdate(ctx.db, provinceCode, input.id);
      await ctx.db.update(parameterSets).set({ status: 'discarded', updatedAt: ctx.clock.now() }).where(eq(parameterSets.id, row.id));
      await ctx.audit({
        action: 'parameters.discard',
        regionCode: provinceCode,
        entityType: 'parameter-set',
        entityId: row.version,
        before: { status: 'draft' },
        after: { status: 'discarded' },
      });
      return { id: row.id, version: row.version };
    }),
});
