/**
 * §2 挂牌督办: the province imports the statistics sheet of local farmers' per-capita disposable
 * income growth per county (and the national and provincial growth) from an .xlsx or .csv sent once
 * through the core upload route (`uploads.figures`), read by the registry's exported spreadsheet
 * reader (the same conventions as the household import: header row searched, text normalised, rows
 * numbered as in Excel). Every row is checked — unknown county codes, a growth that is not a number
 * or lies outside −100 %…+1000 %, a county twice, missing national or provincial rows — and a
 * commit saves all rows (through enterGrowthFigures, audited) or none.
 */
import { claimUpload, countyOf, deleteUpload, errors, type ModuleContext } from '@zhenxing/core';
import { regions } from '@zhenxing/db';
import { cellText, headerKey, isBlankRow, readRows, type Cell } from '@zhenxing/plugin-registry/server';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { FigureImportProblem, FigureImportPreview, ImportFiguresInputSchema } from '../index.ts';
import { enterGrowthFigures } from './supervision.ts';

type ImportContext = Pick<ModuleContext, 'db' | 'access' | 'audit' | 'today' | 'actor' | 'parameters' | 'clock'>;

export const FIGURES_UPLOAD = 'figures';

/** Headers as statistics offices write them (compared by the registry's headerKey). */
const CODE_HEADERS = ['县代码', '区划代码', '行政区划代码', '代码', '县(市、区)代码', 'countycode', 'code'];
const NAME_HEADERS = ['县名', '县(市、区)', '名称', '地区', 'name'];
const GROWTH_HEADERS = ['农村居民人均可支配收入增速(%)', '农村居民人均可支配收入增速', '增速(%)', '增速', '增长(%)', 'growth(%)', 'growth'];
const POVERTY_HEADERS = ['脱贫县', '是否脱贫县', 'povertycounty'];
const NATIONAL = new Set(['全国', 'national']);
const PROVINCIAL = new Set(['全省', '河北省', 'provincial', 'province']);
const YES = new Set(['是', 'y', 'yes', '1', 'true', '√']);
const NO = new Set(['否', 'n', 'no', '0', 'false', '']);

const keys = (list: readonly string[]) => new Set(list.map((header) => headerKey(header).toLowerCase()));
const CODE_KEYS = keys(CODE_HEADERS);
const NAME_KEYS = keys(NAME_HEADERS);
const GROWTH_KEYS = keys(GROWTH_HEADERS);
const POVERTY_KEYS = keys(POVERTY_HEADERS);

/**
 * A growth rate as written in a statistics sheet → basis points: 6.3, 6.30, "6.3%", "−1.5" (a
 * numeric cell is percent too). Null when it is not a number with at most two decimals.
 */
export function growthBasisPointsOf(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return null;
    const basisPoints = Math.round(cell * 100);
    return Math.abs(basisPoints - cell * 100) < 1e-6 ? basisPoints : null;
  }
  const text = cellText(cell)
    .replace(/[%％\s]/g, '')
    .replace(/^[−–]/, '-');
  const match = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match as unknown as [string, string, string, string?];
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -value : value;
}

const MIN_BASIS_POINTS = -10_000;
const MAX_BASIS_POINTS = 100_000;

interface ParsedSheet {
  nationalBasisPoints: number | null;
  provincialBasisPoints: number | null;
  counties: { row: number; countyCode: string; countyName: string; localFarmersBasisPoints: number; povertyCounty: boolean }[];
  problems: FigureImportProblem[];
}

/** Reads the sheet: header row (the first row naming a code and a growth column), then one row per county or benchmark. */
export async function parseFiguresSheet(content: Buffer, format: 'xlsx' | 'csv'): Promise<ParsedSheet> {
  const parsed: ParsedSheet = { nationalBasisPoints: null, provincialBasisPoints: null, counties: [], problems: [] };
  let columns: { code: number; name: number; growth: number; poverty: number } | null = null;
  let headerRow = 0;
  const seen = new Map<string, number>();
  for await (const { row, cells } of readRows(content, format)) {
    if (isBlankRow(cells)) continue;
    if (!columns) {
      const find = (wanted: Set<string>) => cells.findIndex((cell) => wanted.has(headerKey(cellText(cell)).toLowerCase()));
      const code = find(CODE_KEYS);
      const growth = find(GROWTH_KEYS);
      if (code >= 0 && growth >= 0) {
        columns = { code, name: find(NAME_KEYS), growth, poverty: find(POVERTY_KEYS) };
        headerRow = row;
      } else if (row >= 20) {
        break;
      }
      continue;
    }
    if (parsed.problems.length >= 200) break;
    const problem = (column: string, message: string) => parsed.problems.push({ row, column, message });
    const label = cellText(cells[columns.code]);
    const growthCell = cells[columns.growth];
    const growth = growthBasisPointsOf(growthCell);
    if (growth === null) {
      problem('增速', cellText(growthCell) === '' ? '缺少增速 / the growth rate is missing' : `增速不是数字：${cellText(growthCell)} / not a number`);
    } else if (growth < MIN_BASIS_POINTS || growth > MAX_BASIS_POINTS) {
      problem('增速', `增速 ${cellText(growthCell)}% 超出 −100%…+1000% / outside −100 %…+1000 %`);
    }
    const lower = label.toLowerCase();
    if (NATIONAL.has(lower) || PROVINCIAL.has(lower)) {
      const national = NATIONAL.has(lower);
      if ((national ? parsed.nationalBasisPoints : parsed.provincialBasisPoints) !== null) {
        problem('县代码', `${label}增速重复 / appears twice`);
      } else if (growth !== null) {
        if (national) parsed.nationalBasisPoints = growth;
        else parsed.provincialBasisPoints = growth;
      }
      continue;
    }
    if (!/^\d{6}$/.test(label)) {
      problem('县代码', label === '' ? '缺少县代码 / the county code is missing' : `县代码应为6位数字：${label} / a county code has 6 digits`);
      continue;
    }
    const flag = columns.poverty >= 0 ? cellText(cells[columns.poverty]).toLowerCase() : '';
    if (!YES.has(flag) && !NO.has(flag)) problem('脱贫县', `脱贫县应填“是”或“否”：${flag} / 是 or 否`);
    const earlier = seen.get(label);
    if (earlier !== undefined) problem('县代码', `县代码 ${label} 与第 ${earlier} 行重复 / the county appears twice (row ${earlier})`);
    seen.set(label, row);
    if (growth !== null) {
      parsed.counties.push({
        row,
        countyCode: label,
        countyName: columns.name >= 0 ? cellText(cells[columns.name]) : '',
        localFarmersBasisPoints: growth,
        povertyCounty: YES.has(flag),
      });
    }
  }
  if (!columns) {
    parsed.problems.push({ row: 1, column: '表头', message: '找不到“县代码”和“增速”列 / no county-code and growth columns found' });
    return parsed;
  }
  if (parsed.nationalBasisPoints === null)
    parsed.problems.push({ row: headerRow, column: '县代码', message: '缺少“全国”增速行 / the national row is missing' });
  if (parsed.provincialBasisPoints === null)
    parsed.problems.push({ row: headerRow, column: '县代码', message: '缺少“全省”增速行 / the provincial row is missing' });
  if (parsed.counties.length === 0 && parsed.problems.length === 0)
    parsed.problems.push({ row: headerRow, column: '县代码', message: '没有县的数据 / no county rows' });
  return parsed;
}

/**
 * Previews (commit: false) or commits the uploaded sheet for `year`. The preview names every
 * problem by row and column; a commit with any problem is refused with the same list and saves
 * nothing; a clean commit saves every row in the request's transaction and removes the upload.
 */
export async function importGrowthFigures(context: ImportContext, input: z.output<typeof ImportFiguresInputSchema>): Promise<FigureImportPreview> {
  // A province's sheet is uploaded for the province (no county) or for the county the request names.
  const claim = (countyCode: string | null) =>
    claimUpload(context.db, {
      uploadId: input.uploadId,
      plugin: 'income',
      purpose: FIGURES_UPLOAD,
      // A system actor owns no upload: -1 matches none.
      userId: context.actor.userId ?? -1,
      countyCode,
      forUpdate: input.commit,
    });
  const county = countyOf(context.access.regionCode) ?? null;
  const upload = county === null ? await claim(null) : await claim(county).catch(() => claim(null));
  const format = upload.type === 'xlsx' ? 'xlsx' : 'csv';
  const sheet = await parseFiguresSheet(upload.content, format);
  const codes = [...new Set(sheet.counties.map((county) => county.countyCode))];
  const known = new Set(
    codes.length === 0
      ? []
      : (
          await context.db
            .select({ code: regions.code })
            .from(regions)
            .where(and(inArray(regions.code, codes), eq(regions.level, 3)))
        ).map((row) => row.code),
  );
  for (const county of sheet.counties) {
    if (!known.has(county.countyCode)) {
      sheet.problems.push({ row: county.row, column: '县代码', message: `未知的县代码 ${county.countyCode} / unknown county code` });
    } else if (!context.access.canSee(county.countyCode)) {
      sheet.problems.push({
        row: county.row,
        column: '县代码',
        message: `县 ${county.countyCode} 不在您的管辖范围或未启用本模块 / outside your region or module not enabled`,
      });
    }
  }
  sheet.problems.sort((left, right) => left.row - right.row);
  const preview: FigureImportPreview = {
    year: input.year,
    fileName: upload.fileName,
    nationalBasisPoints: sheet.nationalBasisPoints,
    provincialBasisPoints: sheet.provincialBasisPoints,
    counties: sheet.counties.map(({ row, countyCode, countyName, localFarmersBasisPoints, povertyCounty }) => ({
      row,
      countyCode,
      countyName,
      localFarmersBasisPoints,
      povertyCounty,
    })),
    problems: sheet.problems,
    committed: false,
  };
  if (!input.commit) {
    // A preview reads a stored file: audited like the registry's import preview (never the content).
    await context.audit({
      action: 'growth.import-preview',
      regionCode: context.access.regionCode,
      entityType: 'upload',
      entityId: upload.id,
      after: { year: input.year, fileName: upload.fileName, sha256: upload.sha256, counties: sheet.counties.length, problems: sheet.problems.length },
    });
    return preview;
  }
  if (sheet.problems.length > 0 || sheet.nationalBasisPoints === null || sheet.provincialBasisPoints === null) {
    throw errors.invalid(
      { 'zh-CN': `统计表有 ${sheet.problems.length} 处问题，未导入任何一行`, en: `The sheet has ${sheet.problems.length} problem(s); nothing was imported` },
      { fieldErrors: Object.fromEntries(sheet.problems.map((problem) => [`row ${problem.row} ${problem.column}`, [problem.message]])) },
    );
  }
  await enterGrowthFigures(context, {
    year: input.year,
    nationalBasisPoints: sheet.nationalBasisPoints,
    provincialBasisPoints: sheet.provincialBasisPoints,
    counties: sheet.counties.map(({ countyCode, localFarmersBasisPoints, povertyCounty }) => ({ countyCode, localFarmersBasisPoints, povertyCounty })),
  });
  await deleteUpload(context.db, upload.id);
  await context.audit({
    action: 'growth.import',
    regionCode: context.access.regionCode,
    entityType: 'income-growth-figures',
    entityId: String(input.year),
    after: { year: input.year, fileName: upload.fileName, sha256: upload.sha256, counties: sheet.counties.length },
  });
  return { ...preview, committed: true };
}
