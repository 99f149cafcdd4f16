import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from './store-under-test.js';
import { annotationsContract } from './annotations.contract.js';
import { agendaContract, meetingsListContract, searchContract } from './agenda-search.contract.js';
import { auditContract } from './audit.contract.js';
import { documentsContract } from './documents.contract.js';
import { invitationsContract, jobsContract } from './invitations.contract.js';
import { roomContract } from './room.contract.js';
import { votesContract } from './votes.contract.js';
import { opinionsContract } from './opinions.contract.js';
import { meetingsContract, participantsContract } from './meetings.contract.js';
import { sessionsContract, unitsContract } from './units-sessions.contract.js';
import { secondFactorsContract } from './second-factors.contract.js';
import { settingsContract } from './settings.contract.js';
import { sitesContract } from './sites.contract.js';
import { officialDocumentsContract } from './official-documents.contract.js';
import { conclusionsContract } from './conclusions.contract.js';
import { tasksContract } from './tasks.contract.js';
import { signedDocumentsContract } from './signed-documents.contract.js';
import { minutesContract } from './minutes.contract.js';
import { usersContract } from './users.contract.js';
import { viewerLinksContract } from './viewers.contract.js';
import { siteQuestionsContract } from './site-questions.contract.js';
import { devicesContract } from './devices.contract.js';
import { unitsOfWorkContract } from './units-of-work.contract.js';
import { integrationsContract } from './integrations.contract.js';

/** A store opened for one test, and how to throw it away afterwards. */
export interface OpenedStore {
  store: Store;
  dispose(): Promise<void>;
}

/** Opens a fresh, empty store. */
export type StoreFactory = () => Promise<OpenedStore>;

/** Gives a test the store opened for it. */
export type CurrentStore = () => Store;

/**
 * The Store contract: every adapter must pass it unchanged. Each test gets a fresh, empty
 * store from `factory`, so counts and orderings never depend on another test.
 */
export function storeContract(adapter: string, factory: StoreFactory): void {
  describe(`Store contract: ${adapter}`, () => {
    let opened: OpenedStore | undefined;
    const current: CurrentStore = () => {
      if (!opened) throw new Error('the store for this test is not open');
      return opened.store;
    };

    beforeEach(async () => {
      opened = await factory();
    });
    afterEach(async () => {
      await opened?.dispose();
      opened = undefined;
    });

    usersContract(current);
    unitsContract(current);
    sessionsContract(current);
    secondFactorsContract(current);
    auditContract(current);
    settingsContract(current);
    meetingsContract(current);
    participantsContract(current);
    meetingsListContract(current);
    agendaContract(current);
    searchContract(current);
    documentsContract(current);
    jobsContract(current);
    invitationsContract(current);
    roomContract(current);
    votesContract(current);
    annotationsContract(current);
    opinionsContract(current);
    unitsOfWorkContract(current);
    sitesContract(current);
    officialDocumentsContract(current);
    conclusionsContract(current);
    tasksContract(current);
    signedDocumentsContract(current);
    minutesContract(current);
    viewerLinksContract(current);
    siteQuestionsContract(current);
    devicesContract(current);
    integrationsContract(current);
  });
}
