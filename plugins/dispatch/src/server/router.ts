import type { PluginRouterTools } from '@zhenxing/core';
import { CreateItemInputSchema, ListItemsInputSchema } from '../index.ts';
import { createItem, listItems } from './items.ts';
import type { DispatchSettings } from './settings.ts';

/** trpc.dispatch.*: one scoped query and one audited mutation. */
export const dispatchRouter = ({ router, procedure }: PluginRouterTools<DispatchSettings>) =>
  router({
    items: router({
      list: procedure
        .meta({ permission: 'item.read' })
        .input(ListItemsInputSchema)
        .query(({ ctx }) => listItems(ctx)),
      create: procedure
        .meta({ permission: 'item.manage' })
        .input(CreateItemInputSchema)
        .mutation(({ ctx, input }) => createItem(ctx, input)),
    }),
  });
