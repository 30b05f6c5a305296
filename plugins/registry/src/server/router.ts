import {
  claimUpload,
  countyOf,
  deleteUpload,
  errors,
  plainText,
  regionCodeInput,
  ZxError,
  type PluginRouterTools,
  type ProcedureContext,
  type StoredUpload,
} from '@zhenxing/core';
import { queryRows, regions } from '@zhenxing/db';
import { and, eq, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  CreateHouseholdInputSchema,
  DepartmentSourceSchema,
  FileFormatSchema,
  HouseholdStatusSchema,
  IncomeInputSchema,
  LabourCapacitySchema,
  ListHouseholdsInputSchema,
  MemberInputSchema,
  MemberPatchSchema,
  UploadRefSchema,
  ImportRefSchema,
  type ImportPreview,
} from '../index.ts';
import { compareDepartmentFile, comparisonView, DEPARTMENT_COLUMNS } from './comparison.ts';
import { exportHouseholds } from './export.ts';
import {
  addMember,
  createHousehold,
  householdDetail,
  listCrossCountyDuplicates,
  listHouseholds,
  moveHousehold,
  recordIncome,
  searchCondition,
  searchPeople,
  updateHousehold,
  updateMember,
  type Reader,
  type Writer,
} from './households.ts';
import { commitImport } from './import-commit.ts';
import { parseImportFile } from './import-parse.ts';
import { planImport } from './import-plan.ts';
import { IMPORT_COLUMNS, TEMPLATE_LISTS, TEMPLATE_NOTES } from './import-template.ts';
import { progressOf, ProgressReporter } from './import-progress.ts';
import { MAX_PROBLEMS_KEPT } from './import-parse.ts';
import { problemRowsWorkbook } from './import-problem-rows.ts';
import { households } from './schema.ts';
import { formatOf, writeCsv, writeXlsx } from './spreadsheet.ts';
import type { RegistrySettings } from './settings.ts';

const PII_PERMISSION = 'registry.pii.view';
const regionCode = regionCodeInput.optional();
const id = z.int().positive();

type RegistryContext = ProcedureContext<RegistrySettings>;

function readerOf(ctx: RegistryContext): Reader {
  return { access: ctx.access, pii: ctx.user.permissions.has(PII_PERMISSION), today: ctx.today };
}

function writerOf(ctx: RegistryContext): Writer {
  return { ...readerOf(ctx), db: ctx.db, actor: ctx.actor, now: ctx.clock.now() };
}

/** The file a registry upload holds, in the reader's terms (the upload route accepts only these). */
function spreadsheetOf(upload: StoredUpload) {
  const format = formatOf(upload.fileName);
  if (!format || format !== upload.type)
    throw errors.invalid(
      { 'zh-CN': '只支持 .xlsx 和 .csv 文件（旧版 .xls 请先另存为 .xlsx）。', en: 'Only .xlsx and .csv files are accepted (save an old .xls as .xlsx first).' },
      { field: 'uploadId' },
    );
  return { format, content: upload.content, sha256: upload.sha256 };
}

/**
 * The caller's own upload for `purpose`, for the county the request is in (see claimUpload).
 * Claimed before any progress is written, so progress can only be written by the uploader.
 */
function claimRegistryUpload(ctx: RegistryContext, uploadId: string, purpose: 'import' | 'comparison', forUpdate = false): Promise<StoredUpload> {
  const countyCode = countyOf(ctx.access.regionCode) ?? null;
  return claimUpload(ctx.db, { uploadId, plugin: 'registry', purpose, userId: ctx.user.id, countyCode, forUpdate });
}

/** `user:upload` of the uploads this instance committed recently (bounded): a later commit of one answers 409, not 404. */
const recentlyCommitted = new Map<string, number>();
const RECENTLY_COMMITTED_MAX = 10_000;

function rememberCommitted(userId: number, uploadId: string): void {
  recentlyCommitted.set(`${userId}:${uploadId}`, Date.now());
  if (recentlyCommitted.size > RECENTLY_COMMITTED_MAX) recentlyCommitted.delete(recentlyCommitted.keys().next().value as string);
}

const COMMIT_CONFLICT = {
  'zh-CN': '这个文件正在导入或已经导入，同一文件不会重复导入。请刷新后查看导入结果。',
  en: 'This file is being imported or has been imported already; it is never imported twice. Refresh to see the result.',
};

/**
 * The upload for a commit, locked for the rest of the transaction. One commit at a time: once the
 * caller is known to own the upload, a transaction-scoped advisory lock on it is taken without
 * waiting (PostgreSQL and PGlite alike), so a second commit while the first runs answers 409; one
 * after it committed finds the upload gone and answers 409 too when this instance committed it for
 * this user (404 otherwise: gone, expired, or never theirs — an id never tells an outsider it exists).
 */
async function claimImportCommit(ctx: RegistryContext, uploadId: string): Promise<StoredUpload> {
  const committedHere = (error: unknown) =>
    error instanceof ZxError && error.code === 'NOT_FOUND' && recentlyCommitted.has(`${ctx.user.id}:${uploadId}`)
      ? new ZxError('CONFLICT', 'import-already-committed', COMMIT_CONFLICT)
      : error;
  try {
    await claimRegistryUpload(ctx, uploadId, 'import');
  } catch (error) {
    throw committedHere(error);
  }
  const [lock] = await queryRows<{ locked: boolean }>(
    ctx.db,
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`registry.import:${uploadId}`}, 0)) as locked`,
  );
  if (!lock?.locked) throw new ZxError('CONFLICT', 'import-in-progress', COMMIT_CONFLICT);
  try {
    return await claimRegistryUpload(ctx, uploadId, 'import', true);
  } catch (error) {
    throw committedHere(error);
  }
}

/** Runs an import step under a progress reporter, marking it done or failed at the end. */
async function reportingProgress<T>(ctx: RegistryContext, uploadId: string, step: (progress: ProgressReporter) => Promise<T>): Promise<T> {
  const progress = new ProgressReporter(ctx.database.db, uploadId, ctx.user.id, ctx.clock, ctx.logger);
  try {
    const result = await step(progress);
    progress.phase('done');
    return result;
  } catch (error) {
    progress.failed(error);
    throw error;
  }
}

export function registryRouter({ router, procedure }: PluginRouterTools<RegistrySettings>) {
  const read = procedure.meta({ permission: 'household.read' });
  const write = procedure.meta({ permission: 'household.write' });
  const importing = procedure.meta({ permission: 'household.import' });

  async function prepareImport(
    ctx: RegistryContext & { settings: RegistrySettings | null },
    upload: StoredUpload,
    progress: ProgressReporter,
    options: { fillDown: boolean; maxProblems?: number },
  ) {
    const countyCode = ctx.access.requireCounty();
    const file = spreadsheetOf(upload);
    const maxRows = ctx.settings?.importMaxRows ?? 200_000;
    const villageRows = await ctx.db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.level, 5), like(regions.code, `${ctx.access.regionCode}%`)));
    const today = ctx.today;
    const parsed = await parseImportFile(
      file.content,
      file.format,
      { countyCode, villages: new Set(villageRows.map((row) => row.code)), asOf: today, maxRows, fillDown: options.fillDown, maxProblems: options.maxProblems },
      (rows, percent) => progress.reading(rows, percent),
    );
    progress.phase('checking', { rowsTotal: parsed.rows, problems: parsed.problemCount });
    const plan = await planImport(ctx.db, parsed, countyCode, ctx.access.userScope);
    const problemCount = parsed.problemCount + plan.problems.length;
    const allProblems = [...parsed.problems, ...plan.problems].sort((a, b) => a.row - b.row);
    const problems = allProblems.slice(0, MAX_PROBLEMS_KEPT);
    progress.phase('checking', { problems: problemCount });
    const preview: ImportPreview = {
      fileName: upload.fileName,
      format: file.format,
      rows: parsed.rows,
      households: parsed.households.length,
      members: parsed.households.reduce((sum, household) => sum + household.members.length, 0),
      problems,
      problemCount,
      ignoredColumns: parsed.ignoredColumns,
      source: parsed.source,
      hiddenRows: parsed.hiddenRows,
      hiddenRowCount: parsed.hiddenRowCount,
      mergedCells: parsed.mergedCells,
      filledDown: parsed.filledDown,
      valid: problemCount === 0 && parsed.rows > 0,
      plan: plan.counts,
    };
    return { countyCode, file, plan, preview, allProblems, crossCountyDuplicates: plan.crossCountyDuplicates };
  }

  return router({
    households: router({
      list: read.input(ListHouseholdsInputSchema).query(({ ctx, input }) => listHouseholds(ctx.db, readerOf(ctx), input)),
      search: read
        .input(z.object({ regionCode, query: plainText(50).trim().min(1), limit: z.int().min(1).max(50).default(20) }))
        .query(({ ctx, input }) => searchPeople(ctx.db, readerOf(ctx), input.query, input.limit)),
      get: read.input(z.object({ regionCode, id })).query(({ ctx, input }) => householdDetail(ctx.db, readerOf(ctx), input.id)),
      duplicates: read
        .input(z.object({ regionCode, limit: z.int().min(1).max(1000).default(200) }))
        .query(({ ctx, input }) => listCrossCountyDuplicates(ctx.db, readerOf(ctx), input.limit)),
      create: write.input(CreateHouseholdInputSchema).mutation(async ({ ctx, input }) => {
        const writer = writerOf(ctx);
        const { id: householdId } = await createHousehold(writer, input);
        const detail = await householdDetail(ctx.db, writer, householdId);
        await ctx.audit({ action: 'household.create', regionCode: input.villageCode, entityType: 'household', entityId: householdId, after: detail.household });
        return detail;
      }),
      update: write
        .input(
          z.object({
            regionCode,
            id,
            address: plainText(200).trim().min(1).optional(),
            status: HouseholdStatusSchema.optional(),
            yearLeftPoverty: z.int().min(2013).max(2030).nullable().optional(),
            labourCapacity: LabourCapacitySchema.optional(),
          }),
        )
        .mutation(async ({ ctx, input }) => {
          const { id: householdId, regionCode: _region, ...patch } = input;
          const writer = writerOf(ctx);
          const { before, changes } = await updateHousehold(writer, householdId, patch);
          await ctx.audit({
            action: 'household.update',
            regionCode: before.villageCode,
            entityType: 'household',
            entityId: householdId,
            before,
            after: changes,
          });
          return householdDetail(ctx.db, writer, householdId);
        }),
      move: write
        .input(z.object({ regionCode, id, villageCode: z.string().regex(/^\d{12}$/), address: plainText(200).trim().min(1).optional() }))
        .mutation(async ({ ctx, input }) => {
          const writer = writerOf(ctx);
          const { before, after } = await moveHousehold(writer, input.id, input.villageCode, input.address);
          await ctx.audit({ action: 'household.move', regionCode: input.villageCode, entityType: 'household', entityId: input.id, before, after });
          return householdDetail(ctx.db, writer, input.id);
        }),
      export: read
        .input(
          z.object({
            regionCode,
            status: HouseholdStatusSchema.optional(),
            villageCode: z
              .string()
              .regex(/^\d{12}$/)
              .optional(),
            /** The list's search (name, ID number, village, household key): the export matches the list. */
            search: plainText(50).trim().optional(),
            format: FileFormatSchema.default('xlsx'),
          }),
        )
        .mutation(async ({ ctx, input }) => {
          const reader = readerOf(ctx);
          const search = input.search ? searchCondition(input.search, reader) : undefined;
          const filter = and(
            input.status ? eq(households.status, input.status) : undefined,
            input.villageCode ? eq(households.villageCode, input.villageCode) : undefined,
            search?.where,
          );
          const result = await exportHouseholds(ctx.db, reader, filter, input.format);
          await ctx.audit({
            action: 'household.export',
            regionCode: ctx.access.regionCode,
            entityType: 'export',
            after: { rows: result.rows, households: result.households, format: input.format, masked: !reader.pii, search: input.search ?? null },
          });
          const stamp = ctx.today;
          return {
            fileName: `农户信息-${ctx.access.regionCode}-${stamp}.${input.format}`,
            rows: result.rows,
            households: result.households,
            masked: !reader.pii,
            contentBase64: result.content.toString('base64'),
          };
        }),
    }),
    members: router({
      add: write.input(z.object({ regionCode, householdId: id, member: MemberInputSchema })).mutation(async ({ ctx, input }) => {
        const writer = writerOf(ctx);
        const { household, member } = await addMember(writer, input.householdId, input.member);
        await ctx.audit({
          action: 'member.add',
          regionCode: household.villageCode,
          entityType: 'member',
          entityId: member.id,
          after: { householdId: household.id, name: member.name },
        });
        return householdDetail(ctx.db, writer, input.householdId);
      }),
      update: write.input(z.object({ regionCode, id, patch: MemberPatchSchema })).mutation(async ({ ctx, input }) => {
        const writer = writerOf(ctx);
        const { member, changes } = await updateMember(writer, input.id, input.patch);
        await ctx.audit({
          action: 'member.update',
          regionCode: member.villageCode,
          entityType: 'member',
          entityId: member.id,
          after: { fields: Object.keys(changes) },
        });
        return householdDetail(ctx.db, writer, member.householdId);
      }),
    }),
    incomes: router({
      record: write.input(z.object({ regionCode, householdId: id, income: IncomeInputSchema })).mutation(async ({ ctx, input }) => {
        const writer = writerOf(ctx);
        const { household } = await recordIncome(writer, input.householdId, input.income);
        await ctx.audit({ action: 'income.record', regionCode: household.villageCode, entityType: 'household', entityId: household.id, after: input.income });
        return householdDetail(ctx.db, writer, input.householdId);
      }),
    }),
    import: router({
      /** The empty template with Chinese headers (no personal data). */
      template: importing.input(z.object({ regionCode, format: FileFormatSchema.default('xlsx') })).query(async ({ input }) => {
        const columns = IMPORT_COLUMNS.map((column) => ({
          header: column.required ? `*${column.header}` : column.header,
          width: column.width,
          text: 'text' in column && column.text,
          ...(TEMPLATE_LISTS[column.key] ? { list: TEMPLATE_LISTS[column.key] } : {}),
          value: () => null,
        }));
        const content =
          input.format === 'xlsx' ? await writeXlsx('农户信息导入模板', columns, [], { sheetName: '说明', lines: TEMPLATE_NOTES }) : writeCsv(columns, []);
        return { fileName: `农户信息导入模板.${input.format}`, contentBase64: content.toString('base64') };
      }),
      /**
       * Validates every row of an uploaded file and says what commit would do; writes nothing but
       * the audit entry (and its progress). The upload stays for the commit.
       */
      preview: importing.input(ImportRefSchema).mutation(async ({ ctx, input }) => {
        ctx.access.assertRegion(ctx.access.regionCode);
        const upload = await claimRegistryUpload(ctx, input.uploadId, 'import');
        return reportingProgress(ctx, input.uploadId, async (progress) => {
          const { countyCode, file, preview, crossCountyDuplicates } = await prepareImport(ctx, upload, progress, { fillDown: input.fillDown });
          await ctx.audit({
            action: 'household.import-preview',
            regionCode: ctx.access.regionCode,
            entityType: 'import',
            entityId: file.sha256,
            after: { fileName: upload.fileName, uploadId: upload.id, countyCode, rows: preview.rows, problems: preview.problems.length },
          });
          return { ...preview, crossCountyDuplicates };
        });
      }),
      /**
       * All or nothing: any problem refuses the whole file. Re-importing the same file changes
       * nothing. Only one commit of an upload runs at a time: a second one, while the first runs or
       * after it committed, answers CONFLICT (409) and writes nothing. The upload is deleted once committed.
       */
      commit: importing.input(ImportRefSchema).mutation(async ({ ctx, input }) => {
        ctx.access.assertRegion(ctx.access.regionCode);
        const upload = await claimImportCommit(ctx, input.uploadId);
        return reportingProgress(ctx, input.uploadId, async (progress) => {
          const { countyCode, file, plan, preview, crossCountyDuplicates } = await prepareImport(ctx, upload, progress, { fillDown: input.fillDown });
          if (!preview.valid) {
            throw new ZxError(
              'BAD_REQUEST',
              'import-invalid',
              {
                'zh-CN': `文件有 ${preview.problemCount} 处问题，未导入任何数据。请按预览中的行、列和原因修改后重新导入。`,
                en: `The file has ${preview.problemCount} problems; nothing was imported. Fix the rows shown in the preview and import again.`,
              },
              { problems: preview.problems.slice(0, 500), problemCount: preview.problemCount },
            );
          }
          progress.phase('writing');
          const outcome = await commitImport(ctx.db, plan, countyCode, ctx.clock.now(), ctx.user.username);
          await deleteUpload(ctx.db, upload.id);
          rememberCommitted(ctx.user.id, upload.id);
          await ctx.audit({
            action: 'household.import',
            regionCode: ctx.access.regionCode,
            entityType: 'import',
            entityId: file.sha256,
            after: { fileName: upload.fileName, uploadId: upload.id, ...outcome.counts },
          });
          return { ...preview, crossCountyDuplicates, committed: true as const };
        });
      }),
      /**
       * The rows of the upload that have problems, as an .xlsx with the file's own header and a 问题说明
       * column (up to 20,000 rows), to fix in WPS or Excel and upload again. Writes only the audit entry.
       */
      problemRows: importing.input(ImportRefSchema).mutation(async ({ ctx, input }) => {
        ctx.access.assertRegion(ctx.access.regionCode);
        const upload = await claimRegistryUpload(ctx, input.uploadId, 'import');
        return reportingProgress(ctx, input.uploadId, async (progress) => {
          const { file, allProblems } = await prepareImport(ctx, upload, progress, { fillDown: input.fillDown, maxProblems: 100_000 });
          const workbook = await problemRowsWorkbook(file.content, file.format, allProblems);
          await ctx.audit({
            action: 'household.import-problem-rows',
            regionCode: ctx.access.regionCode,
            entityType: 'import',
            entityId: file.sha256,
            after: { fileName: upload.fileName, uploadId: upload.id, rows: workbook.rows },
          });
          const base = upload.fileName.replace(/\.[^.]+$/, '');
          return { fileName: `${base}-问题行.xlsx`, rows: workbook.rows, contentBase64: workbook.content.toString('base64') };
        });
      }),
      /** How far this user's preview or commit of `uploadId` has got, from any server instance (null: not theirs, or purged). */
      progress: importing.input(z.object({ regionCode, uploadId: z.uuid() })).query(({ ctx, input }) => progressOf(ctx.db, input.uploadId, ctx.user.id)),
    }),
    comparison: router({
      template: procedure
        .meta({ permission: 'department.compare' })
        .input(z.object({ regionCode, source: DepartmentSourceSchema, format: FileFormatSchema.default('xlsx') }))
        .query(async ({ input }) => {
          const columns = DEPARTMENT_COLUMNS[input.source].map((column) => ({ header: column.header, value: () => null }));
          const content = input.format === 'xlsx' ? await writeXlsx('部门数据', columns, []) : writeCsv(columns, []);
          return { fileName: `部门比对模板-${input.source}.${input.format}`, contentBase64: content.toString('base64') };
        }),
      /** Matches a department file by ID number, evaluates the rules and emits registry.risk-signal. */
      run: procedure
        .meta({ permission: 'department.compare' })
        .input(UploadRefSchema.extend({ source: DepartmentSourceSchema }))
        .mutation(async ({ ctx, input }) => {
          ctx.access.assertRegion(ctx.access.regionCode.length >= 6 ? ctx.access.regionCode : ctx.access.requireCounty());
          const upload = await claimRegistryUpload(ctx, input.uploadId, 'comparison', true);
          const file = spreadsheetOf(upload);
          const today = ctx.today;
          const { result, signals } = await compareDepartmentFile(
            ctx.db,
            { access: ctx.access, today, parameters: ctx.parameters, fileName: upload.fileName },
            input.source,
            file.content,
            file.format,
          );
          await deleteUpload(ctx.db, upload.id);
          for (const signal of signals) ctx.emit('registry.risk-signal', signal);
          await ctx.audit({
            action: 'department.compare',
            regionCode: ctx.access.regionCode,
            entityType: 'comparison',
            entityId: file.sha256,
            after: {
              source: input.source,
              fileName: upload.fileName,
              uploadId: upload.id,
              rows: result.rows,
              matched: result.matched,
              unmatched: result.unmatched,
              flagged: result.flagged,
            },
          });
          return comparisonView(result, readerOf(ctx).pii);
        }),
    }),
  });
}
