/**
 * The small rules of Decree 30/2020/NĐ-CP (Phụ lục I) that are plain text: the date of issue,
 * the number and symbol, and times in the body. Vietnam has one time zone (UTC+7, no daylight
 * saving), so an instant is shifted by seven hours and read in UTC.
 */

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The calendar fields of an instant in Asia/Ho_Chi_Minh. */
export function vietnamParts(iso: string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
} {
  const d = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/** The register's year for a document issued at `iso`: the year in Vietnam. */
export const registerYear = (iso: string): number => vietnamParts(iso).year;

/**
 * "ngày 04 tháng 12 năm 2026": the decree writes days below 10 and the months 1 and 2 with a
 * leading zero ("ngày 04", "tháng 01", "tháng 02"), other months as they are ("tháng 3").
 */
export function vietnameseDate(iso: string): string {
  const { year, month, day } = vietnamParts(iso);
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `ngày ${dd} tháng ${mm} năm ${year}`;
}

/** The date line at the top right: "Hà Nội, ngày 04 tháng 12 năm 2026". */
export const dateLine = (place: string, iso: string): string => `${place}, ${vietnameseDate(iso)}`;

/** "08 giờ 00 phút" in Vietnam time. */
export function vietnameseTime(iso: string): string {
  const { hour, minute } = vietnamParts(iso);
  return `${String(hour).padStart(2, '0')} giờ ${String(minute).padStart(2, '0')} phút`;
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** "Thứ Sáu" for the day of the instant in Vietnam. */
export const vietnameseWeekday = (iso: string): string => WEEKDAYS[vietnamParts(iso).weekday] ?? '';

/** Abbreviations of document types (Phụ lục III of the decree). */
export const TYPE_ABBREVIATIONS = { invitation: 'GM', conclusion_notice: 'TB', minutes: 'BB' } as const;

/** The symbol after the number: `GM-UBND`. */
export const documentSymbol = (type: keyof typeof TYPE_ABBREVIATIONS, issuerSymbol: string): string =>
  `${TYPE_ABBREVIATIONS[type]}-${issuerSymbol}`;

/**
 * "Số: 15/GM-UBND": the number in Arabic digits, as registered. A draft not numbered yet leaves
 * dots where the clerk writes it: "Số: ......../TB-UBND".
 */
export const numberLine = (number: number | null, symbol: string): string =>
  number === null ? `Số: ......../${symbol}` : `Số: ${number}/${symbol}`;

/** Capitals the Vietnamese way (Đ, ơ, ư keep their marks). */
export const upper = (text: string): string => text.toLocaleUpperCase('vi');
