import type { JobContext } from '@zhenxing/core';
import { sendReminders } from './notices.ts';
import type { DispatchSettings } from './settings.ts';

/** Every 15 minutes: reminders to asked counties that have not submitted a period due soon. */
export async function remindersJob(context: JobContext<DispatchSettings>): Promise<void> {
  await sendReminders(context);
}
