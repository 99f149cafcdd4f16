import {
  PARENT_LEVEL,
  type MySite,
  type Site,
  type SiteImportResult,
  type SiteLevel,
  type SiteUpdateInput,
  type SiteView,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors, type PendingIssue } from '../../errors.js';
import { t } from '../../i18n/messages.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { RecordNotFoundError, VersionConflictError, type SitePatch, type Store } from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';
import { parseSiteCsv, type CsvSiteRow } from './sites.csv.js';
import { orderSites, presentSites } from './sites.present.js';

const LEVEL_ORDER: Record<SiteLevel, number> = { city: 0, district: 1, commune: 2 };
const levelWord = (l: SiteLevel) => t('vi', `level_${l}`);

/** Sites (điểm cầu): the admin tree, its CSV import and edits; the operator's own sites. */
export class SitesService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every site, parents before children, Vietnamese name order among siblings. */
  async list(): Promise<SiteView[]> {
    return presentSites(this.store, orderSites(await this.store.sites.list()));
  }

  /** The sites the caller operates, with the meetings each is linked to. */
  async mine(actor: Actor): Promise<MySite[]> {
    const sites = orderSites(await this.store.sites.listByOperator(actor.user.id));
    const views = await presentSites(this.store, sites);
    const links = await this.store.sites.listLinksOfSites(sites.map((s) => s.id));
    const out: MySite[] = [];
    for (const site of views) {
      const meetings: MySite['meetings'] = [];
      for (const link of links.filter((l) => l.siteId === site.id)) {
        const m = await this.store.meetings.getById(link.meetingId);
        if (m && m.status !== 'draft')
          meetings.push({ id: m.id, title: m.title, startsAt: m.startsAt, status: m.status });
      }
      meetings.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      out.push({ site, meetings });
    }
    return out;
  }

  async importCsv(actor: Actor, text: string, ip: string): Promise<SiteImportResult> {
    requireAdmin(actor);
    const { rows, issues, columnName } = parseSiteCsv(text);
    const at = (row: CsvSiteRow, c: Parameters<typeof columnName>[0]) => ({
      line: row.line,
      column: columnName(c),
    });

    // Codes: once in the file, and not already stored.
    const firstLine = new Map<string, number>();
    const unique: CsvSiteRow[] = [];
    for (const row of rows) {
      const seen = firstLine.get(row.code);
      if (seen !== undefined) {
        issues.push({
          path: 'code',
          key: 'csv_site_duplicate_code',
          params: { code: row.code, line: seen },
          ...at(row, 'code'),
        });
        continue;
      }
      firstLine.set(row.code, row.line);
      unique.push(row);
    }
    const taken = new Set(await this.store.sites.existingCodes(unique.map((r) => r.code)));
    for (const row of unique.filter((r) => taken.has(r.code)))
      issues.push({
        path: 'code',
        key: 'csv_site_code_exists',
        params: { code: row.code },
        ...at(row, 'code'),
      });

    // Parents: in the file or stored; no loops; the level above (city ← district ← commune).
    const inFile = new Map(unique.map((r) => [r.code, r]));
    const stored = new Map((await this.store.sites.list()).map((s) => [s.code, s]));
    for (const row of unique) issues.push(...parentIssues(row, inFile, stored, at));

    // Operators: existing, active accounts.
    const operators = new Map<string, string>();
    for (const row of unique) {
      if (!row.operatorUsername) continue;
      const user = await this.store.users.getByUsername(row.operatorUsername);
      const username = row.operatorUsername;
      if (!user)
        issues.push({
          path: 'operator',
          key: 'csv_site_operator_unknown',
          params: { username },
          ...at(row, 'operator'),
        });
      else if (!user.active)
        issues.push({
          path: 'operator',
          key: 'csv_site_operator_inactive',
          params: { username },
          ...at(row, 'operator'),
        });
      else operators.set(username, user.id);
    }
    if (issues.length > 0) {
      issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      throw errors.invalid(issues, 'sites_csv_errors', { count: issues.length });
    }

    const now = this.clock.now().toISOString();
    const ids = new Map(unique.map((r) => [r.code, newId()]));
    const sites: Site[] = [...unique]
      .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level])
      .map((r) => ({
        id: ids.get(r.code) ?? newId(),
        code: r.code,
        name: r.name,
        level: r.level,
        parentId: r.parentCode ? (ids.get(r.parentCode) ?? stored.get(r.parentCode)?.id ?? null) : null,
        operatorId: r.operatorUsername ? (operators.get(r.operatorUsername) ?? null) : null,
        expectedDelegates: r.expectedDelegates,
        conferenceUrl: r.conferenceUrl,
        active: true,
        createdAt: now,
        updatedAt: now,
        version: 0,
      }));
    await this.store.transaction(async () => {
      await this.store.sites.createMany(sites);
      await this.audit.record({
        actorId: actor.user.id,
        action: 'site.imported',
        targetType: 'site',
        data: { count: sites.length, codes: sites.map((s) => s.code).slice(0, 200) },
        ip,
      });
    });
    const byLevel: Record<SiteLevel, number> = { city: 0, district: 0, commune: 0 };
    for (const s of sites) byLevel[s.level]++;
    return { imported: sites.length, byLevel };
  }

  async update(actor: Actor, id: string, input: SiteUpdateInput, ip: string): Promise<SiteView> {
    requireAdmin(actor);
    const patch: SitePatch = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.expectedDelegates !== undefined) patch.expectedDelegates = input.expectedDelegates;
    if (input.conferenceUrl !== undefined) patch.conferenceUrl = input.conferenceUrl;
    if (input.active !== undefined) patch.active = input.active;
    if (input.operatorUsername !== undefined) {
      if (input.operatorUsername === null) patch.operatorId = null;
      else {
        const username = input.operatorUsername.toLowerCase();
        const user = await this.store.users.getByUsername(username);
        if (!user || !user.active)
          throw errors.invalid(
            [{ path: 'operatorUsername', key: 'briefing_operator_unknown', params: { username } }],
            'briefing_operator_unknown',
            { username },
          );
        patch.operatorId = user.id;
      }
    }
    let site: Site;
    try {
      site = await this.store.sites.update(id, patch, input.version, this.clock.now().toISOString());
    } catch (err) {
      if (err instanceof VersionConflictError) throw errors.conflict('version_conflict');
      if (err instanceof RecordNotFoundError) throw errors.notFound('site_not_found');
      throw err;
    }
    await this.audit.record({
      actorId: actor.user.id,
      action: 'site.updated',
      targetType: 'site',
      targetId: id,
      data: { code: site.code, fields: Object.keys(patch) },
      ip,
    });
    const [view] = await presentSites(this.store, [site]);
    if (!view) throw errors.notFound('site_not_found');
    return view;
  }
}

function requireAdmin(actor: Actor): void {
  if (actor.user.systemRole !== 'admin') throw errors.forbidden();
}

/** What is wrong with a row's parent: missing, part of a loop, or not of the level above. */
function parentIssues(
  row: CsvSiteRow,
  inFile: Map<string, CsvSiteRow>,
  stored: Map<string, Site>,
  at: (row: CsvSiteRow, c: 'parent' | 'level') => { line: number; column: string },
): PendingIssue[] {
  const expected = PARENT_LEVEL[row.level];
  if (!row.parentCode) {
    return expected
      ? [
          {
            path: 'parent',
            key: 'csv_site_needs_parent',
            params: { level: levelWord(row.level) },
            ...at(row, 'parent'),
          },
        ]
      : [];
  }
  // A loop: following parents inside the file comes back to this row.
  const chain = [row.code];
  for (
    let code: string | null = row.parentCode;
    code && inFile.has(code);
    code = inFile.get(code)?.parentCode ?? null
  ) {
    if (code === row.code) {
      return [
        {
          path: 'parent',
          key: 'csv_site_parent_cycle',
          params: { code: row.code, chain: [...chain, code].join(' → ') },
          ...at(row, 'parent'),
        },
      ];
    }
    if (chain.includes(code)) break;
    chain.push(code);
  }
  const parentLevel = inFile.get(row.parentCode)?.level ?? stored.get(row.parentCode)?.level;
  if (!parentLevel)
    return [
      {
        path: 'parent',
        key: 'csv_site_parent_missing',
        params: { code: row.parentCode },
        ...at(row, 'parent'),
      },
    ];
  if (!expected) return [{ path: 'parent', key: 'csv_site_city_parent', ...at(row, 'parent') }];
  if (parentLevel !== expected) {
    const params = {
      level: levelWord(row.level),
      expected: levelWord(expected),
      parent: row.parentCode,
      actual: levelWord(parentLevel),
    };
    return [{ path: 'parent', key: 'csv_site_level_parent', params, ...at(row, 'parent') }];
  }
  return [];
}
