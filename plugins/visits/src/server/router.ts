import type { PluginRouterTools } from '@zhenxing/core';
import { CreateItemInputSchema, ListItemsInputSchema } from '../index.ts';
import { createItem, listItems } from './items.ts';
import type { VisitsSettings } from './settings.ts';

/** trpc.visits.*: one scoped query and one audited mutation. */
export const visitsRouter = ({ router, procedure }: PluginRouterTools<VisitsSettings>) =>
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
