/**
 * Notification channels, shared by every feature that tells people something: in-app
 * (stored + live), e-mail (SMTP, or the outbox folder when none is configured) and the signed
 * SMS/Zalo webhook. Invitations use all three; future features (votes, minutes, tasks) reuse them.
 */
export { InAppNotifier, type InAppMessage } from './in-app.js';
export {
  createOutboxMailer,
  createSmtpMailer,
  MailDeliveryError,
  type Mailer,
  type MailMessage,
} from './mailer.js';
export { postWebhook, WebhookError } from './webhook.js';
