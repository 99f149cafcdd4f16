import { unitsContract as units, type BodyIn } from '@icabinet/shared';
import { call } from '../../lib/api';

/** REST calls of the units admin page (also used for the unit pickers). */
export const unitsApi = {
  list: (signal?: AbortSignal) => call(units.list, { signal }),
  create: (input: BodyIn<typeof units.create>) => call(units.create, { body: input }),
  update: (id: string, input: BodyIn<typeof units.update>) =>
    call(units.update, { params: { id }, body: input }),
};
