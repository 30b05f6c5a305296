import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, coreMigrations, queryRows, type MigrationSource } from '@zhenxing/db';
import { openTestDatabase } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

/**
 * Migration 0001 makes leader packages province data: each leader contact recorded before it (its
 * leader and members, once checked against the county's `leaderPackage` setting) becomes a package of
 * its county under the relationship's id, the relationship points at it, and new packages number on.
 */
const FOLDER = fileURLToPath(new URL('../drizzle/', import.meta.url));

describe('social assistance migration 0001: leader contacts’ packages carried over as province-managed packages', () => {
  it('creates one package per existing leader contact, links it, and keeps the sequence ahead', async () => {
    // The plugin's migrations as they were before 0001: the first file and a one-entry journal.
    const before = mkdtempSync(join(tmpdir(), 'zx-sa-0000-'));
    cpSync(FOLDER, before, { recursive: true });
    rmSync(join(before, '0001_leader_packages_purchases_project_links.sql'));
    const journal = JSON.parse(readFileSync(join(before, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((entry) => entry.tag === '0000_init');
    writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify(journal));
    const database = await openTestDatabase('social-assistance-0000', async () => {});
    try {
      const sources = (folder: string): MigrationSource[] => [coreMigrations, { owner: 'social-assistance', folder }];
      await applyMigrations(database, sources(before));
      await database.db.execute(
        sql`insert into social_assistance.organisations (id, name, kind, in_province, created_by) values (1, '迁移测试单位', 'province-department', true, 't')`,
      );
      await database.db
        .execute(sql`insert into social_assistance.relationships (county_code, system, organisation_id, start_on, responsible, leader_name, package_members, created_by) values
        ('130609', 'leader-contact', 1, '2024-01-01', '[]', '领导甲', '[{"role":"leader","name":"领导甲","organisationId":null},{"role":"province-department","organisationId":1,"name":""},{"role":"state-enterprise","organisationId":1,"name":""}]', 't'),
        ('130609', 'central-unit', 1, '2024-01-01', '[]', null, '[]', 't'),
        ('130602', 'leader-contact', 1, '2024-02-01', '[]', '领导乙', '[{"role":"leader","name":"领导乙","organisationId":null},{"role":"province-department","organisationId":1,"name":""},{"role":"state-enterprise","organisationId":1,"name":""},{"role":"university","organisationId":1,"name":""},{"role":"financial-institution","organisationId":1,"name":""}]', 't')`);
      await applyMigrations(database, sources(FOLDER));
      const packages = await queryRows<{ id: string | number; county_code: string; name: string; leader_name: string; roles: string[] }>(
        database.db,
        sql`select id, county_code, name, leader_name, roles from social_assistance.leader_packages order by id`,
      );
      expect(packages.map((row) => [Number(row.id), row.county_code, row.name, row.leader_name, row.roles])).toEqual([
        [1, '130609', '三包一', '领导甲', ['leader', 'province-department', 'state-enterprise']],
        [3, '130602', '五包一', '领导乙', ['leader', 'province-department', 'state-enterprise', 'university', 'financial-institution']],
      ]);
      const links = await queryRows<{ id: string | number; package_id: string | number | null }>(
        database.db,
        sql`select id, package_id from social_assistance.relationships order by id`,
      );
      expect(links.map((row) => [Number(row.id), row.package_id === null ? null : Number(row.package_id)])).toEqual([
        [1, 1],
        [2, null],
        [3, 3],
      ]);
      const [next] = await queryRows<{ id: string | number }>(
        database.db,
        sql`insert into social_assistance.leader_packages (county_code, name, leader_name, roles, members, start_on, created_by)
          values ('130609', '五包一', '新领导', '[]', '[]', '2026-01-01', 't') returning id`,
      );
      expect(Number(next?.id)).toBe(4);
    } finally {
      await database.close();
      rmSync(before, { recursive: true, force: true });
    }
  }, 120_000);
});
