import { seedPluginDemo, verifyAuditChains, type AnyPlugin } from '@zhenxing/core';
import { personalFieldKind, REDACTED } from '@zhenxing/rules';
import { createTestApp, STANDARD_USERS, type TestApp } from '@zhenxing/testing';
import { auditLog, queryRows } from '@zhenxing/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapLogger } from '../src/logger.ts';
import { installedPlugins } from '../src/plugins.ts';
import { collectProbes, DUTY_USERS, invoke, procedures, VICTIM_COUNTY, type Caller } from './support/procedure-probes.ts';

/**
 * The PII matrix: on demo-like data (every plugin's demo seed, the leak probes' records and a
 * department comparison that raises health signals), every query procedure and every export of
 * every installed plugin and of the core is called as each user WITHOUT registry.pii.view —
 * province, city, inspector and the duty roles, found by their permissions, so new roles are
 * covered too. No answer (nor error) may contain a seeded ID number or any 18-character string
 * shaped like one, a seeded birth date (YYYY-MM-DD or YYYYMMDD), a seeded health note or illness,
 * and no field named as health or birth data (the rules' personalFieldKind) may carry a value.
 */
const PII_PERMISSION = 'registry.pii.view';
const ID_NUMBER_SHAPE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
/** A distinctive out-of-pocket spending the medical-insurance file reports (yuan), as fen and as yuan. */
const OUT_OF_POCKET_YUAN = '98765.43';
const OUT_OF_POCKET_FEN = '9876543';

interface Secrets {
  idNumbers: Set<string>;
  birthDates: Set<string>;
  healthTexts: Set<string>;
}

/** Values of health or birth fields that show nothing: hidden, empty, or the healthHidden flag. */
function isHiddenValue(value: unknown): boolean {
  if (value === null || value === undefined || value === REDACTED || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every(isHiddenValue);
  return false;
}

/** Paths of fields named as personal health or birth data that carry a value, and ID numbers in clear. */
function personalFieldsShown(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => personalFieldsShown(item, `${path}[${index}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const kind = personalFieldKind(key);
    if ((kind === 'health' || kind === 'birth-date') && !isHiddenValue(inner)) return [`${path}.${key} = ${JSON.stringify(inner)}`];
    return personalFieldsShown(inner, `${path}.${key}`);
  });
}

function leaksIn(text: string, secrets: Secrets): string[] {
  const found: string[] = [];
  const shaped = ID_NUMBER_SHAPE.exec(text);
  if (shaped) found.push(`an ID-number-shaped string ${shaped[0]}`);
  for (const idNumber of secrets.idNumbers) if (text.includes(idNumber)) found.push(`the ID number ${idNumber}`);
  for (const day of secrets.birthDates) if (text.includes(day) || text.includes(day.replaceAll('-', ''))) found.push(`the birth date ${day}`);
  for (const health of secrets.healthTexts) if (text.includes(health)) found.push(`the health detail ${health}`);
  if (text.includes(OUT_OF_POCKET_FEN) || text.includes(OUT_OF_POCKET_YUAN)) found.push('the reported out-of-pocket medical spending');
  return found;
}

describe('PII matrix: no reader without registry.pii.view gets personal data', () => {
  let app: TestApp<typeof installedPlugins>;
  let probes: Map<string, unknown>;
  let secrets: Secrets;
  /** The medical-insurance file (CSV) that raises a health signal for a seeded ill member. */
  let medical: Buffer;
  const plugins: readonly AnyPlugin[] = installedPlugins;
  /** What the matrix looked at, to show that it saw real records. */
  const seen = { answers: 0, maskedIdNumbers: 0, ages: 0, hiddenHealth: 0 };

  /** Every line the host logged (demo seed, jobs, events, plugins) through the server's logger and its redaction. */
  const logLines: string[] = [];
  const logger = bootstrapLogger('info', { write: (line: string) => logLines.push(line) });

  beforeAll(async () => {
    app = await createTestApp({ plugins: installedPlugins, enable: {}, users: [...STANDARD_USERS, ...DUTY_USERS], logger });
    const counties = [VICTIM_COUNTY, '130602'];
    for (const county of counties) for (const plugin of app.host.plugins) await app.enable(county, plugin.id);
    // The demo seed, as bootstrap's seedDemo runs it, at a small scale.
    for (const plugin of app.host.plugins) await seedPluginDemo(app.host, plugin, { counties, seed: 2022, households: 12, logger });
    probes = await collectProbes(app, plugins);

    // A medical-insurance comparison: a member with a serious illness spends far above the warning line.
    const [ill] = await queryRows<{ id_number: string; name: string }>(
      app.db,
      sql`select id_number, name from registry.members where county_code = ${VICTIM_COUNTY} and serious_illness <> 'none' order by id limit 1`,
    );
    if (!ill) throw new Error('expected a seeded member with a serious illness');
    medical = Buffer.from(`\ufeff身份证号,姓名,年度累计自付费用(元),病种类别\r\n${ill.id_number},${ill.name},${OUT_OF_POCKET_YUAN},大病\r\n`, 'utf8');
    const uploadId = await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, 'medical.csv', medical);
    const compared = await app.as('xushui').registry.comparison.run({ uploadId, source: 'medical-insurance' });
    expect(compared.flagged, `the comparison raises a health signal: ${JSON.stringify(compared)}`).toBeGreaterThan(0);
    await app.settle();

    const people = await queryRows<{ id_number: string; birth_date: string; health_note: string }>(
      app.db,
      sql`select id_number, birth_date::text as birth_date, health_note from registry.members`,
    );
    secrets = {
      idNumbers: new Set(people.map((person) => person.id_number)),
      birthDates: new Set(people.map((person) => person.birth_date)),
      healthTexts: new Set([...people.map((person) => person.health_note).filter((note) => note.trim().length >= 2)]),
    };
  });
  afterAll(() => app?.close());

  function readersWithoutPii(): string[] {
    return [...STANDARD_USERS, ...DUTY_USERS].map((user) => user.username).filter((username) => !app.user(username).permissions.has(PII_PERMISSION));
  }

  function check(description: string, body: unknown, text = JSON.stringify(body) ?? ''): void {
    seen.answers += 1;
    seen.maskedIdNumbers += (text.match(/\d{6}\*{8}[\dXx*]{4}/g) ?? []).length;
    seen.ages += (text.match(/"age":\d+/g) ?? []).length;
    seen.hiddenHealth += (text.match(/"healthHidden":true/g) ?? []).length;
    expect(leaksIn(text, secrets), description).toEqual([]);
    expect(personalFieldsShown(body), description).toEqual([]);
  }

  async function callAndCheck(caller: Caller, path: string, input: unknown, description: string): Promise<unknown> {
    const answer = await invoke(caller, path, input).then(
      (value) => value,
      (error: unknown) => ({ refused: error instanceof Error ? { message: error.message, ...(error as unknown as Record<string, unknown>) } : String(error) }),
    );
    check(description, answer);
    return answer;
  }

  it('covers the province, city and inspector readers and the duty roles, and the data holds secrets', () => {
    expect(readersWithoutPii()).toEqual(expect.arrayContaining(['province', 'baoding', 'inspector', 'sysadmin', 'secadmin', 'auditor']));
    expect(readersWithoutPii()).not.toContain('juwei');
    expect(secrets.idNumbers.size).toBeGreaterThan(10);
    expect(secrets.healthTexts.size).toBeGreaterThan(1);
  });

  it('answers every query procedure without an ID number, birth date or health detail', async () => {
    for (const username of readersWithoutPii()) {
      const caller = app.as(username) as unknown as Caller;
      for (const [path, procedure] of procedures(app)) {
        if (procedure._def.type !== 'query' || !probes.has(path)) continue;
        await callAndCheck(caller, path, probes.get(path), `${path} as ${username}`);
      }
    }
    // The matrix saw real people: masked ID numbers, ages instead of birth dates, hidden health data.
    expect(seen.maskedIdNumbers).toBeGreaterThan(0);
    expect(seen.ages).toBeGreaterThan(0);
    expect(seen.hiddenHealth).toBeGreaterThan(0);
  });

  it('searches the audit log without ID numbers, birth dates or health details in it', async () => {
    for (const username of readersWithoutPii()) {
      const caller = app.as(username) as unknown as Caller;
      for (const regionCode of [VICTIM_COUNTY, app.user(username).scopeCode]) {
        for (let page = 1; page <= 5; page += 1) {
          const answer = (await callAndCheck(
            caller,
            'audit.search',
            { regionCode, page, pageSize: 200 },
            `audit.search ${regionCode} p${page} as ${username}`,
          )) as { rows?: unknown[] };
          if (!answer.rows || answer.rows.length < 200) break;
        }
      }
    }
  });

  it('stores no ID number, birth date or health detail in the audit log at all, and its chains still verify', async () => {
    const rows = await app.db.select().from(auditLog);
    expect(rows.length).toBeGreaterThan(0);
    check('core.audit_log at rest', rows);
    expect((await verifyAuditChains(app.db)).problems).toEqual([]);
  });

  it('exports every list without ID numbers, birth dates or health details (CSV decoded)', async () => {
    const exports = procedures(app).filter(([path, procedure]) => procedure._def.type === 'mutation' && /(^|\.)export\w*$/.test(path) && probes.has(path));
    expect(exports.map(([path]) => path)).toContain('registry.households.export');
    for (const username of readersWithoutPii()) {
      const caller = app.as(username) as unknown as Caller;
      for (const [path] of exports) {
        const input = { ...(probes.get(path) as Record<string, unknown>), format: 'csv' };
        const answer = (await callAndCheck(caller, path, input, `${path} as ${username}`)) as { contentBase64?: string };
        if (answer.contentBase64) check(`${path} file as ${username}`, null, Buffer.from(answer.contentBase64, 'base64').toString('utf8'));
      }
    }
  });

  it('shows department health signals without the member’s health figures to those readers', async () => {
    let shown = 0;
    for (const username of readersWithoutPii()) {
      const reader = app.user(username);
      if (!reader.permissions.has('monitoring.case.read') || !VICTIM_COUNTY.startsWith(reader.scopeCode)) continue;
      const signals = (await app.as(username).monitoring.signals.list({ regionCode: VICTIM_COUNTY })) as {
        source: string;
        evidence: Record<string, unknown>;
      }[];
      const department = signals.filter((signal) => signal.source === 'department');
      expect(department.length, `department signals shown to ${username}`).toBeGreaterThan(0);
      for (const signal of department) expect(signal.evidence, username).toMatchObject({ healthHidden: true });
      shown += 1;
    }
    expect(shown, 'readers without the PII permission who may read signals').toBeGreaterThanOrEqual(3);
    // The county admin, who holds the permission, still sees the evidence.
    const own = (await app.as('xushui').monitoring.signals.list({ regionCode: VICTIM_COUNTY })) as {
      source: string;
      summary: string;
      evidence: Record<string, unknown>;
    }[];
    expect(own.find((signal) => signal.source === 'department')?.evidence).toHaveProperty('record');
  });

  it('answers a department comparison without the member’s health figures to a comparer lacking registry.pii.view', async () => {
    // A county role given department.compare but not the PII permission (a custom grant).
    const user = app.user('xushui');
    const comparer = app.host.createCaller({
      user: { ...user, permissions: new Set([...user.permissions].filter((permission) => permission !== PII_PERMISSION)) },
      csrfVerified: true,
    }) as unknown as Caller;
    const uploadId = await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, 'medical.csv', medical);
    const answer = (await callAndCheck(
      comparer,
      'registry.comparison.run',
      { uploadId, source: 'medical-insurance' },
      'registry.comparison.run without registry.pii.view',
    )) as { flagged?: number; signals?: { healthHidden?: boolean; reasons: unknown[] }[] };
    expect(answer.flagged, JSON.stringify(answer)).toBeGreaterThan(0);
    expect(answer.signals?.length).toBeGreaterThan(0);
    for (const signal of answer.signals ?? []) expect(signal).toMatchObject({ healthHidden: true, reasons: [] });
    await app.settle();
  });

  it('logs no ID number, birth date or health detail: the host’s log of the whole matrix plus a failed statement that quotes one', async () => {
    await app.settle();
    // A database error that quotes a seeded ID number, logged the way the event bus logs a failed handler.
    const idNumber = [...secrets.idNumbers][0] as string;
    const failure = await queryRows(app.db, sql`select ${idNumber}::integer`).then(
      () => null,
      (error: unknown) => error,
    );
    expect(String((failure as { cause?: unknown })?.cause ?? failure)).toContain(idNumber);
    logger.error({ event: 'registry.risk-signal', plugin: 'monitoring', err: failure }, 'event handler failed');
    expect(logLines.length, 'the host logged something to check').toBeGreaterThan(0);
    expect(leaksIn(logLines.join(''), secrets)).toEqual([]);
  });
});
