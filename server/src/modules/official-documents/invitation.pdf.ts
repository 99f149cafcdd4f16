import { upper, vietnameseDate, vietnameseTime, vietnameseWeekday } from './decree30.js';
import { MARGIN, Sheet, TEXT_WIDTH, mm } from './decree30.pdf.js';
import { BODY, heading, type SignatureArea } from './decree30.layout.js';

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
/** The recipients and the signature block, with the space to sign. */
const CLOSING_HEIGHT = mm(58);

/** Where a digital signature's visible block goes (defined with the shared layout). */
export type { SignatureArea } from './decree30.layout.js';

/** A giấy mời laid out per Decree 30/2020/NĐ-CP, Phụ lục I (Mẫu 1.4, văn bản có tên loại). */
export async function invitationPdf(c: InvitationContent): Promise<Uint8Array> {
  return (await invitationPdfWithArea(c)).bytes;
}

/** The same, with the place of the signature (the space under the signer's position). */
export async function invitationPdfWithArea(
  c: InvitationContent,
): Promise<{ bytes: Uint8Array; signatureArea: SignatureArea }> {
  const sheet = await Sheet.create(`Giấy mời ${c.number}/${c.symbol}: ${c.meeting.title}`);
  heading(sheet, c);
  title(sheet, c);
  body(sheet, c);
  const signatureArea = closing(sheet, c);
  return { bytes: await sheet.save(), signatureArea };
}

function title(sheet: Sheet, c: InvitationContent): void {
  sheet.gap(20);
  sheet.text('GIẤY MỜI', { font: 'bold', size: 14, align: 'center', after: 2 });
  const summary = sheet.text(c.meeting.title, { font: 'bold', size: 14, align: 'center' });
  const rule = Math.min(summary.width, TEXT_WIDTH * 0.6) * 0.5;
  sheet.rule(MARGIN.left + (TEXT_WIDTH - rule) / 2, rule, 5);
  sheet.gap(16);
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

function closing(sheet: Sheet, c: InvitationContent): SignatureArea {
  let area: SignatureArea | undefined;
  sheet.gap(8);
  // The recipients and the signature stay together on one page.
  sheet.ensure(CLOSING_HEIGHT);
  sheet.columns(
    () => {
      sheet.text('Nơi nhận:', { font: 'boldItalic', size: 12, width: mm(75) });
      sheet.text('- Như thành phần mời;', { size: 11, width: mm(75) });
      sheet.text('- Lưu: VT, VP.', { size: 11, width: mm(75) });
    },
    () => {
      const col = {
        x: MARGIN.left + mm(70),
        width: TEXT_WIDTH - mm(70),
        align: 'center',
        font: 'bold',
      } as const;
      if (c.signer.authority) sheet.text(upper(c.signer.authority), { ...col, size: 14 });
      sheet.text(upper(c.signer.position), { ...col, size: 14 });
      // The space to sign: a digital signature's visible block is drawn here (modules/signatures).
      area = { page: sheet.pageIndex, x: col.x, y: sheet.y - mm(25), width: col.width, height: mm(24) };
      sheet.gap(mm(25));
      if (c.signer.name) sheet.text(c.signer.name, { ...col, size: 14 });
    },
  );
  if (!area) throw new Error('the signature block was not laid out');
  return area;
}
