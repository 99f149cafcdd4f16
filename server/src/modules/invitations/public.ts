/** The invitation building blocks, for the test workspace and tools (`@icabinet/server/invitations`). */
export { buildIcs, escapeText, foldLine, localStamp, type IcsEvent } from './ics.js';
export {
  createOutboxMailer,
  createSmtpMailer,
  MailDeliveryError,
  type Mailer,
  type MailMessage,
} from '../../notify/mailer.js';
export { htmlOf, subjectOf, textOf, formatViDateTime, type MailContent, type MailKind } from './templates.js';
export {
  postWebhook,
  signWebhook,
  verifyWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WebhookError,
} from '../../notify/webhook.js';
