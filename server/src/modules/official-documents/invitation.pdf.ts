import { vietnameseDate, vietnameseTime, vietnameseWeekday } from './decree30.js';
import { BODY, CLOSING_HEIGHT, closing, heading, titleBlock } from './decree30.layout.js';
import { Sheet, mm } from './decree30.pdf.js';

/** Everything printed on a giấy mời, already looked up. */
export interface InvitationContent {
  /** The issuing body, line by line (sentence case; the heading prints it in capitals). */
  issuer: string[];
  place: string;
  signer: { authority: string; position: string; name: string };
  number: number;
  symbol: string;
  issuedAt: string;
  meeting: { title: string; startsAt: string; location: string | null; online: boolean };
  /** "đồng chí Nguyễn Văn A, Chủ tịch UBND Thành phố", or null when no chair is set. */
  chair: string | null;
  /** One line per person invited: "Đồng chí Trần Thị B, Giám đốc Sở Tài chính". */
  invitees: string[];
  /** Agenda items depth-first, numbered "1", "1.1"… */
  agenda: { label: string; title: string; presenter: string | null; depth: number }[];
}

const LAST =
  'Đề nghị các đồng chí nghiên cứu tài liệu họp trên hệ thống I-Cabinet trước cuộc họp và dự họp đầy đủ, đúng giờ./.';

/** A giấy mời laid out per Decree 30/2020/NĐ-CP, Phụ lục I (Mẫu 1.4, văn bản có tên loại). */
export async function invitationPdf(c: InvitationContent): Promise<Uint8Array> {
  const sheet = await Sheet.create(`Giấy mời ${c.number}/${c.symbol}: ${c.meeting.title}`);
  heading(sheet, c);
  titleBlock(sheet, 'GIẤY MỜI', c.meeting.title);
  body(sheet, c);
  closing(sheet, ['- Như thành phần mời;', '- Lưu: VT, VP.'], c.signer);
  return sheet.save();
}

function body(sheet: Sheet, c: InvitationContent): void {
  const issuer = c.issuer.join(' ');
  const m = c.meeting;
  if (c.invitees.length === 0) {
    sheet.text(
      `${issuer} trân trọng kính mời các đồng chí có tên trong danh sách thành phần dự họp trên hệ thống I-Cabinet tới dự cuộc họp ${m.title}.`,
      BODY,
    );
  } else {
    sheet.text(`${issuer} trân trọng kính mời:`, BODY);
    c.invitees.forEach((who, i) => {
      const end = i === c.invitees.length - 1 ? '.' : ';';
      sheet.text(`- ${who}${end}`, BODY);
    });
    sheet.text(`Tới dự cuộc họp: ${m.title}.`, BODY);
  }
  if (c.chair) sheet.text(`Chủ trì: ${c.chair}.`, BODY);
  sheet.text(
    `Thời gian: vào lúc ${vietnameseTime(m.startsAt)}, ${vietnameseWeekday(m.startsAt)}, ${vietnameseDate(m.startsAt)}.`,
    BODY,
  );
  const where =
    m.location ?? (m.online ? 'trực tuyến trên hệ thống I-Cabinet' : 'Văn phòng sẽ thông báo sau');
  sheet.text(`Địa điểm: ${where}.`, BODY);
  if (c.agenda.length) {
    sheet.text('Nội dung:', BODY);
    for (const item of c.agenda) {
      const presenter = item.presenter ? ` (trình bày: ${item.presenter})` : '';
      sheet.text(`${item.label}. ${item.title}${presenter}.`, {
        ...BODY,
        indent: mm(10) + item.depth * mm(8),
      });
    }
  }
  // The last paragraph stays on the page of the signature, which never stands alone.
  sheet.ensure(sheet.measure(LAST, BODY) + CLOSING_HEIGHT);
  sheet.text(LAST, BODY);
}
