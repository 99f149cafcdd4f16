import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import {
  MeetingSitesInput,
  SiteReportInput,
  SiteUpdateInput,
  type BriefingRollup,
  type MySite,
  type SiteImportResult,
  type SiteReport,
  type SiteView,
} from '../../schemas/site.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });
const SiteReportParams = z.object({ id: Id, siteId: Id });

/** /api/sites: the sites (điểm cầu) of online briefings, a city → district → commune tree. */
export const sitesContract = {
  list: endpoint<{ items: SiteView[] }>()({
    method: 'GET',
    path: '/sites',
    summary: 'Every site, parents before children (for the admin tree and the briefing site picker).',
  }),
  mine: endpoint<{ items: MySite[] }>()({
    method: 'GET',
    path: '/sites/mine',
    summary: 'The sites the caller operates, each with the briefings it is linked to.',
  }),
  importCsv: endpoint<SiteImportResult>()({
    method: 'POST',
    path: '/sites/import',
    summary: 'Imports sites from a CSV file (all or nothing; every bad line and column is reported).',
    request: 'csv',
    errors: ['forbidden', 'payload_too_large', 'unsupported_media_type'],
  }),
  update: endpoint<{ site: SiteView }>()({
    method: 'PATCH',
    path: '/sites/:id',
    summary: "Edits a site's name, operator, expected delegates, conference link (optimistic: `version`).",
    params: IdParams,
    body: SiteUpdateInput,
    errors: ['forbidden', 'conflict', 'not_found'],
  }),
} as const;

/** /api/meetings/:id/sites: the sites linked to an online briefing, their roll-call and live roll-up. */
export const briefingContract = {
  sites: endpoint<BriefingRollup>()({
    method: 'GET',
    path: '/meetings/:id/sites',
    summary: 'The linked sites with their live standing and roll-call, rolled up by district.',
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  link: endpoint<BriefingRollup>()({
    method: 'PUT',
    path: '/meetings/:id/sites',
    summary:
      'Sets the linked sites of an online meeting (optionally with every site under each); operators become observers and are invited.',
    params: IdParams,
    body: MeetingSitesInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  report: endpoint<{ report: SiteReport }>()({
    method: 'POST',
    path: '/meetings/:id/sites/:siteId/report',
    summary: "The site operator's roll-call: delegates present and who is absent.",
    params: SiteReportParams,
    body: SiteReportInput,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
} as const;
