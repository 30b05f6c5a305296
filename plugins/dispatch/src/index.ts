/**
 * @zhenxing/plugin-dispatch — isomorphic part: the module (id, title, permissions, events) and the
 * input schemas. No Node, no React: the server and the admin app both import it.
 */
import { defineModule, READ_ROLES } from '@zhenxing/core/module';
import { fenAmount, isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { z } from 'zod';

export const DISPATCH_PLUGIN_ID = 'dispatch' as const;

const regionCode = regionCodeInput.optional();

export const ListItemsInputSchema = z.object({ regionCode });

export const CreateItemInputSchema = z.object({
  regionCode,
  title: plainText(200).trim().min(1),
  recordedOn: isoDate,
  amountFen: fenAmount,
});

/** The dispatch module: one title and one permission list for server and web. */
export const dispatchModule = defineModule({
  id: DISPATCH_PLUGIN_ID,
  title: { 'zh-CN': 'Dispatch（新模块）', en: 'Dispatch' },
  permissions: {
    'item.read': READ_ROLES,
    'item.manage': ['county_admin'],
  },
  events: {},
});
export type DispatchPermission = keyof typeof dispatchModule.permissions;
