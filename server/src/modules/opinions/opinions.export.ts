import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import {
  formatDateTime,
  formatLongDateTime,
  toCsv,
  type OpinionChoice,
  type OpinionDetail,
} from '@icabinet/shared';
import { t, type Lang } from '../../i18n/messages.js';

/** The consolidated table as CSV rows: one per member and question, with the comment and the response. */
export function opinionsCsv(d: OpinionDetail, lang: Lang): string {
  const header = [
    t(lang, 'opinion_csv_member'),
    t(lang, 'opinion_csv_title'),
    t(lang, 'opinion_csv_question'),
    t(lang, 'opinion_csv_choice'),
    t(lang, 'opinion_csv_comment'),
    t(lang, 'opinion_csv_response'),
    t(lang, 'opinion_csv_answered_at'),
  ];
  const rows = d.recipients.flatMap((r) =>
    d.request.questions.map((q, i) => {
      const a = r.answers.find((x) => x.questionId === q.id);
      const resp = r.responses.find((x) => x.questionId === q.id);
      return [
        r.name,
        r.title,
        `${i + 1}. ${q.text}`,
        a ? t(lang, `opinion_choice_${a.choice}`) : t(lang, 'opinion_csv_not_answered'),
        a?.comment ?? '',
        resp?.text ?? '',
        r.answeredAt ? formatDateTime(r.answeredAt, lang) : '',
      ];
    }),
  );
  return toCsv([header, ...rows], { quoteAll: true });
}

const requireHere = createRequire(import.meta.url);
const FONTS = {
  regular: requireHere.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: requireHere.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};
let fontBytes: Promise<[Buffer, Buffer]> | undefined;

const CHOICE_VI: Record<OpinionChoice, string> = {
  agree: 'Đồng ý',
  disagree: 'Không đồng ý',
  other: 'Ý kiến khác',
};

const RULE_VI: Record<OpinionDetail['request']['rule'], string> = {
  cast: 'quá nửa số phiếu trả lời',
  members: 'quá nửa tổng số thành viên được hỏi ý kiến',
  members_two_thirds: 'ít nhất hai phần ba tổng số thành viên được hỏi ý kiến',
  plurality: 'số phiếu đồng ý nhiều hơn số phiếu không đồng ý',
};

/** Lays text out top to bottom on A4 pages, wrapping words and starting new pages as needed. */
class Flow {
  private page: PDFPage;
  private y = 0;
  static readonly MARGIN = 56;
  static readonly WIDTH = 595.28;
  static readonly HEIGHT = 841.89;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {
    this.page = this.newPage();
  }

  private newPage(): PDFPage {
    this.page = this.doc.addPage([Flow.WIDTH, Flow.HEIGHT]);
    this.y = Flow.HEIGHT - Flow.MARGIN;
    return this.page;
  }

  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
        else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  text(
    text: string,
    opts: {
      size?: number;
      bold?: boolean;
      indent?: number;
      center?: boolean;
      gap?: number;
      color?: number;
    } = {},
  ): void {
    const size = opts.size ?? 10.5;
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const indent = opts.indent ?? 0;
    const width = Flow.WIDTH - 2 * Flow.MARGIN - indent;
    const leading = size * 1.4;
    for (const line of this.wrap(text, font, size, width)) {
      if (this.y - leading < Flow.MARGIN) this.newPage();
      this.y -= leading;
      const x = opts.center ? (Flow.WIDTH - font.widthOfTextAtSize(line, size)) / 2 : Flow.MARGIN + indent;
      const shade = opts.color ?? 0.1;
      this.page.drawText(line, { x, y: this.y, size, font, color: rgb(shade, shade, shade) });
    }
    this.y -= opts.gap ?? 2;
  }

  space(h: number): void {
    this.y -= h;
  }

  rule(): void {
    if (this.y - 8 < Flow.MARGIN) this.newPage();
    this.y -= 6;
    this.page.drawLine({
      start: { x: Flow.MARGIN, y: this.y },
      end: { x: Flow.WIDTH - Flow.MARGIN, y: this.y },
      thickness: 0.5,
      color: rgb(0.7, 0.7, 0.7),
    });
    this.y -= 6;
  }
}

/**
 * "Bản tổng hợp, tiếp thu, giải trình ý kiến": the request, the result of each question under
 * its rule, then every member's opinion and comment with the secretariat's response. Always in
 * Vietnamese (an official document); DejaVu Sans renders every Vietnamese letter.
 */
export async function opinionsPdf(
  d: OpinionDetail,
  meta: { meetingTitle: string; organisation: string; now: Date },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const [regularBytes, boldBytes] = await (fontBytes ??= Promise.all([
    readFile(FONTS.regular),
    readFile(FONTS.bold),
  ]));
  const fonts = {
    regular: await doc.embedFont(regularBytes, { subset: true }),
    bold: await doc.embedFont(boldBytes, { subset: true }),
  };
  const r = d.request;
  doc.setTitle(`Bản tổng hợp, tiếp thu, giải trình ý kiến — ${r.title}`);
  doc.setAuthor(meta.organisation);
  doc.setCreator('I-Cabinet');
  doc.setLanguage('vi-VN');

  const f = new Flow(doc, fonts);
  f.text(meta.organisation.toUpperCase(), { bold: true, size: 10, center: true });
  f.space(14);
  f.text('BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN', { bold: true, size: 15, center: true, gap: 6 });
  f.text(r.title, { bold: true, size: 12, center: true, gap: 10 });
  f.text(`Hồ sơ cuộc họp: ${meta.meetingTitle}`);
  if (r.documentTitle) f.text(`Dự thảo: ${r.documentTitle}`);
  f.text(`Hạn gửi ý kiến: ${formatLongDateTime(r.deadline, 'vi')}`);
  f.text(
    `Số thành viên được hỏi ý kiến: ${r.recipients}; đã gửi ý kiến: ${r.answered}; chưa gửi: ${r.recipients - r.answered}.`,
  );
  f.text(`Nguyên tắc thông qua: ${RULE_VI[r.rule]}.`, { gap: 8 });

  f.text('I. KẾT QUẢ THEO TỪNG CÂU HỎI', { bold: true, size: 11.5, gap: 4 });
  r.questions.forEach((q, i) => {
    const res = d.results.find((x) => x.questionId === q.id);
    f.text(`Câu ${i + 1}. ${q.text}`, { bold: true });
    if (res) {
      f.text(
        `Đồng ý: ${res.agree} · Không đồng ý: ${res.disagree} · Ý kiến khác: ${res.other} · Chưa gửi: ${res.notAnswered}`,
        { indent: 14 },
      );
      f.text(
        `Kết quả: ${res.verdict === 'passed' ? 'THÔNG QUA' : 'CHƯA THÔNG QUA'} (cần ${res.required}/${res.base} ý kiến đồng ý).`,
        { indent: 14, gap: 6 },
      );
    }
  });

  f.rule();
  f.text('II. Ý KIẾN CỦA THÀNH VIÊN VÀ TIẾP THU, GIẢI TRÌNH', { bold: true, size: 11.5, gap: 4 });
  r.questions.forEach((q, i) => {
    f.text(`Câu ${i + 1}. ${q.text}`, { bold: true, gap: 4 });
    for (const m of d.recipients) {
      const a = m.answers.find((x) => x.questionId === q.id);
      const resp = m.responses.find((x) => x.questionId === q.id);
      const who = m.title ? `${m.name} (${m.title})` : m.name;
      f.text(`• ${who}: ${a ? CHOICE_VI[a.choice] : 'chưa gửi ý kiến'}`, { indent: 10 });
      if (a?.comment) f.text(`Ý kiến: ${a.comment}`, { indent: 24 });
      if (resp) f.text(`Tiếp thu, giải trình: ${resp.text}`, { indent: 24, color: 0.25 });
    }
    f.space(6);
  });
  f.rule();
  f.text(`Lập lúc ${formatDateTime(meta.now, 'vi')} bằng I-Cabinet.`, { size: 9, color: 0.4 });
  return doc.save();
}
