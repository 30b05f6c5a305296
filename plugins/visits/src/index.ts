/**
 * @zhenxing/plugin-visits — isomorphic part: the module (id, title, permissions, events) and the
 * input schemas. No Node, no React: the server and the admin app both import it.
 */
import { defineModule, READ_ROLES } from '@zhenxing/core/module';
import { fenAmount, isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { z } from 'zod';

export const VISITS_PLUGIN_ID = 'visits' as const;

const regionCode = regionCodeInput.optional();

export const ListItemsInputSchema = z.object({ regionCode });

export const CreateItemInputSchema = z.object({
  regionCode,
  title: plainText(200).trim().min(1),
  recordedOn: isoDate,
  amountFen: fenAmount,
});

/** The visits module: one title and one permission list for server and web. */
export const visitsModule = defineModule({
  id: VISITS_PLUGIN_ID,
  title: { 'zh-CN': 'Visits（新模块）', en: 'Visits' },
  permissions: {
    'item.read': READ_ROLES,
    'item.manage': ['county_admin'],
  },
  events: {},
});
export type VisitsPermission = keyof typeof visitsModule.permissions;
