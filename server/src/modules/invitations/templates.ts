import { formatLongDateTime, formatTime } from '@icabinet/shared';
import { html } from '../../lib/html.js';

/** What an e-mail says: an invitation, an update of it, a cancellation, or a reminder. */
export type MailKind = 'invitation' | 'update' | 'cancellation' | 'reminder';

export interface MailContent {
  kind: MailKind;
  recipient: { fullName: string; title: string | null };
  meeting: {
    title: string;
    startsAt: string;
    endsAt: string;
    location: string | null;
    chairName: string | null;
    reason: string | null;
  };
  agenda: { title: string; presenter: string | null }[];
  /** The personal reply link. */
  replyUrl: string | null;
  /** For updates: what changed, in words. */
  changes: string[];
  /** Whom this invitation stands in for, when the recipient is a deputy. */
  deputyFor: string | null;
  /** The reminder's lead time, in words ("24 giờ", "1 giờ"). */
  leadTime: string | null;
  organisation: string;
}

/** Calendar clients offer Yes/No buttons; their answers reach nobody, so people are told where to reply. */
const CALENDAR_NOTE =
  'Lưu ý: nút Đồng ý/Từ chối trong lịch (Outlook, Gmail) không được ghi nhận; xin trả lời tại đường dẫn riêng.';

/** "08:00, Thứ Năm, 28/11/2024" in Asia/Ho_Chi_Minh. */
export const formatViDateTime = (iso: string): string => formatLongDateTime(iso, 'vi');

/** "08:00" in Asia/Ho_Chi_Minh. */
export const formatViTime = (iso: string): string => formatTime(iso, 'vi');

const SUBJECT_PREFIX: Record<MailKind, string> = {
  invitation: 'Giấy mời',
  update: 'Thay đổi giấy mời',
  cancellation: 'Thông báo hủy cuộc họp',
  reminder: 'Nhắc lịch họp',
};

export function subjectOf(c: MailContent): string {
  return `${SUBJECT_PREFIX[c.kind]}: ${c.meeting.title} — ${formatViDateTime(c.meeting.startsAt)}`;
}

function salutation(c: MailContent): string {
  return c.recipient.title ? `${c.recipient.title} ${c.recipient.fullName}` : c.recipient.fullName;
}

function leadParagraph(c: MailContent): string {
  switch (c.kind) {
    case 'invitation':
      return c.deputyFor
        ? `${c.organisation} trân trọng kính mời ông/bà dự cuộc họp dưới đây, thay cho ${c.deputyFor}.`
        : `${c.organisation} trân trọng kính mời ông/bà dự cuộc họp dưới đây.`;
    case 'update':
      return `${c.organisation} xin thông báo cuộc họp ông/bà được mời đã có thay đổi.`;
    case 'cancellation':
      return `${c.organisation} xin thông báo cuộc họp dưới đây đã bị hủy. Kính mong ông/bà thông cảm.`;
    case 'reminder':
      return `Cuộc họp ông/bà được mời sẽ bắt đầu sau ${c.leadTime ?? 'ít phút'}.`;
  }
}

function facts(c: MailContent): [string, string][] {
  const rows: [string, string][] = [
    ['Thời gian', `${formatViDateTime(c.meeting.startsAt)} – ${formatViTime(c.meeting.endsAt)}`],
  ];
  if (c.meeting.location) rows.push(['Địa điểm', c.meeting.location]);
  if (c.meeting.chairName) rows.push(['Chủ trì', c.meeting.chairName]);
  if (c.kind === 'cancellation' && c.meeting.reason) rows.push(['Lý do', c.meeting.reason]);
  return rows;
}

/** The plain-text body, for clients (and people) that do not read HTML. */
export function textOf(c: MailContent): string {
  const out = [`Kính gửi: ${salutation(c)}`, '', leadParagraph(c), '', c.meeting.title.toUpperCase()];
  for (const [k, v] of facts(c)) out.push(`${k}: ${v}`);
  if (c.changes.length) {
    out.push('', 'Nội dung thay đổi:');
    for (const ch of c.changes) out.push(`  - ${ch}`);
  }
  if (c.agenda.length && c.kind !== 'cancellation') {
    out.push('', 'Chương trình:');
    c.agenda.forEach((a, i) => out.push(`  ${i + 1}. ${a.title}${a.presenter ? ` (${a.presenter})` : ''}`));
  }
  if (c.replyUrl && c.kind !== 'cancellation') {
    out.push(
      '',
      'Xin ông/bà xác nhận tham dự, báo vắng hoặc cử người dự thay tại đường dẫn riêng dưới đây:',
      c.replyUrl,
      '(Đường dẫn này dành riêng cho ông/bà, xin không chuyển tiếp.)',
      CALENDAR_NOTE,
    );
  }
  out.push('', `${c.organisation}`, 'Gửi từ I-Cabinet — phòng họp không giấy.');
  return out.join('\r\n');
}

/** The HTML body: simple tables and inline styles, which every mail client renders. */
export function htmlOf(c: MailContent): string {
  const rows = facts(c).map(
    ([k, v]) =>
      html`<tr>
        <td style="padding:4px 12px 4px 0;color:#555;white-space:nowrap;vertical-align:top">${k}</td>
        <td style="padding:4px 0;font-weight:600">${v}</td>
      </tr>`,
  );
  const changes =
    c.changes.length > 0 &&
    html`<p style="margin:16px 0 4px;font-weight:600;color:#b45309">Nội dung thay đổi</p>
      <ul style="margin:0;padding-left:20px">
        ${c.changes.map((ch) => html`<li>${ch}</li>`)}
      </ul>`;
  const agenda =
    c.agenda.length > 0 &&
    c.kind !== 'cancellation' &&
    html`<p style="margin:16px 0 4px;font-weight:600">Chương trình</p>
      <ol style="margin:0;padding-left:20px">
        ${c.agenda.map(
          (a) =>
            html`<li>
              ${a.title}${a.presenter && html` <span style="color:#555">(${a.presenter})</span>`}
            </li>`,
        )}
      </ol>`;
  const button = (href: string, label: string, colour: string) =>
    html`<a
      href="${href}"
      style="display:inline-block;margin:4px 8px 4px 0;padding:12px 20px;border-radius:8px;background:${colour};color:#fff;text-decoration:none;font-weight:600"
      >${label}</a
    >`;
  const reply =
    c.replyUrl &&
    c.kind !== 'cancellation' &&
    html`<p style="margin:20px 0 8px">Xin ông/bà trả lời tại đường dẫn riêng:</p>
      <p>
        ${button(`${c.replyUrl}#attend`, 'Xác nhận tham dự', '#b91c1c')}${button(`${c.replyUrl}#decline`, 'Báo vắng', '#475569')}${button(`${c.replyUrl}#deputy`, 'Cử người dự thay', '#475569')}
      </p>
      <p style="font-size:12px;color:#666">${CALENDAR_NOTE}</p>
      <p style="font-size:12px;color:#666">
        Đường dẫn này dành riêng cho ông/bà, xin không chuyển tiếp: <a href="${c.replyUrl}">${c.replyUrl}</a>
      </p>`;
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <title>${subjectOf(c)}</title>
      </head>
      <body
        style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#1f2937"
      >
        <div style="max-width:640px;margin:0 auto;background:#fff;border-top:6px solid #b91c1c;padding:24px">
          <p style="margin:0 0 4px;font-size:13px;color:#b91c1c;font-weight:700;text-transform:uppercase">
            ${c.organisation}
          </p>
          <h1 style="margin:0 0 16px;font-size:20px">${SUBJECT_PREFIX[c.kind]}</h1>
          <p>Kính gửi: <strong>${salutation(c)}</strong></p>
          <p>${leadParagraph(c)}</p>
          <h2 style="margin:16px 0 8px;font-size:18px">${c.meeting.title}</h2>
          <table role="presentation" style="border-collapse:collapse">
            ${rows}
          </table>
          ${changes}${agenda}${reply}
          <p style="margin-top:24px;font-size:12px;color:#666">Gửi từ I-Cabinet — phòng họp không giấy.</p>
        </div>
      </body>
    </html>`.toString();
}
