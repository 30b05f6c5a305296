/**
 * The files of a freshly scaffolded policy module (`zx plugin new <id>`), by path relative to
 * plugins/<id>/. Each template follows the layout of the existing plugins (see
 * docs/plugin-guide.md): isomorphic entry, server half, web half, testing entry, migrations, spec.
 */
export interface PluginNames {
  /** kebab-case id, also the tRPC router key and the audit `plugin` column. */
  id: string;
  /** camelCase, for identifiers (`homeVisitsModule`). */
  camel: string;
  /** PascalCase, for types (`HomeVisitsSettings`). */
  pascal: string;
  /** snake_case PostgreSQL schema name (a hyphen is not a plain identifier). */
  pgSchema: string;
  /** Property access of the router on a client: `.visits` or `['home-visits']`. */
  access: string;
}

export function pluginNames(id: string): PluginNames {
  const camel = id.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  const pascal = camel.charAt(0).toUpperCase() + camel.slice(1);
  return { id, camel, pascal, pgSchema: id.replaceAll('-', '_'), access: /^[a-z][a-z0-9]*$/.test(id) ? `.${id}` : `['${id}']` };
}

/** A fixed migration timestamp, so the scaffold is deterministic (drizzle only orders by it). */
const MIGRATION_WHEN = 1798761600000;

export function pluginFiles(names: PluginNames): Record<string, string> {
  const { id, camel, pascal, pgSchema, access } = names;
  const englishTitle = id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  const packageJson = {
    name: `@zhenxing/plugin-${id}`,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `${englishTitle}: scaffolded by \`pnpm zx plugin new ${id}\`.`,
    zhenxing: { plugin: true },
    exports: { '.': './src/index.ts', './server': './src/server/plugin.ts', './testing': './src/testing.ts', './web': './src/web/index.ts' },
    scripts: { typecheck: 'tsc -p tsconfig.json', 'db:generate': 'drizzle-kit generate' },
    dependencies: { '@zhenxing/core': 'workspace:*', '@zhenxing/db': 'workspace:*', '@zhenxing/ui': 'workspace:*', 'drizzle-orm': 'catalog:', zod: 'catalog:' },
    devDependencies: {
      '@zhenxing/testing': 'workspace:*',
      '@types/node': 'catalog:',
      'drizzle-kit': 'catalog:',
      typescript: 'catalog:',
      vitest: 'catalog:',
      '@ant-design/icons': 'catalog:',
      '@tanstack/react-query': 'catalog:',
      '@trpc/client': 'catalog:',
      '@trpc/server': 'catalog:',
      '@trpc/tanstack-react-query': 'catalog:',
      antd: 'catalog:',
      react: 'catalog:',
      'react-dom': 'catalog:',
      'react-router': 'catalog:',
      '@types/react': 'catalog:',
      '@types/react-dom': 'catalog:',
    },
    peerDependencies: {
      '@ant-design/icons': 'catalog:',
      '@tanstack/react-query': 'catalog:',
      '@trpc/client': 'catalog:',
      '@trpc/server': 'catalog:',
      '@trpc/tanstack-react-query': 'catalog:',
      antd: 'catalog:',
      react: 'catalog:',
      'react-dom': 'catalog:',
      'react-router': 'catalog:',
    },
  };

  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { lib: ['ES2023', 'DOM', 'DOM.Iterable'], jsx: 'react-jsx', types: ['node'] }, include: ['src', 'test', '*.ts'] }, null, 2)}\n`,
    'vitest.config.ts': `import { packageProject } from '../../vitest.shared.ts';\n\nexport default packageProject('${id}');\n`,
    'drizzle.config.ts': `import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({ dialect: 'postgresql', schema: './src/server/schema.ts', out: './drizzle' });\n`,

    'src/index.ts': `/**
 * @zhenxing/plugin-${id} — isomorphic part: the module (id, title, permissions, events) and the
 * input schemas. No Node, no React: the server and the admin app both import it.
 */
import { defineModule, READ_ROLES } from '@zhenxing/core/module';
import { fenAmount, isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { z } from 'zod';

export const ${constantCase(id)}_PLUGIN_ID = '${id}' as const;

const regionCode = regionCodeInput.optional();

export const ListItemsInputSchema = z.object({ regionCode });

export const CreateItemInputSchema = z.object({
  regionCode,
  title: plainText(200).trim().min(1),
  recordedOn: isoDate,
  amountFen: fenAmount,
});

/** The ${id} module: one title and one permission list for server and web. */
export const ${camel}Module = defineModule({
  id: ${constantCase(id)}_PLUGIN_ID,
  title: { 'zh-CN': '${englishTitle}（新模块）', en: '${englishTitle}' },
  permissions: {
    'item.read': READ_ROLES,
    'item.manage': ['county_admin'],
  },
  events: {},
});
export type ${pascal}Permission = keyof typeof ${camel}Module.permissions;
`,

    'src/server/schema.ts': `import { bigint, bigserial, date, index, pgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/** ${englishTitle}'s own tables, in its own PostgreSQL schema; money is integer fen. */
export const ${camel}Schema = pgSchema('${pgSchema}');

/** One record of a county (replace with the module's real entities). */
export const items = ${camel}Schema.table(
  'items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    title: text('title').notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('items_county').on(table.countyCode, table.recordedOn)],
);

export type ItemRow = typeof items.$inferSelect;
`,

    'src/server/settings.ts': `import { z } from 'zod';

/** Per-county settings of ${englishTitle} (none yet). */
export const ${camel}Settings = z.object({});
export type ${pascal}Settings = z.output<typeof ${camel}Settings>;
`,

    'src/server/items.ts': `import type { ModuleContext } from '@zhenxing/core';
import { asc } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateItemInputSchema } from '../index.ts';
import { items, type ItemRow } from './schema.ts';

/** What the services need: the core's context names, the same for a request, a job or a handler. */
type ItemsContext = Pick<ModuleContext, 'db' | 'access' | 'audit'>;

/** The caller's records only: ctx.access.where scopes the query to the caller's region. */
export async function listItems(context: ItemsContext): Promise<ItemRow[]> {
  return context.db.select().from(items).where(context.access.where(items.countyCode)).orderBy(asc(items.recordedOn), asc(items.id));
}

/** Records one item in the caller's county; the host runs the mutation in a transaction, the audit entry with it. */
export async function createItem(context: ItemsContext, input: z.output<typeof CreateItemInputSchema>): Promise<ItemRow> {
  const countyCode = context.access.requireCounty();
  context.access.assertRegion(countyCode);
  const [row] = await context.db.insert(items).values({ countyCode, title: input.title, recordedOn: input.recordedOn, amountFen: input.amountFen }).returning();
  const item = row as ItemRow;
  await context.audit({ action: 'item.create', regionCode: countyCode, entityType: '${id}-item', entityId: item.id, after: item });
  return item;
}
`,

    'src/server/router.ts': `import type { PluginRouterTools } from '@zhenxing/core';
import { CreateItemInputSchema, ListItemsInputSchema } from '../index.ts';
import { createItem, listItems } from './items.ts';
import type { ${pascal}Settings } from './settings.ts';

/** trpc${access}.*: one scoped query and one audited mutation. */
export const ${camel}Router = ({ router, procedure }: PluginRouterTools<${pascal}Settings>) =>
  router({
    items: router({
      list: procedure.meta({ permission: 'item.read' }).input(ListItemsInputSchema).query(({ ctx }) => listItems(ctx)),
      create: procedure.meta({ permission: 'item.manage' }).input(CreateItemInputSchema).mutation(({ ctx, input }) => createItem(ctx, input)),
    }),
  });
`,

    'src/server/demo.ts': `import type { DemoContext } from '@zhenxing/core';
import { items, type ItemRow } from './schema.ts';

const XUSHUI = '130609';

/** Synthetic records for the demo county (Xushui, 130609). */
export async function seed${pascal}Demo({ db, counties, audit }: DemoContext): Promise<void> {
  if (!counties.includes(XUSHUI)) return;
  const [row] = await db.insert(items).values({ countyCode: XUSHUI, title: '【演示】示例记录（合成）', recordedOn: '2022-06-30', amountFen: 120_000 }).returning();
  const item = row as ItemRow;
  await audit({ action: 'item.demo', regionCode: XUSHUI, entityType: '${id}-item', entityId: item.id, after: item });
}
`,

    'src/server/todos.ts': `import { defineTodo } from '@zhenxing/core';
import { and, asc, count, gte } from 'drizzle-orm';
import type { ${pascal}Permission } from '../index.ts';
import { items } from './schema.ts';

/**
 * What waits for someone, on their home page (the core's todos.list): here, records dated today or
 * later, for whoever may manage them. Replace with the module's real waiting work (a step to take,
 * a deadline coming); list through query.access like any procedure.
 */
export const ${camel}Todos = [
  defineTodo<${pascal}Permission>({
    id: 'upcoming',
    title: { 'zh-CN': '待处理记录', en: 'Records to handle' },
    permission: 'item.manage',
    href: '/${id}',
    list: async ({ db, access, today, limit }) => {
      const where = and(access.where(items.countyCode), gte(items.recordedOn, today));
      const [total] = await db.select({ n: count() }).from(items).where(where);
      const rows = await db.select().from(items).where(where).orderBy(asc(items.recordedOn), asc(items.id)).limit(limit);
      return {
        count: total?.n ?? 0,
        items: rows.map((row) => ({ key: String(row.id), label: row.title, regionCode: row.countyCode, dueOn: row.recordedOn, href: '/${id}' })),
      };
    },
  }),
];
`,

    'src/server/plugin.ts': `import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { ${camel}Module } from '../index.ts';
import { seed${pascal}Demo } from './demo.ts';
import { ${camel}Router } from './router.ts';
import { ${camel}Settings } from './settings.ts';
import { ${camel}Todos } from './todos.ts';

/** ${englishTitle}. See README.md. */
export const ${camel}Plugin = definePlugin({
  module: ${camel}Module,
  version: '0.1.0',
  dependsOn: [],
  settings: ${camel}Settings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['${pgSchema}'],
  router: ${camel}Router,
  todos: ${camel}Todos,
  demo: seed${pascal}Demo,
});

export default ${camel}Plugin;
`,

    'src/testing.ts': `import type { LeakProbes } from '@zhenxing/core';

/** One input per procedure aimed at Xushui's records; a real record exists there. */
export const leakProbes: LeakProbes = async ({ victimCounty, call }) => {
  await call('${id}.items.create', { title: '探针', recordedOn: '2022-03-01', amountFen: 100 });
  const region = { regionCode: victimCounty };
  return {
    'items.list': region,
    'items.create': { ...region, title: '越权', recordedOn: '2022-03-01', amountFen: 100 },
  };
};
`,

    'src/web/trpc.ts': `import { pluginTRPC } from '@zhenxing/ui';
import type { ${camel}Plugin } from '../server/plugin.ts';

/** Typed tRPC for the ${id} pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof ${camel}Plugin>();
`,

    'src/web/plugin.tsx': `import { AppstoreOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { ${camel}Module } from '../index.ts';

/** The web side of ${englishTitle}: one page with its nav entry. */
export const ${camel}Web = defineWebPlugin({
  module: ${camel}Module,
  icon: <AppstoreOutlined />,
  nav: [{ path: '', title: { 'zh-CN': '记录', en: 'Records' }, permission: 'item.read' }],
  routes: [{ path: '', title: { 'zh-CN': '记录', en: 'Records' }, permission: 'item.read', load: () => import('./pages/Items.tsx') }],
});
`,

    'src/web/index.ts': `/** @zhenxing/plugin-${id}/web — the admin app's pages for ${englishTitle}. */
export { ${camel}Web } from './plugin.tsx';

export { ${camel}Web as default } from './plugin.tsx';
`,

    'src/web/pages/Items.tsx': `import { useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { formatFen, useL, useRegion } from '@zhenxing/ui';
import { useTRPC } from '../trpc.ts';

/** The county's records (scoped by the server to the selected region). */
export default function Items() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const items = useQuery(trpc${access}.items.list.queryOptions({ regionCode: region.code }));
  return (
    <div data-testid="${id}-items">
      <h1 className="zx-page-title">{l('记录', 'Records')}</h1>
      <Table
        rowKey="id"
        loading={items.isFetching}
        dataSource={items.data ?? []}
        columns={[
          { key: 'recordedOn', dataIndex: 'recordedOn', title: l('日期', 'Date') },
          { key: 'title', dataIndex: 'title', title: l('名称', 'Title') },
          { key: 'amountFen', title: l('金额（元）', 'Amount (yuan)'), align: 'right', render: (_: unknown, row: { amountFen: number }) => formatFen(row.amountFen) },
        ]}
      />
    </div>
  );
}
`,

    'drizzle/0000_init.sql': `CREATE SCHEMA "${pgSchema}";
--> statement-breakpoint
CREATE TABLE "${pgSchema}"."items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"county_code" varchar(6) NOT NULL,
	"title" text NOT NULL,
	"recorded_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "items_county" ON "${pgSchema}"."items" USING btree ("county_code","recorded_on");
--> statement-breakpoint
-- The second wall: API requests run as zx_app with zx.scope set to the caller's region, so a
-- query that forgets ctx.access.where still sees only rows of the caller's counties.
GRANT USAGE ON SCHEMA "${pgSchema}" TO zx_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${pgSchema}" TO zx_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "${pgSchema}" TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "${pgSchema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zx_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA "${pgSchema}" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO zx_app;
--> statement-breakpoint
ALTER TABLE "${pgSchema}"."items" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "${pgSchema}"."items" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_scope" ON "${pgSchema}"."items" USING (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%') WITH CHECK (current_user <> 'zx_app' OR "county_code" LIKE current_setting('zx.scope', true) || '%');
`,

    'drizzle/meta/0000_snapshot.json': `${JSON.stringify(drizzleSnapshot(pgSchema), null, 2)}\n`,

    'drizzle/meta/_journal.json': `${JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: MIGRATION_WHEN, tag: '0000_init', breakpoints: true }] }, null, 2)}\n`,

    [`test/${id}.test.ts`]: `import { auditLog } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ${camel}Plugin } from '../src/server/plugin.ts';

describe('${id}: records are scoped to the county and every write is audited', () => {
  let app: TestApp<[typeof ${camel}Plugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [${camel}Plugin], enable: { '130609': ['${id}'], '130602': ['${id}'] } });
  });
  afterAll(() => app?.close());

  it('a county sees its own records and not those of its neighbour; the city sees both', async () => {
    const own = await app.as('xushui')${access}.items.create({ title: '徐水记录', recordedOn: '2022-05-01', amountFen: 1_000 });
    const neighbour = await app.as('jingxiu')${access}.items.create({ title: '竞秀记录', recordedOn: '2022-05-02', amountFen: 2_000 });
    expect(own.countyCode).toBe('130609');
    const seenByXushui = await app.as('xushui')${access}.items.list({});
    expect(seenByXushui.map((item) => item.id)).toContain(own.id);
    expect(seenByXushui.map((item) => item.id)).not.toContain(neighbour.id);
    const seenByCity = await app.as('baoding')${access}.items.list({});
    expect(seenByCity.map((item) => item.id)).toEqual(expect.arrayContaining([own.id, neighbour.id]));
  });

  it('refuses a county user writing into another county', async () => {
    await expect(app.as('xushui')${access}.items.create({ regionCode: '130602', title: '越权', recordedOn: '2022-05-01', amountFen: 1 })).rejects.toThrow();
  });

  it('audits a create with the row as written', async () => {
    const item = await app.as('xushui')${access}.items.create({ title: '审计记录', recordedOn: '2022-05-03', amountFen: 3_000 });
    const entries = await app.db.select().from(auditLog).where(and(eq(auditLog.plugin, '${id}'), eq(auditLog.entityId, String(item.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'item.create', regionCode: '130609', entityType: '${id}-item' });
  });

  it('puts records dated today or later on the county admin’s to-do list, and not on the neighbour’s', async () => {
    app.clock.set('2022-05-01T02:00:00Z');
    const item = await app.as('xushui')${access}.items.create({ title: '待办记录', recordedOn: '2022-05-10', amountFen: 1 });
    const keysOf = async (username: string) =>
      (await app.as(username).todos.list({})).find((group) => group.key === '${id}.upcoming')?.items.map((entry) => entry.key) ?? [];
    expect(await keysOf('xushui')).toContain(String(item.id));
    expect(await keysOf('jingxiu')).not.toContain(String(item.id));
  });

  it('rejects an impossible date and a negative amount at the boundary', async () => {
    await expect(app.as('xushui')${access}.items.create({ title: '日期', recordedOn: '2026-02-30', amountFen: 1 })).rejects.toThrow();
    await expect(app.as('xushui')${access}.items.create({ title: '金额', recordedOn: '2026-02-28', amountFen: -1 })).rejects.toThrow();
  });
});
`,

    // The plugin's part of the schema fingerprint (apps/server/test/migrations.test.ts).
    'test/__snapshots__/schema-fingerprint.txt': schemaFingerprint(id, pgSchema),

    'README.md': `# @zhenxing/plugin-${id} — ${englishTitle}

Scaffolded by \`pnpm zx plugin new ${id}\`: a working module to grow from. Replace the \`items\`
table, the procedures, the title (\`src/index.ts\`) and this README with the module's real content.

## Procedures (\`trpc${access}.*\`)
| procedure | permission | what |
| --- | --- | --- |
| \`items.list\` | \`item.read\` | the caller's records (scoped with \`ctx.access.where\`) |
| \`items.create\` | \`item.manage\` (county admin) | records one item in the caller's county; audited as \`item.create\` |

## Layout
- \`src/index.ts\` — the module (\`defineModule\`: id, title, permissions, events) and zod inputs
- \`src/server/\` — schema (own PostgreSQL schema \`${pgSchema}\`), services, router, to-dos (\`todos.ts\`), demo seeder, \`plugin.ts\`
- \`src/web/\` — \`defineWebPlugin\` with one nav entry and page
- \`src/testing.ts\` — leak probes for the platform's leak matrix
- \`drizzle/\` — migrations (after changing the schema: \`pnpm --filter @zhenxing/plugin-${id} db:generate\`)
- \`test/\` — the module's spec
`,
  };
}

function constantCase(id: string): string {
  return id.replaceAll('-', '_').toUpperCase();
}

/** drizzle-kit's record of the first migration, so the next `db:generate` diffs against it. */
function drizzleSnapshot(pgSchema: string) {
  const column = (name: string, type: string, notNull: boolean, extra: Record<string, unknown> = {}) => ({ name, type, primaryKey: false, notNull, ...extra });
  return {
    id: '00000000-0000-4000-8000-000000000001',
    prevId: '00000000-0000-0000-0000-000000000000',
    version: '7',
    dialect: 'postgresql',
    tables: {
      [`${pgSchema}.items`]: {
        name: 'items',
        schema: pgSchema,
        columns: {
          id: { name: 'id', type: 'bigserial', primaryKey: true, notNull: true },
          county_code: column('county_code', 'varchar(6)', true),
          title: column('title', 'text', true),
          recorded_on: column('recorded_on', 'date', true),
          amount_fen: column('amount_fen', 'bigint', true),
          created_at: column('created_at', 'timestamp with time zone', true, { default: 'now()' }),
        },
        indexes: {
          items_county: {
            name: 'items_county',
            columns: [
              { expression: 'county_code', isExpression: false, asc: true, nulls: 'last' },
              { expression: 'recorded_on', isExpression: false, asc: true, nulls: 'last' },
            ],
            isUnique: false,
            concurrently: false,
            method: 'btree',
            with: {},
          },
        },
        foreignKeys: {},
        compositePrimaryKeys: {},
        uniqueConstraints: {},
        policies: {},
        checkConstraints: {},
        isRLSEnabled: false,
      },
    },
    enums: {},
    schemas: { [pgSchema]: pgSchema },
    sequences: {},
    roles: {},
    policies: {},
    views: {},
    _meta: { columns: {}, schemas: {}, tables: {} },
  };
}

/**
 * What apps/server/test/migrations.test.ts reads back from the first migration: columns, then
 * indexes, then constraints, each group sorted by code unit as that spec sorts them. PostgreSQL
 * quotes an identifier with a hyphen (the per-owner migrations table is named after the id).
 */
function schemaFingerprint(id: string, pgSchema: string): string {
  const quoted = id.includes('-') ? `"${id}"` : id;
  const byCodeUnit = (lines: string[]) => [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const columns = [
    `${pgSchema}.items.amount_fen bigint not null`,
    `${pgSchema}.items.county_code character varying(6) not null`,
    `${pgSchema}.items.created_at timestamp with time zone not null default now()`,
    `${pgSchema}.items.id bigint not null default nextval('${pgSchema}.items_id_seq'::regclass)`,
    `${pgSchema}.items.recorded_on date not null`,
    `${pgSchema}.items.title text not null`,
    `zx_migrations.${id}.created_at bigint`,
    `zx_migrations.${id}.hash text not null`,
    `zx_migrations.${id}.id integer not null default nextval('zx_migrations.${id.includes('-') ? `"${id}_id_seq"` : `${id}_id_seq`}'::regclass)`,
  ];
  const indexes = [
    `CREATE INDEX items_county ON ${pgSchema}.items USING btree (county_code, recorded_on)`,
    `CREATE UNIQUE INDEX ${id.includes('-') ? `"${id}_pkey"` : `${id}_pkey`} ON zx_migrations.${quoted} USING btree (id)`,
    `CREATE UNIQUE INDEX items_pkey ON ${pgSchema}.items USING btree (id)`,
  ];
  const constraints = [`${pgSchema}.items PRIMARY KEY items_pkey`, `zx_migrations.${id} PRIMARY KEY ${id}_pkey`];
  return `${[...byCodeUnit(columns), ...byCodeUnit(indexes), ...byCodeUnit(constraints)].join('\n')}\n`;
}
