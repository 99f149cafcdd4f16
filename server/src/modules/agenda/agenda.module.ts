import type { ServerModule } from '../module.js';
import { AgendaService } from './agenda.service.js';
import { agendaRouter } from './agenda.router.js';

/** The agenda builder (REST); broadcasts `agenda:changed` after publication. */
export const agendaModule: ServerModule = {
  name: 'agenda',
  init(ctx) {
    ctx.services.set('agenda', new AgendaService(ctx));
  },
  router: (ctx) => agendaRouter({ auth: ctx.auth, agenda: ctx.services.get('agenda') as AgendaService }),
};
