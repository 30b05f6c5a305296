/**
 * 农户信息 — the household registry every other policy module works on: households, members and
 * yearly incomes; Excel/CSV import and export; department data comparison (§1 早) raising
 * `registry.risk-signal`; synthetic demo data.
 */
import { registryModule } from '../index.ts';
import { definePlugin } from '@zhenxing/core';
import { fileURLToPath } from 'node:url';
import { MAX_FILE_BYTES } from '../index.ts';
import { householdStatusIndicators, leftPovertyPopulation } from './indicators.ts';
import { registryRouter } from './router.ts';
import { seedRegistryDemo } from './demo.ts';
import { registrySettings } from './settings.ts';

export const registryPlugin = definePlugin({
  module: registryModule,
  description: {
    'zh-CN': '农户、家庭成员与收入台账；表格导入导出；部门信息比对。',
    en: 'Households, members and incomes; spreadsheet import/export; department data comparison.',
  },
  version: '1.1.0',
  settings: registrySettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['registry'],
  router: registryRouter,
  /** Spreadsheets arrive once through the core upload route; import and comparison take the id. */
  uploads: {
    import: { maxBytes: MAX_FILE_BYTES, types: ['xlsx', 'csv'], permission: 'household.import' },
    comparison: { maxBytes: MAX_FILE_BYTES, types: ['xlsx', 'csv'], permission: 'department.compare' },
  },
  indicators: [...householdStatusIndicators, leftPovertyPopulation],
  demo: seedRegistryDemo,
});

export {
  getHouseholdProfile,
  readHouseholdIncomes,
  type HouseholdIncomeQuery,
  householdProfilesPage,
  countHouseholds,
  householdHeads,
  householdHeadNames,
  povertyExitedLabourByVillage,
  type LabourTally,
  listHouseholdsForVisitDuty,
  visitDutyTallies,
  visitDutyTalliesSubquery,
  type VisitDutyTally,
  findMembersByIdNumber,
  rulesMembersOf,
  isPovertyExited,
  setHouseholdStatus,
  type StatusChange,
  applyIncomeChange,
  type AppliedIncomeChange,
  type IncomeChange,
} from './public.ts';
export { demoShares, seedHouseholds, writeGeneratedHouseholds, villagesOf } from './demo.ts';
export { generateHouseholds, type GeneratedHousehold, type GeneratedMember, type GenerateOptions } from './generator.ts';
/** Spreadsheet reading and writing for other modules' imports and exports (one reader on the platform). */
export {
  readRows,
  formatOf,
  cellText,
  isBlankRow,
  headerKey,
  parseYuanToFen,
  writeXlsx,
  CellError,
  type Cell,
  type SheetRow,
  type SheetColumn,
  type ExtraSheet,
} from './spreadsheet.ts';
export { parseImportFile } from './import-parse.ts';
export { planImport } from './import-plan.ts';
export { commitImport } from './import-commit.ts';
export { registrySettings, type RegistrySettings } from './settings.ts';
export {
  repairMemberResets,
  formatMemberResetReport,
  MEMBER_FIELD_DEFAULTS,
  type MemberResetReport,
  type MemberResetFinding,
  type AmbiguousReset,
  type RepairOptions,
} from './repair.ts';

export default registryPlugin;
export { readXlsxRows } from './spreadsheet.ts';
