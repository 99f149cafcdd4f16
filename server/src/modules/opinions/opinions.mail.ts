import { formatLongDateTime } from '@icabinet/shared';
import { html } from '../../lib/html.js';

/** What an e-mail about a request for written opinions says. */
export type OpinionMailKind = 'request' | 'reminder' | 'overdue';

export interface OpinionMailContent {
  kind: OpinionMailKind;
  recipient: { name: string; title: string | null };
  title: string;
  meetingTitle: string;
  deadline: string;
  questions: string[];
  note: string | null;
  /** The personal answer link (request, reminder); null for the secretariat's overdue list. */
  link: string | null;
  /** The reminder's lead time in words ("24 giờ"). */
  leadTime: string | null;
  /** For the secretariat: who has not answered. */
  overdue: string[];
  organisation: string;
}

const viDeadline = (iso: string) => formatLongDateTime(iso, 'vi');

export function opinionSubject(c: OpinionMailContent): string {
  switch (c.kind) {
    case 'request':
      return `Xin ý kiến: ${c.title} — hạn ${viDeadline(c.deadline)}`;
    case 'reminder':
      return `Nhắc gửi ý kiến (còn ${c.leadTime ?? ''}): ${c.title}`;
    case 'overdue':
      return `Hết hạn lấy ý kiến: ${c.title} — ${c.overdue.length} thành viên chưa gửi ý kiến`;
  }
}

const salutation = (c: OpinionMailContent) =>
  c.recipient.title ? `${c.recipient.title} ${c.recipient.name}` : c.recipient.name;

function lead(c: OpinionMailContent): string {
  switch (c.kind) {
    case 'request':
      return `${c.organisation} kính đề nghị ông/bà cho ý kiến bằng phiếu về dự thảo dưới đây (thuộc hồ sơ cuộc họp "${c.meetingTitle}").`;
    case 'reminder':
      return `Ông/bà chưa gửi ý kiến về dự thảo dưới đây; thời hạn còn khoảng ${c.leadTime ?? ''}.`;
    case 'overdue':
      return `Đã hết hạn lấy ý kiến. Các thành viên sau chưa gửi ý kiến:`;
  }
}

export function opinionText(c: OpinionMailContent): string {
  return [
    `Kính gửi: ${salutation(c)}`,
    '',
    lead(c),
    '',
    `Nội dung: ${c.title}`,
    `Hạn gửi ý kiến: ${viDeadline(c.deadline)}`,
    ...(c.note ? ['', c.note] : []),
    ...(c.kind === 'overdue'
      ? ['', ...c.overdue.map((n) => `- ${n}`)]
      : ['', 'Câu hỏi:', ...c.questions.map((q, i) => `${i + 1}. ${q}`)]),
    ...(c.link ? ['', `Gửi ý kiến tại đường dẫn riêng (không cần đăng nhập): ${c.link}`] : []),
    '',
    c.organisation,
  ].join('\n');
}

export function opinionHtml(c: OpinionMailContent): string {
  return html`<!doctype html>
    <html lang="vi">
      <body style="font-family:Arial,sans-serif;color:#1f2937;line-height:1.5">
        <p>Kính gửi: <strong>${salutation(c)}</strong></p>
        <p>${lead(c)}</p>
        <p><strong>${c.title}</strong><br />Hạn gửi ý kiến: ${viDeadline(c.deadline)}</p>
        ${c.note && html`<p>${c.note}</p>`}
        ${
          c.kind === 'overdue'
            ? html`<ul>
                ${c.overdue.map((n) => html`<li>${n}</li>`)}
              </ul>`
            : html`<ol>
                ${c.questions.map((q) => html`<li>${q}</li>`)}
              </ol>`
        }
        ${
          c.link &&
          html`<p>
            <a
              href="${c.link}"
              style="display:inline-block;background:#b91c1c;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none"
              >Gửi ý kiến</a
            >
          </p>`
        }
        <p style="color:#6b7280">${c.organisation}</p>
      </body>
    </html>`.toString();
}
