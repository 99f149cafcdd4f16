import {
  briefingContract as briefing,
  sitesContract as sites,
  type BodyIn,
  type OutputOf,
} from '@icabinet/shared';
import { call, request } from '../../lib/api';

/** REST calls of the sites admin page, the site picker and the site operator's screen. */
export const sitesApi = {
  list: (signal?: AbortSignal) => call(sites.list, { signal }),
  mine: (signal?: AbortSignal) => call(sites.mine, { signal }),
  importCsv: (csv: string) =>
    request<OutputOf<typeof sites.importCsv>>(sites.importCsv.method, sites.importCsv.path, { csv }),
  update: (id: string, input: BodyIn<typeof sites.update>) =>
    call(sites.update, { params: { id }, body: input }),
  rollup: (meetingId: string, signal?: AbortSignal) =>
    call(briefing.sites, { params: { id: meetingId }, signal }),
  link: (meetingId: string, input: BodyIn<typeof briefing.link>) =>
    call(briefing.link, { params: { id: meetingId }, body: input }),
  report: (meetingId: string, siteId: string, input: BodyIn<typeof briefing.report>) =>
    call(briefing.report, { params: { id: meetingId, siteId }, body: input }),
};
