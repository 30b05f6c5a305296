import type { AnyPlugin, UpdateProbe, UpdateProbes } from '@zhenxing/core';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pluginEntries, pluginTesting } from '../src/plugins.generated.ts';
import { installedPlugins } from '../src/plugins.ts';
import { invoke, probeContext, VICTIM_COUNTY, type Caller } from './support/procedure-probes.ts';

/**
 * The update contract (issue 11): an edit changes what the caller sent and nothing else.
 *
 * 1. No update input schema — of any procedure named `update…`/`patch…`/`edit…`, core or plugin, and
 *    no `…Patch…Schema`/`…Update…Schema` a plugin exports — fills a field the caller did not send
 *    (a `.default()` under `.partial()` does, in zod 4). Read from the schemas themselves.
 * 2. For every plugin update procedure, driven by its input schema: parsing the probe's bare input
 *    and the input plus one field returns exactly the keys sent; and sending one field changes only
 *    that field in the plugin's tables and in the history. Each plugin ships `updateProbes` in its
 *    `./testing` export (values to send, how to read the row and the history); an update procedure
 *    without a probe, or an optional field of its schema the probe does not exercise, fails here.
 */
const UPDATE_NAME = /^(update|patch|edit)/i;
/** Scope selector every procedure accepts, not a field of the entity. */
const SCOPE_KEYS = new Set(['regionCode']);

type ProcedureRecord = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription'; inputs?: unknown[] } }>;
type Plain = Record<string, unknown>;

/** The object schema under optional / nullable / default / pipe wrappers, if any. */
function objectOf(schema: z.ZodType): z.ZodObject | null {
  if (schema instanceof z.ZodObject) return schema;
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodReadonly
  ) {
    return objectOf(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodPipe) return objectOf(schema.in as z.ZodType);
  return null;
}

const fillsWhenAbsent = (schema: z.ZodType) => {
  const parsed = schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined;
};

/** Paths of fields that a missing value fills (defaults), at any depth. */
function filledWhenAbsent(schema: z.ZodType, path = ''): string[] {
  const object = objectOf(schema);
  if (!object) return [];
  return Object.entries(object.shape).flatMap(([key, field]) => {
    const at = path ? `${path}.${key}` : key;
    return [...(fillsWhenAbsent(field as z.ZodType) ? [at] : []), ...filledWhenAbsent(field as z.ZodType, at)];
  });
}

/** The patch fields of an update input: optional keys, and optional keys of required nested objects. */
function patchFields(schema: z.ZodType, path = ''): string[] {
  const object = objectOf(schema);
  if (!object) return [];
  return Object.entries(object.shape).flatMap(([key, field]) => {
    if (!path && SCOPE_KEYS.has(key)) return [];
    const at = path ? `${path}.${key}` : key;
    if ((field as z.ZodType).safeParse(undefined).success) return [at];
    return patchFields(field as z.ZodType, at);
  });
}

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Every key path of a plain-object tree (nested objects are listed as well as their keys). */
function keyPaths(value: unknown, path = ''): string[] {
  if (!isPlain(value)) return [];
  return Object.entries(value)
    .filter(([, inner]) => inner !== undefined)
    .flatMap(([key, inner]) => {
      const at = path ? `${path}.${key}` : key;
      return [at, ...keyPaths(inner, at)];
    })
    .sort();
}

function merge(base: Plain, extra: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(extra)) out[key] = isPlain(value) && isPlain(out[key]) ? merge(out[key] as Plain, value) : value;
  return out;
}

function inputSchemaOf(procedure: ProcedureRecord[string], path: string): z.ZodType {
  const inputs = procedure._def.inputs ?? [];
  const [schema] = inputs;
  if (inputs.length !== 1 || !(schema instanceof z.ZodType)) throw new Error(`${path}: expected one zod input schema, found ${inputs.length}`);
  return schema;
}

describe('update contract over every installed update procedure', () => {
  let app: TestApp<typeof installedPlugins>;
  const probes = new Map<string, UpdateProbe>();
  const plugins: readonly AnyPlugin[] = installedPlugins;

  beforeAll(async () => {
    app = await createTestApp({ plugins: installedPlugins, enable: {} });
    for (const plugin of app.host.plugins) await app.enable(VICTIM_COUNTY, plugin.id);
    const context = probeContext(app);
    for (const plugin of app.host.plugins) {
      const testing = ((await pluginTesting[plugin.id]?.()) ?? {}) as { updateProbes?: UpdateProbes };
      if (!testing.updateProbes) continue;
      for (const [path, probe] of Object.entries(await testing.updateProbes(context))) probes.set(`${plugin.id}.${path}`, probe);
      await app.settle();
    }
  });
  afterAll(() => app?.close());

  function updateProcedures(): [string, ProcedureRecord[string]][] {
    return Object.entries(app.host.router._def.procedures as unknown as ProcedureRecord).filter(
      ([path, procedure]) => procedure._def.type === 'mutation' && UPDATE_NAME.test(path.split('.').at(-1) ?? ''),
    );
  }
  const isPluginPath = (path: string) => plugins.some((plugin) => path.startsWith(`${plugin.id}.`));

  it('has a probe for every plugin update procedure (add it to the plugin’s src/testing.ts `updateProbes`)', () => {
    const paths = updateProcedures()
      .map(([path]) => path)
      .filter(isPluginPath);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => !probes.has(path))).toEqual([]);
    expect(
      [...probes.keys()].filter((path) => !paths.includes(path)),
      'probes for procedures that do not exist',
    ).toEqual([]);
  });

  it('no update input schema, and no patch/update schema a plugin exports, fills a field that was not sent', async () => {
    const schemas: [string, z.ZodType][] = updateProcedures().map(([path, procedure]) => [path, inputSchemaOf(procedure, path)]);
    for (const plugin of plugins) {
      const entry = ((await pluginEntries[plugin.id]?.()) ?? {}) as Plain;
      for (const [name, value] of Object.entries(entry)) {
        if (/(Patch|Update)\w*Schema$/.test(name) && value instanceof z.ZodType) schemas.push([`@zhenxing/plugin-${plugin.id} ${name}`, value]);
      }
    }
    expect(schemas.length).toBeGreaterThan(updateProcedures().length);
    const filling = schemas.flatMap(([name, schema]) => filledWhenAbsent(schema).map((field) => `${name}: ${field}`));
    expect(filling, 'fields a patch fills with a default when the caller leaves them out').toEqual([]);
  });

  it('parses a probe’s bare input and one-field inputs into exactly the keys sent', () => {
    const updates = updateProcedures().filter(([path]) => isPluginPath(path));
    expect(updates.length).toBeGreaterThan(0);
    for (const [path, procedure] of updates) {
      const probe = probes.get(path) as UpdateProbe;
      const schema = inputSchemaOf(procedure, path);
      const fields = patchFields(schema);
      expect(fields.length, `${path} has patch fields`).toBeGreaterThan(0);
      expect(
        fields.filter((field) => !(field in probe.fields)),
        `${path}: optional fields its probe never sends`,
      ).toEqual([]);
      expect(keyPaths(schema.parse(probe.input)), `${path} with nothing to change`).toEqual(keyPaths(probe.input));
      for (const [field, { send }] of Object.entries(probe.fields)) {
        const input = merge(probe.input, send);
        expect(keyPaths(schema.parse(input)), `${path} sending only ${field}`).toEqual(keyPaths(input));
      }
    }
  });

  it('sending one field changes only that field in the database and in the history', async () => {
    const updates = updateProcedures().filter(([path]) => isPluginPath(path));
    let exercised = 0;
    for (const [path] of updates) {
      const probe = probes.get(path) as UpdateProbe;
      const volatile = new Set(probe.volatile ?? []);
      for (const [field, { send, changes }] of Object.entries(probe.fields)) {
        const expected = [...(changes ?? [field.split('.').at(-1) as string])].sort();
        const before = await probe.read();
        const seen = new Set((await probe.history()).map((entry) => String(entry.id)));
        await invoke(app.as(probe.caller ?? 'xushui') as unknown as Caller, path, merge(probe.input, send));
        await app.settle();
        const after = await probe.read();
        const changed = Object.keys({ ...before, ...after })
          .filter((key) => !volatile.has(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
          .sort();
        expect(changed, `${path} sending only ${field}: stored fields changed`).toEqual(expected);
        const recorded = (await probe.history()).filter((entry) => !seen.has(String(entry.id)));
        if (expected.length === 0)
          expect(
            recorded.flatMap((entry) => entry.fields),
            `${path} sending only ${field}: history`,
          ).toEqual([]);
        else
          expect(
            recorded.map((entry) => [...entry.fields].sort()),
            `${path} sending only ${field}: history`,
          ).toEqual([expected]);
        exercised += 1;
      }
    }
    expect(exercised).toBeGreaterThanOrEqual(updates.length);
  });
});
