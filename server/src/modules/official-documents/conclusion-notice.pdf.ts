import { vietnameseDate } from './decree30.js';
import {
  BODY,
  CLOSING_HEIGHT,
  closing,
  heading,
  titleBlock,
  type SignatureArea,
  type Signer,
} from './decree30.layout.js';
import { Sheet } from './decree30.pdf.js';

/** Everything printed on a thông báo kết luận, already looked up. */
export interface ConclusionNoticeContent {
  issuer: string[];
  place: string;
  signer: Signer;
  /** Null for a draft (preview): the number and day are left blank. */
  number: number | null;
  symbol: string;
  /** The issuing date (for a draft: now, only its year is printed). */
  issuedAt: string;
  meeting: { title: string; heldAt: string; location: string | null };
  /** "đồng chí Nguyễn Văn A, Chủ tịch UBND Thành phố", or null when no chair is set. */
  chair: string | null;
  /** "Chủ tịch UBND Thành phố Nguyễn Văn A" for the title line, or null. */
  chairTitle: string | null;
  /** Who took part, one line each ("đồng chí Trần Thị B, Giám đốc Sở Tài chính"). */
  attendees: string[];
  /** The agenda items that have conclusions, in agenda order, with their points in order. */
  items: { label: string; title: string; points: string[] }[];
}

/**
 * "phiên họp thường kỳ tháng 3" for a title that already says what kind of meeting it is
 * ("Phiên họp…", "Cuộc họp…", "Họp…", "Hội nghị…"), otherwise "cuộc họp <title>".
 */
export function meetingPhrase(title: string): string {
  if (/^(cuộc họp|phiên họp|họp|hội nghị)(\s|$)/iu.test(title)) {
    return title.charAt(0).toLocaleLowerCase('vi') + title.slice(1);
  }
  return `cuộc họp ${title}`;
}

const LAST_LINE = (issuer: string) =>
  `${issuer} thông báo để các cơ quan, đơn vị, cá nhân có liên quan biết, thực hiện./.`;

/** A thông báo kết luận laid out per Decree 30/2020/NĐ-CP, Phụ lục I (văn bản có tên loại). */
export async function conclusionNoticePdf(c: ConclusionNoticeContent): Promise<Uint8Array> {
  return (await conclusionNoticePdfWithArea(c)).bytes;
}

/** The same, with the place of the signature (the space under the signer's position). */
export async function conclusionNoticePdfWithArea(
  c: ConclusionNoticeContent,
): Promise<{ bytes: Uint8Array; signatureArea: SignatureArea }> {
  const summary = c.chairTitle
    ? `Kết luận của ${c.chairTitle} tại ${meetingPhrase(c.meeting.title)}`
    : `Kết luận tại ${meetingPhrase(c.meeting.title)}`;
  const label = c.number === null ? `Dự thảo thông báo kết luận` : `Thông báo ${c.number}/${c.symbol}`;
  const sheet = await Sheet.create(`${label}: ${c.meeting.title}`);
  heading(sheet, { ...c, draft: c.number === null });
  titleBlock(sheet, 'THÔNG BÁO', summary);
  body(sheet, c);
  const signatureArea = closing(sheet, ['- Như thành phần dự họp;', '- Lưu: VT, VP.'], c.signer);
  return { bytes: await sheet.save(), signatureArea };
}

function body(sheet: Sheet, c: ConclusionNoticeContent): void {
  const issuer = c.issuer.join(' ');
  const where = c.meeting.location ? `, tại ${c.meeting.location}` : '';
  const chaired = c.chair ? `, ${c.chair} đã chủ trì` : ', đã diễn ra';
  const day = vietnameseDate(c.meeting.heldAt).replace(/^ngày /, '');
  sheet.text(`Ngày ${day}${where}${chaired} ${meetingPhrase(c.meeting.title)}.`, BODY);
  if (c.attendees.length) {
    sheet.text('Tham dự cuộc họp có:', BODY);
    c.attendees.forEach((who, i) => {
      sheet.text(`- ${who}${i === c.attendees.length - 1 ? '.' : ';'}`, BODY);
    });
  }
  const speaker = c.chair ?? 'chủ tọa cuộc họp';
  sheet.text(`Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, ${speaker} kết luận như sau:`, BODY);
  for (const item of c.items) {
    sheet.text(`${item.label}. ${item.title}`, { ...BODY, font: 'bold' });
    item.points.forEach((point, i) => {
      // Each point is a paragraph of its own; lines kept as the secretariat wrote them.
      const lines = point.split(/\r?\n/).filter((l) => l.trim());
      lines.forEach((line, j) => {
        sheet.text(j === 0 ? `${item.label}.${i + 1}. ${line}` : line, BODY);
      });
    });
  }
  const last = LAST_LINE(issuer);
  // The last paragraph stays on the page of the signature, which never stands alone.
  sheet.ensure(sheet.measure(last, BODY) + CLOSING_HEIGHT);
  sheet.text(last, BODY);
}

/** "Thong bao ket luan so 102-TB-UBND.pdf" (or "Du thao …" for a preview): ASCII, no slash. */
export const conclusionNoticeFilename = (number: number | null, symbol: string): string =>
  number === null
    ? `Du thao thong bao ket luan ${symbol}.pdf`
    : `Thong bao ket luan so ${number}-${symbol}.pdf`;
