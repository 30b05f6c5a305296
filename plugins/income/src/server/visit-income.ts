/**
 * §3 → §2: a visit's income changes (`visits.income-changed`, raised by the visits module) are
 * already written to the registry's yearly income by the visit itself (the registry's
 * applyIncomeChange, in the visit's transaction), which this module reads. Here the ledger is only
 * re-evaluated, so a household whose income recovered leaves it at once. Recording the change again
 * as an in-year adjustment would count it twice. Runs only where the visits module is installed and
 * in counties that enable this module.
 */
import type { EventHandler } from '@zhenxing/core';
import type { VisitIncomeChanged } from '@zhenxing/plugin-visits';
import { INCOME_COMPONENTS } from '../index.ts';
import { reevaluate } from './ledger.ts';
import type { IncomeSettings } from './settings.ts';

export const onVisitIncomeChanged: EventHandler<'visits.income-changed', IncomeSettings> = async (change: VisitIncomeChanged, context) => {
  if (INCOME_COMPONENTS.every((component) => change.changes[component] === 0)) return;
  await reevaluate(context, change.householdId, change.year);
};
