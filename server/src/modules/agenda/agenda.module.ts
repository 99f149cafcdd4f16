import type { ServerModule } from '../module.js';
import { agendaRouter } from './agenda.router.js';

/** The agenda builder (REST); broadcasts `agenda:changed` after publication. */
export const agendaModule: ServerModule = {
  name: 'agenda',
  router: (ctx) => agendaRouter({ auth: ctx.auth, agenda: ctx.services.agenda }),
};
