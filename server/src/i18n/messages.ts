/**
 * Server-side messages in both interface languages. Errors carry a stable code for programs
 * and one of these sentences for people; the language follows the client's Accept-Language
 * (REST) or handshake (sockets), Vietnamese by default.
 */
import { accessMessagesEn, accessMessagesVi } from './access.messages.js';
import { annotationMessagesEn, annotationMessagesVi } from './annotations.messages.js';
import { minutesMessagesEn, minutesMessagesVi } from './minutes.messages.js';
import { invitationMessagesEn, invitationMessagesVi } from './invitations.messages.js';
import { meetingMessagesEn, meetingMessagesVi } from './meetings.messages.js';
import { opinionMessagesEn, opinionMessagesVi } from './opinions.messages.js';
import { replyPageMessagesEn, replyPageMessagesVi } from './reply-page.messages.js';
import { roomMessagesEn, roomMessagesVi } from './room.messages.js';
import { siteMessagesEn, siteMessagesVi } from './sites.messages.js';
import { questionMessagesEn, questionMessagesVi } from './questions.messages.js';
import { viewerMessagesEn, viewerMessagesVi } from './viewers.messages.js';
import { deviceMessagesEn, deviceMessagesVi } from './devices.messages.js';
import { officialDocumentMessagesEn, officialDocumentMessagesVi } from './official-documents.messages.js';
import { signatureMessagesEn, signatureMessagesVi } from './signatures.messages.js';
import { secondFactorMessagesEn, secondFactorMessagesVi } from './second-factor.messages.js';
import { securityMessagesEn, securityMessagesVi } from './security.messages.js';
import { voteMessagesEn, voteMessagesVi } from './votes.messages.js';
import { conclusionMessagesEn, conclusionMessagesVi } from './conclusions.messages.js';
import { integrationMessagesEn, integrationMessagesVi } from './integrations.messages.js';
import { reportMessagesEn, reportMessagesVi } from './reports.messages.js';
import { taskMessagesEn, taskMessagesVi } from './tasks.messages.js';

export type Lang = 'vi' | 'en';

const vi = {
  invalid_input: 'Dữ liệu gửi lên không hợp lệ.',
  invalid_json: 'Nội dung gửi lên không phải JSON hợp lệ.',
  too_many_fields: 'Biểu mẫu gửi lên có quá nhiều trường.',
  unauthorized: 'Bạn cần đăng nhập để tiếp tục.',
  session_expired: 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
  bad_credentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  account_disabled: 'Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên.',
  too_many_attempts: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {{minutes}} phút.',
  forbidden: 'Bạn không có quyền thực hiện thao tác này.',
  csrf: 'Yêu cầu bị từ chối vì không xuất phát từ ứng dụng I-Cabinet.',
  not_found: 'Không tìm thấy dữ liệu được yêu cầu.',
  route_not_found: 'Không có chức năng này ({{path}}).',
  user_not_found: 'Không tìm thấy người dùng.',
  unit_not_found: 'Không tìm thấy đơn vị.',
  meeting_not_found: 'Không tìm thấy cuộc họp.',
  not_participant: 'Bạn không phải là thành phần tham dự cuộc họp này.',
  version_conflict: 'Dữ liệu vừa được người khác thay đổi. Vui lòng tải lại rồi thử lại.',
  username_taken: 'Tên đăng nhập "{{username}}" đã được sử dụng.',
  unit_code_taken: 'Mã đơn vị "{{code}}" đã được sử dụng.',
  unit_parent_cycle: 'Một đơn vị không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó.',
  last_admin: 'Không thể khóa hoặc bỏ quyền của quản trị viên cuối cùng đang hoạt động.',
  self_lockout: 'Bạn không thể tự khóa tài khoản hoặc tự bỏ quyền quản trị của mình.',
  wrong_current_password: 'Mật khẩu hiện tại không đúng.',
  rate_limited: 'Bạn thao tác quá nhanh. Vui lòng chờ giây lát rồi thử lại.',
  payload_too_large: 'Nội dung gửi lên quá lớn.',
  unsupported_media_type: 'Định dạng nội dung không được hỗ trợ ({{type}}).',
  unsupported_protocol:
    'Phiên bản ứng dụng đã cũ (giao thức {{got}}, máy chủ dùng {{want}}). Vui lòng cập nhật ứng dụng.',
  internal: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại; nếu vẫn lỗi, hãy báo quản trị viên.',
  csv_empty: 'Tệp CSV không có dòng dữ liệu nào.',
  csv_cell: 'Dòng {{line}}: cột "{{column}}" —',
  csv_unreadable: 'Không đọc được tệp CSV: {{reason}}.',
  csv_missing_column: 'Thiếu cột bắt buộc "{{column}}" ở dòng tiêu đề.',
  csv_unknown_column: 'Cột "{{column}}" không được hỗ trợ.',
  csv_errors: 'Tệp có {{count}} lỗi; chưa nhập người dùng nào. Hãy sửa các dòng được nêu rồi nhập lại.',
  csv_duplicate_in_file: 'Tên đăng nhập "{{username}}" bị lặp lại (đã có ở dòng {{line}}).',
  csv_username_exists: 'Tên đăng nhập "{{username}}" đã tồn tại trong hệ thống.',
  csv_unknown_unit: 'Không có đơn vị với mã "{{code}}".',
  csv_too_many_rows: 'Tệp có quá nhiều dòng (tối đa {{max}}).',
  // zod field messages
  field_required: 'Trường này là bắt buộc.',
  field_type: 'Giá trị không đúng kiểu.',
  field_too_short: 'Giá trị quá ngắn (tối thiểu {{min}}).',
  field_too_long: 'Giá trị quá dài (tối đa {{max}}).',
  field_invalid: 'Giá trị không hợp lệ.',
  field_text_line: 'Trường này chỉ được có một dòng (không xuống dòng, không ký tự tab).',
  field_text_control:
    'Trường này chứa ký tự điều khiển hoặc ký tự không hợp lệ; hãy gõ lại hoặc dán dưới dạng văn bản thường.',
  field_unknown: 'Trường "{{key}}" không được chấp nhận.',
  field_email: 'Địa chỉ e-mail không hợp lệ.',
  field_username: 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.',
  field_phone: 'Số điện thoại không hợp lệ.',
  field_password_too_short: 'Mật khẩu phải có ít nhất 10 ký tự.',
  field_unit_code: 'Mã đơn vị chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới.',
  field_role: 'Vai trò phải là một trong: admin, secretary, member.',
  field_ends_before_start: 'Giờ kết thúc phải sau giờ bắt đầu.',
  field_user_or_guest: 'Chọn một người dùng hoặc nhập thông tin khách mời (không cả hai).',
  // documents (helper D)
  document_not_multipart: 'Hãy gửi tệp bằng biểu mẫu tải lên (multipart/form-data).',
  document_no_file: 'Chưa có tệp nào được gửi lên. Hãy chọn ít nhất một tệp PDF.',
  document_too_large: 'Tệp "{{name}}" quá lớn: mỗi tệp tối đa {{max}} MB.',
  upload_too_large: 'Nội dung tải lên quá lớn: mỗi tệp tối đa {{max}} MB.',
  upload_too_many_fields: 'Biểu mẫu tải lên có quá nhiều trường (tối đa {{max}}).',
  upload_too_many_parts: 'Biểu mẫu tải lên có quá nhiều phần (tối đa {{max}}).',
  upload_field_too_long: 'Trường "{{name}}" của biểu mẫu tải lên quá dài (tối đa {{max}} byte).',
  document_not_pdf: 'Tệp "{{name}}" không phải là tệp PDF. Hãy chọn tệp PDF (.pdf).',
  document_empty: 'Tệp "{{name}}" rỗng (0 byte), không phải là tệp PDF.',
  document_damaged:
    'Tệp PDF "{{name}}" bị hỏng, không đọc được. Hãy mở tệp gốc, lưu (xuất) lại thành PDF rồi tải lên lại.',
  document_encrypted: 'Tệp PDF "{{name}}" có mật khẩu hoặc bị mã hóa. Hãy gỡ mật khẩu rồi tải lên lại.',
  document_too_many_pages: 'Tệp "{{name}}" có quá nhiều trang ({{pages}} trang, tối đa {{max}} trang).',
  document_parse_timeout:
    'Tệp PDF "{{name}}" xử lý quá lâu nên đã dừng: tệp có thể bị hỏng hoặc quá phức tạp. Hãy xuất lại PDF rồi thử lại.',
  document_too_many_files: 'Mỗi lần chỉ tải lên được tối đa {{max}} tệp.',
  document_upload_broken: 'Việc tải tệp lên bị gián đoạn. Vui lòng thử lại.',
  document_not_found: 'Không tìm thấy tài liệu.',
  document_precondition: 'Tài liệu đã thay đổi so với bản ông/bà đang có; hãy tải lại.',
  document_open_forbidden: 'Bạn không có quyền mở tài liệu này.',
  document_download_forbidden: 'Tài liệu này không được phép tải về.',
  document_range: 'Đoạn dữ liệu yêu cầu nằm ngoài tệp.',
  document_not_latest: 'Chỉ thay được phiên bản mới nhất của tài liệu; hãy tải lại danh sách.',
  document_agenda_item: 'Mục chương trình đã chọn không thuộc cuộc họp này.',
  document_meeting_locked: 'Cuộc họp đã kết thúc/đóng, không thể sửa tài liệu.',
  document_read_only:
    'Đây là văn bản đã ban hành (chỉ đọc): không thể đổi tên, thay thế hay xóa. Cần sửa thì ban hành văn bản mới.',
  ...invitationMessagesVi,
  ...meetingMessagesVi,
  ...roomMessagesVi,
  ...siteMessagesVi,
  ...questionMessagesVi,
  ...viewerMessagesVi,
  ...deviceMessagesVi,
  ...officialDocumentMessagesVi,
  ...signatureMessagesVi,
  ...secondFactorMessagesVi,
  ...securityMessagesVi,
  ...annotationMessagesVi,
  ...minutesMessagesVi,
  ...accessMessagesVi,
  ...replyPageMessagesVi,
  ...voteMessagesVi,
  ...opinionMessagesVi,
  ...conclusionMessagesVi,
  ...integrationMessagesVi,
  ...reportMessagesVi,
  ...taskMessagesVi,
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  invalid_input: 'The data sent is not valid.',
  invalid_json: 'The request body is not valid JSON.',
  too_many_fields: 'The form sent has too many fields.',
  unauthorized: 'Please sign in to continue.',
  session_expired: 'Your session has expired. Please sign in again.',
  bad_credentials: 'Wrong username or password.',
  account_disabled: 'This account has been deactivated. Please contact the administrator.',
  too_many_attempts: 'Too many failed sign-ins. Please try again in {{minutes}} minutes.',
  forbidden: 'You are not allowed to do this.',
  csrf: 'Request refused because it did not come from the I-Cabinet application.',
  not_found: 'The requested data was not found.',
  route_not_found: 'There is no such function ({{path}}).',
  user_not_found: 'User not found.',
  unit_not_found: 'Unit not found.',
  meeting_not_found: 'Meeting not found.',
  not_participant: 'You are not a participant of this meeting.',
  version_conflict: 'Someone else has just changed this. Please reload and try again.',
  username_taken: 'The username "{{username}}" is already taken.',
  unit_code_taken: 'The unit code "{{code}}" is already taken.',
  unit_parent_cycle: 'A unit cannot belong to itself or to one of its own sub-units.',
  last_admin: 'The last active administrator cannot be deactivated or lose the admin role.',
  self_lockout: 'You cannot deactivate your own account or remove your own admin role.',
  wrong_current_password: 'The current password is wrong.',
  rate_limited: 'Too many actions too fast. Please wait a moment and try again.',
  payload_too_large: 'The content sent is too large.',
  unsupported_media_type: 'This content type is not supported ({{type}}).',
  unsupported_protocol: 'This app is out of date (protocol {{got}}, server uses {{want}}). Please update it.',
  internal: 'Something went wrong on the server. Please try again; if it persists, tell the administrator.',
  csv_empty: 'The CSV file has no data rows.',
  csv_cell: 'Line {{line}}: column "{{column}}" —',
  csv_unreadable: 'The CSV file could not be read: {{reason}}.',
  csv_missing_column: 'The required column "{{column}}" is missing from the header row.',
  csv_unknown_column: 'The column "{{column}}" is not supported.',
  csv_errors: 'The file has {{count}} errors; no user was imported. Fix the lines listed and import again.',
  csv_duplicate_in_file: 'The username "{{username}}" is repeated (first on line {{line}}).',
  csv_username_exists: 'The username "{{username}}" already exists.',
  csv_unknown_unit: 'There is no unit with code "{{code}}".',
  csv_too_many_rows: 'The file has too many rows (at most {{max}}).',
  field_required: 'This field is required.',
  field_type: 'This value has the wrong type.',
  field_too_short: 'This value is too short (at least {{min}}).',
  field_too_long: 'This value is too long (at most {{max}}).',
  field_invalid: 'This value is not valid.',
  field_text_line: 'This field must be a single line (no line breaks or tabs).',
  field_text_control:
    'This field contains control or invalid characters; type it again or paste it as plain text.',
  field_unknown: 'The field "{{key}}" is not accepted.',
  field_email: 'This e-mail address is not valid.',
  field_username:
    'Usernames may contain lower-case letters without accents, digits, dot, dash and underscore.',
  field_phone: 'This phone number is not valid.',
  field_password_too_short: 'Passwords must have at least 10 characters.',
  field_unit_code: 'Unit codes may contain letters, digits, dot, dash and underscore.',
  field_role: 'The role must be one of: admin, secretary, member.',
  field_ends_before_start: 'The end time must be after the start time.',
  field_user_or_guest: 'Choose a user or enter a guest (not both).',
  // documents (helper D)
  document_not_multipart: 'Send files with an upload form (multipart/form-data).',
  document_no_file: 'No file was sent. Choose at least one PDF file.',
  document_too_large: 'The file "{{name}}" is too large: at most {{max}} MB per file.',
  upload_too_large: 'The upload is too large: at most {{max}} MB per file.',
  upload_too_many_fields: 'The upload form has too many fields (at most {{max}}).',
  upload_too_many_parts: 'The upload form has too many parts (at most {{max}}).',
  upload_field_too_long: 'The upload form field "{{name}}" is too long (at most {{max}} bytes).',
  document_not_pdf: 'The file "{{name}}" is not a PDF. Choose a PDF file (.pdf).',
  document_empty: 'The file "{{name}}" is empty (0 bytes); it is not a PDF.',
  document_damaged:
    'The PDF "{{name}}" is damaged and cannot be read. Open the original, save (export) it as PDF again and upload that.',
  document_encrypted:
    'The PDF "{{name}}" is password-protected or encrypted. Remove the password and upload it again.',
  document_too_many_pages: 'The file "{{name}}" has too many pages ({{pages}}; at most {{max}}).',
  document_parse_timeout:
    'Reading the PDF "{{name}}" took too long and was stopped: it may be damaged or too complex. Export it again and retry.',
  document_too_many_files: 'At most {{max}} files can be uploaded at once.',
  document_upload_broken: 'The upload was interrupted. Please try again.',
  document_not_found: 'Document not found.',
  document_precondition: 'The document has changed since the copy you have; please reload it.',
  document_open_forbidden: 'You are not allowed to open this document.',
  document_download_forbidden: 'This document may not be downloaded.',
  document_range: 'The requested range is outside the file.',
  document_not_latest: 'Only the newest version of a document can be replaced; reload the list.',
  document_agenda_item: 'The chosen agenda item does not belong to this meeting.',
  document_meeting_locked: 'The meeting has ended or is closed; its documents cannot be changed.',
  document_read_only:
    'This is an issued document (read-only): it cannot be renamed, replaced or deleted. Issue a new document to change it.',
  ...invitationMessagesEn,
  ...meetingMessagesEn,
  ...roomMessagesEn,
  ...siteMessagesEn,
  ...questionMessagesEn,
  ...viewerMessagesEn,
  ...deviceMessagesEn,
  ...officialDocumentMessagesEn,
  ...signatureMessagesEn,
  ...secondFactorMessagesEn,
  ...securityMessagesEn,
  ...annotationMessagesEn,
  ...minutesMessagesEn,
  ...accessMessagesEn,
  ...replyPageMessagesEn,
  ...voteMessagesEn,
  ...opinionMessagesEn,
  ...conclusionMessagesEn,
  ...integrationMessagesEn,
  ...reportMessagesEn,
  ...taskMessagesEn,
};

const catalogs: Record<Lang, Record<MessageKey, string>> = { vi, en };

export type MessageParams = Record<string, string | number>;

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** Renders a message in a language, filling `{{name}}` placeholders. */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return catalogs[lang][key].replace(PLACEHOLDER, (_, name: string) => String(params[name] ?? ''));
}

/**
 * A message split at its placeholders: text, name, text, name, …, text (text at even indexes).
 * For renderers that fill a placeholder with something other than text, such as bold markup.
 */
export function messageParts(lang: Lang, key: MessageKey): string[] {
  return catalogs[lang][key].split(PLACEHOLDER);
}

/** Picks the interface language from an Accept-Language header: English only when preferred over Vietnamese. */
export function pickLang(acceptLanguage: string | undefined | null): Lang {
  if (!acceptLanguage) return 'vi';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('vi')) return 'vi';
    if (tag.startsWith('en')) return 'en';
  }
  return 'vi';
}

/** Whether a string is a known message key (zod custom messages use keys such as "username"). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(vi, key);
}
