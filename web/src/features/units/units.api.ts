import type { Unit, UnitCreateInput, UnitUpdateInput } from '@icabinet/shared';
import { api } from '../../lib/api';

/** REST calls of the units admin page (also used for the unit pickers). */
export const unitsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Unit[] }>('/units', { signal }),
  create: (input: UnitCreateInput) => api.post<{ unit: Unit }>('/units', { json: input }),
  update: (id: string, input: UnitUpdateInput) =>
    api.patch<{ unit: Unit }>(`/units/${encodeURIComponent(id)}`, { json: input }),
};
