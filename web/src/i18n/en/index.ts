import type { Messages } from '../vi';
import { shell } from './shell';
import { auth } from './auth';
import { admin } from './admin';
import { meetings } from './meetings';
import { documents } from './documents';
import { room } from './room';
import { invitations } from './invitations';
import { annotations } from './annotations';
import { security } from './security';
import { votes } from './votes';
import { minutes } from './minutes';
import { opinions } from './opinions';
import { sites } from './sites';
import { questions } from './questions';
import { offline } from './offline';
import { viewers } from './viewers';
import { kiosk } from './kiosk';
import { conclusions } from './conclusions';
import { signatures } from './signatures';
import { integrations } from './integrations';
import { reports } from './reports';
import { tasks } from './tasks';

/** English interface text. Typed as `Messages` so a missing or extra key fails the build. */
export const en: Messages = {
  ...shell,
  ...auth,
  ...admin,
  ...meetings,
  ...documents,
  ...room,
  ...invitations,
  ...annotations,
  ...security,
  ...votes,
  ...minutes,
  ...opinions,
  ...sites,
  ...questions,
  ...offline,
  ...viewers,
  ...kiosk,
  ...conclusions,
  ...signatures,
  ...integrations,
  ...reports,
  ...tasks,
};
