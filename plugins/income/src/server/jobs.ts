import type { JobContext } from '@zhenxing/core';
import { rerunCounties } from './ledger.ts';
import type { IncomeSettings } from './settings.ts';
import { yearOf } from './tracking.ts';

/** Nightly: the ledger flags again over every enabled county (parameters or registry may have changed). */
export async function rerunLedgerJob(context: JobContext<IncomeSettings>): Promise<void> {
  for (const county of context.counties) {
    const summary = await rerunCounties(context, [county], yearOf(context.today));
    if (summary.opened + summary.closed + summary.changed > 0) {
      await context.audit({ action: 'ledger.rerun', regionCode: county, entityType: 'income-ledger', entityId: county, after: summary });
    }
  }
}
