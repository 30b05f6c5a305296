/**
 * One-off repair for issue 11: before the fix, `members.update` filled every field the request did
 * not send with its create-time default (无残疾, 无大病, empty health note, 非在校, 无业), and the
 * household history recorded those resets as if the user had made them.
 *
 * What the history lets us detect: a `member.update` entry that set one or more defaulted fields
 * of a member to their default value TOGETHER WITH a change of some other field. Since the admin
 * app sends only the fields the user changed, the other field is what was sent and the defaulted
 * ones are the resets. Such a field is restored to the value the entry replaced, unless the field
 * was changed again later (any later history entry naming it — a later edit, an import, or an
 * earlier run of this repair) or its stored value is no longer the default: a later decision by a
 * person always wins, and a second run restores nothing.
 *
 * Not decidable from the history, so reported for review and never changed: an entry whose every
 * change is a defaulted field set to its default (two or more of them) — one of them was sent, but
 * which one is unknown.
 *
 * Every restoration writes a `member.repair` history entry (field → [default, restored value]) and
 * one core audit entry per member (field names and the history entry repaired; the values stay in
 * the registry's own history, like `member.update`'s audit entry).
 */
import type { Executor } from '@zhenxing/db';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { MemberInputSchema, MemberPatchSchema } from '../index.ts';
import { writeHistory, type Changes } from './history.ts';
import { householdHistory, members } from './schema.ts';

/** The fields a missing value used to fill, with the value it filled — read from the create schema. */
export const MEMBER_FIELD_DEFAULTS: Readonly<Record<string, unknown>> = Object.fromEntries(
  Object.entries(MemberInputSchema.shape).flatMap(([field, schema]) => {
    const parsed = schema.safeParse(undefined);
    return parsed.success && parsed.data !== undefined ? [[field, parsed.data]] : [];
  }),
);

export interface ResetField {
  field: string;
  /** The value the reset replaced (what the repair restores). */
  before: unknown;
  /** The default it was reset to. */
  reset: unknown;
  outcome: 'restored' | 'would-restore' | 'changed-later' | 'value-differs' | 'not-restorable';
}

export interface MemberResetFinding {
  historyId: number;
  at: string;
  username: string | null;
  countyCode: string;
  villageCode: string;
  householdId: number;
  memberId: number;
  /** The fields the entry changed that were not resets (what the user sent). */
  sent: string[];
  resets: ResetField[];
}

export interface AmbiguousReset {
  historyId: number;
  at: string;
  countyCode: string;
  householdId: number;
  memberId: number;
  /** Every change set a defaulted field to its default; one was sent, which one is unknown. */
  fields: string[];
}

export interface MemberResetReport {
  dryRun: boolean;
  /** `member.update` history entries read. */
  scanned: number;
  findings: MemberResetFinding[];
  ambiguous: AmbiguousReset[];
  /** Fields restored (or, in a dry run, that would be). */
  restoredFields: number;
  /** Members with at least one field restored (or that would have). */
  restoredMembers: number;
}

export interface RepairOptions {
  dryRun: boolean;
  /** Only history entries at or before this instant (the moment the fixed version went live). */
  until?: Date | undefined;
  /** Only this county. */
  countyCode?: string | undefined;
  now: Date;
  /** Recorded as the history entries' user. */
  username: string;
  /** Appends a core audit entry in the caller's transaction (plugin `registry`). */
  audit: (entry: { action: string; regionCode: string; entityType: string; entityId: number; before?: unknown; after?: unknown }) => Promise<void>;
}

const same = (left: unknown, right: unknown) => JSON.stringify(left ?? null) === JSON.stringify(right ?? null);
const MEMBER_KEY = /^member:(\d+)\.(\w+)$/;

/**
 * Finds member resets in the history and (unless `dryRun`) restores them. Run it in one transaction
 * (the CLI does): either every restoration and its audit entry lands, or none.
 */
export async function repairMemberResets(db: Executor, options: RepairOptions): Promise<MemberResetReport> {
  const entries = await db
    .select()
    .from(householdHistory)
    .where(
      and(
        eq(householdHistory.action, 'member.update'),
        options.until ? lte(householdHistory.at, options.until) : undefined,
        options.countyCode ? eq(householdHistory.countyCode, options.countyCode) : undefined,
      ),
    )
    .orderBy(asc(householdHistory.id));

  const findings: MemberResetFinding[] = [];
  const ambiguous: AmbiguousReset[] = [];
  for (const entry of entries) {
    const byMember = new Map<number, Changes>();
    for (const [key, change] of Object.entries(entry.changes)) {
      const match = MEMBER_KEY.exec(key);
      if (!match) continue;
      const memberId = Number(match[1]);
      const changes = byMember.get(memberId) ?? {};
      changes[match[2] as string] = change;
      byMember.set(memberId, changes);
    }
    for (const [memberId, changes] of byMember) {
      const resets: ResetField[] = [];
      const sent: string[] = [];
      for (const [field, [before, after]] of Object.entries(changes)) {
        if (field in MEMBER_FIELD_DEFAULTS && same(after, MEMBER_FIELD_DEFAULTS[field]) && !same(before, after)) {
          resets.push({ field, before, reset: after, outcome: 'not-restorable' });
        } else {
          sent.push(field);
        }
      }
      if (resets.length === 0) continue;
      const base = { historyId: entry.id, at: entry.at.toISOString(), countyCode: entry.countyCode, householdId: entry.householdId, memberId };
      if (sent.length === 0) {
        if (resets.length > 1) ambiguous.push({ ...base, fields: resets.map((reset) => reset.field) });
        continue;
      }
      findings.push({ ...base, username: entry.username, villageCode: entry.villageCode, sent, resets });
    }
  }

  let restoredFields = 0;
  let restoredMembers = 0;
  for (const finding of findings) {
    const [current] = await db.select().from(members).where(eq(members.id, finding.memberId));
    const later = await db
      .select({ changes: householdHistory.changes })
      .from(householdHistory)
      .where(
        and(
          eq(householdHistory.countyCode, finding.countyCode),
          gt(householdHistory.id, finding.historyId),
          sql`${householdHistory.changes}::text like ${`%"member:${finding.memberId}.%`}`,
        ),
      );
    const changedLater = new Set(later.flatMap((row) => Object.keys(row.changes)));
    const restore: Record<string, unknown> = {};
    for (const reset of finding.resets) {
      const valid =
        (MemberPatchSchema.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>)[reset.field]?.safeParse(reset.before).success ?? false;
      if (!current || !valid) reset.outcome = 'not-restorable';
      else if (changedLater.has(`member:${finding.memberId}.${reset.field}`)) reset.outcome = 'changed-later';
      else if (!same((current as Record<string, unknown>)[reset.field], reset.reset)) reset.outcome = 'value-differs';
      else {
        reset.outcome = options.dryRun ? 'would-restore' : 'restored';
        restore[reset.field] = reset.before;
      }
    }
    const fields = Object.keys(restore);
    if (fields.length === 0 || !current) continue;
    restoredFields += fields.length;
    restoredMembers += 1;
    if (options.dryRun) continue;
    await db
      .update(members)
      .set(restore as Partial<typeof members.$inferInsert>)
      .where(eq(members.id, current.id));
    const changes: Changes = Object.fromEntries(
      fields.map((field) => [`member:${current.id}.${field}`, [MEMBER_FIELD_DEFAULTS[field] ?? null, restore[field]] as [unknown, unknown]]),
    );
    await writeHistory(
      db,
      [{ householdId: current.householdId, countyCode: current.countyCode, villageCode: current.villageCode, action: 'member.repair', changes }],
      options.now,
      options.username,
    );
    await options.audit({
      action: 'member.repair',
      regionCode: current.villageCode,
      entityType: 'member',
      entityId: current.id,
      after: { fields, repairs: 'member-reset', historyId: finding.historyId, issue: 11 },
    });
  }
  return { dryRun: options.dryRun, scanned: entries.length, findings, ambiguous, restoredFields, restoredMembers };
}

/** The report as the CLI prints it: one line per finding and per ambiguous entry, then a summary. */
export function formatMemberResetReport(report: MemberResetReport): string[] {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const resets = finding.resets.map((reset) => `${reset.field} ${JSON.stringify(reset.reset)}→${JSON.stringify(reset.before)} ${reset.outcome}`).join('; ');
    lines.push(
      `history #${finding.historyId} (${finding.at}, ${finding.username ?? '—'}) member ${finding.memberId} of household ${finding.householdId}: sent ${finding.sent.join(', ')}; ${resets}`,
    );
  }
  for (const entry of report.ambiguous) {
    lines.push(
      `history #${entry.historyId} (${entry.at}) member ${entry.memberId} of household ${entry.householdId}: REVIEW BY HAND — ${entry.fields.join(', ')} all set to their defaults; which one was sent is unknown`,
    );
  }
  const verb = report.dryRun ? 'would restore' : 'restored';
  lines.push(
    `${report.scanned} member.update entries read; ${report.findings.length} with resets; ${verb} ${report.restoredFields} field(s) of ${report.restoredMembers} member(s); ${report.ambiguous.length} entr${report.ambiguous.length === 1 ? 'y' : 'ies'} to review by hand${report.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  return lines;
}
