/**
 * Policy parameter sets as governed data (issue 18). The rules stay pure: they receive a
 * `ParameterSet`; this module reads the published sets from `core.parameter_sets` and hands module
 * code a synchronous lookup (`ctx.parameters`), so a province can publish next year's numbers
 * without a code release. The sets shipped with the rules are the seeds.
 */
import { parameterSets, type DatabaseHandle, type Executor } from '@zhenxing/db';
import { addDays, CalendarDateSchema, defaultParameterSets, isInForce, ParameterSetSchema, type CalendarDateInput, type ParameterSet } from '@zhenxing/rules';
import { and, asc, eq, max, sql } from 'drizzle-orm';
import { ZxError } from './errors.ts';
import { provinceOf } from './regions.ts';

/** What module code sees as `ctx.parameters`: the published sets, as of the context's creation. */
export interface ParameterLookup {
  /**
   * The set in force on `date` (an instant counts on its Asia/Shanghai day) in the province of
   * `regionCode` (any region code; its first two digits). Throws `no-parameters-in-force` (zh/en)
   * when no published set covers that day.
   */
  inForce(regionCode: string, date: CalendarDateInput): ParameterSet;
  /** The same, or null when no published set covers that day. */
  find(regionCode: string, date: CalendarDateInput): ParameterSet | null;
  /** A published set by its version (to replay a decision under it); throws `not-found`. */
  byVersion(version: string): ParameterSet;
  /** The province's published sets, oldest first, each with its period. */
  published(regionCode: string): readonly ParameterSet[];
}

export function noParametersInForce(provinceCode: string, date: string, known: readonly ParameterSet[]): ZxError {
  const first = known[0];
  return new ZxError(
    'PRECONDITION_FAILED',
    'no-parameters-in-force',
    {
      'zh-CN':
        `${date} 在省份 ${provinceCode} 没有生效的政策参数。` +
        (first ? `最早的参数版本 ${first.version} 自 ${first.effectiveFrom} 起生效。` : '该省尚无已发布的参数版本。') +
        '请省级管理员发布覆盖该日期的参数版本。',
      en:
        `No policy parameters are in force for province ${provinceCode} on ${date}. ` +
        (first ? `The first parameter set, ${first.version}, is in force from ${first.effectiveFrom}. ` : 'This province has no published parameter set. ') +
        'Ask the province administrator to publish a set covering this date.',
    },
    { provinceCode, date, firstInForceFrom: first?.effectiveFrom ?? null },
  );
}

const unknownVersion = (version: string) =>
  new ZxError('NOT_FOUND', 'not-found', {
    'zh-CN': `未找到已发布的参数版本 ${version}。`,
    en: `No published parameter set has the version ${version}.`,
  });

/** A lookup over published sets (oldest first per province, periods filled in). */
export function lookupOver(sets: readonly ParameterSet[]): ParameterLookup {
  const ofProvince = (regionCode: string) => sets.filter((set) => set.provinceCode === provinceOf(regionCode));
  return {
    inForce(regionCode, date) {
      const day = CalendarDateSchema.parse(date);
      const province = ofProvince(regionCode);
      const found = province.find((set) => isInForce(set, day));
      if (!found) throw noParametersInForce(provinceOf(regionCode), day, province);
      return found;
    },
    find(regionCode, date) {
      const day = CalendarDateSchema.parse(date);
      return ofProvince(regionCode).find((set) => isInForce(set, day)) ?? null;
    },
    byVersion(version) {
      const found = sets.find((set) => set.version === version);
      if (!found) throw unknownVersion(version);
      return found;
    },
    published: ofProvince,
  };
}

export type ParameterSetRow = typeof parameterSets.$inferSelect;

/**
 * The parameter sets of published rows: each runs from its `effective_from` to the day before the
 * next published set of its province starts; the last is open-ended. Periods therefore never
 * overlap and never leave a gap, and publishing a new set never changes a stored row.
 */
export function materialize(rows: readonly ParameterSetRow[]): ParameterSet[] {
  const published = rows
    .filter((row) => row.status === 'published' && row.effectiveFrom !== null)
    .sort((left, right) => left.provinceCode.localeCompare(right.provinceCode) || (left.effectiveFrom ?? '').localeCompare(right.effectiveFrom ?? ''));
  return published.map((row, index) => {
    const next = published[index + 1];
    const effectiveUntil = next && next.provinceCode === row.provinceCode ? addDays(next.effectiveFrom as string, -1) : null;
    return asParameterSet(row, row.effectiveFrom as string, effectiveUntil);
  });
}

/** A row as a rules ParameterSet (validated), with the period given. */
export function asParameterSet(row: ParameterSetRow, effectiveFrom: string, effectiveUntil: string | null): ParameterSet {
  return ParameterSetSchema.parse({ ...row.values, version: row.version, provinceCode: row.provinceCode, effectiveFrom, effectiveUntil });
}

/**
 * The in-process cache of published sets behind every context's `ctx.parameters`. Loaded once,
 * then reused until a publish on this instance invalidates it (after its commit) or `ttlMs` passes
 * (other instances' publishes; a set is published for tomorrow at the earliest, so a short delay
 * never changes a decision).
 */
export class ParameterStore {
  private cached: { at: number; lookup: ParameterLookup } | null = null;
  private loading: Promise<ParameterLookup> | null = null;
  private generation = 0;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly ttlMs = 30_000,
  ) {}

  /**
   * The lookup for a context about to start. On a cache miss it reads through `db` (default: the
   * host's database, outside any transaction; inside a transaction pass it, or PGlite would wait
   * for itself).
   */
  async snapshot(db: Executor = this.database.db): Promise<ParameterLookup> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.lookup;
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = this.load(db).then((lookup) => {
      if (generation === this.generation) this.cached = { at: Date.now(), lookup };
      return lookup;
    });
    this.loading = loading;
    try {
      return await loading;
    } finally {
      if (this.loading === loading) this.loading = null;
    }
  }

  /** Forget the cached sets (after a publish commits); a load already under way is not kept. */
  invalidate(): void {
    this.generation += 1;
    this.cached = null;
    this.loading = null;
  }

  async load(db: Executor): Promise<ParameterLookup> {
    const rows = await db.select().from(parameterSets).where(eq(parameterSets.status, 'published'));
    return lookupOver(materialize(rows));
  }
}

/** Serialises parameter-set writes of one province (publish, seeding) inside their transaction. */
export async function lockProvince(db: Executor, provinceCode: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7326003, ${Number(provinceCode)})`);
}

/** Who seeded a set, in its own row (seeding is bootstrap, like a migration: not an audit entry). */
const SEED_ACTOR = 'system:parameters.seed';

/**
 * Publishes the seeds (the rules' `defaultParameterSets`) that the store does not hold yet, oldest
 * first, in one transaction. A seed is added only after every published set of its
 * province, so seeding never rewrites a period a province has published. Idempotent.
 */
export async function seedParameterSets(database: DatabaseHandle, now: Date, seeds: readonly ParameterSet[] = defaultParameterSets): Promise<string[]> {
  const added: string[] = [];
  const ordered = [...seeds].sort((left, right) => left.effectiveFrom.localeCompare(right.effectiveFrom));
  await database.db.transaction(async (tx) => {
    for (const province of new Set(ordered.map((set) => set.provinceCode))) await lockProvince(tx, province);
    for (const seed of ordered) {
      const [existing] = await tx.select({ id: parameterSets.id }).from(parameterSets).where(eq(parameterSets.version, seed.version));
      if (existing) continue;
      const [latest] = await tx
        .select({ from: max(parameterSets.effectiveFrom) })
        .from(parameterSets)
        .where(and(eq(parameterSets.provinceCode, seed.provinceCode), eq(parameterSets.status, 'published')));
      if (latest?.from && latest.from >= seed.effectiveFrom) continue;
      const { version, provinceCode, effectiveFrom, effectiveUntil: _until, ...values } = seed;
      await tx.insert(parameterSets).values({
        provinceCode,
        version,
        status: 'published',
        origin: 'seed',
        effectiveFrom,
        values,
        createdByName: SEED_ACTOR,
        createdAt: now,
        updatedAt: now,
        publishedByName: SEED_ACTOR,
        publishedAt: now,
      });
      added.push(version);
    }
  });
  return added;
}

/** Every row of a province, oldest first (drafts and discarded ones too). */
export function provinceRows(db: Executor, provinceCode: string) {
  return db.select().from(parameterSets).where(eq(parameterSets.provinceCode, provinceCode)).orderBy(asc(parameterSets.id));
}

/** A province's set a what-if may run: a draft (its values, its proposed start) or a published one. */
export interface CandidateParameterSet {
  version: string;
  status: 'draft' | 'published';
  note: string | null;
  set: ParameterSet;
}

/**
 * The drafts and published sets of a province, for region-wide what-ifs run by module code (the
 * draft's values are the rules' schema-checked numbers; nothing personal). A draft whose values
 * no longer pass the schema is left out. Discarded sets never appear.
 */
export async function candidateParameterSets(db: Executor, provinceCode: string): Promise<CandidateParameterSet[]> {
  const rows = await provinceRows(db, provinceCode);
  const published = materialize(rows);
  const candidates: CandidateParameterSet[] = [];
  for (const row of rows) {
    if (row.status === 'published') {
      const set = published.find((candidate) => candidate.version === row.version);
      if (set) candidates.push({ version: row.version, status: 'published', note: row.note, set });
    } else if (row.status === 'draft') {
      const parsed = ParameterSetSchema.safeParse({
        ...row.values,
        version: row.version,
        provinceCode,
        effectiveFrom: row.effectiveFrom ?? '2000-01-01',
        effectiveUntil: null,
      });
      if (parsed.success) candidates.push({ version: row.version, status: 'draft', note: row.note, set: parsed.data });
    }
  }
  return candidates;
}
