/** Messages of the password policy, the security settings and the audit search, Vietnamese and English. */
export const securityMessagesVi = {
  password_too_short_policy: 'Mật khẩu phải có ít nhất {{min}} ký tự.',
  password_common:
    'Mật khẩu này quá phổ biến hoặc đã lộ trong các vụ rò rỉ dữ liệu (như "123456", "matkhau", "password"), kể cả khi thêm số hay ký tự ở đầu, cuối. Hãy chọn mật khẩu khác.',
  password_personal_username: 'Mật khẩu không được chứa tên đăng nhập.',
  password_personal_name: 'Mật khẩu không được chứa họ tên của người dùng.',
  password_personal_email: 'Mật khẩu không được chứa địa chỉ e-mail của người dùng.',
  password_sequence:
    'Mật khẩu không được có chuỗi ký tự lặp lại hoặc liên tiếp (như "aaaa", "1234", "abcd", "qwer").',
  password_reused: 'Không được dùng lại mật khẩu hiện tại hoặc một trong {{count}} mật khẩu gần nhất.',
  field_settings_min_length: 'Độ dài tối thiểu của mật khẩu phải từ 10 đến 64 ký tự.',
  field_settings_history: 'Số mật khẩu gần nhất không được dùng lại phải từ 0 đến 12.',
  field_settings_roles_repeated: 'Mỗi vai trò chỉ được chọn một lần.',
  setting_conflict: 'Cài đặt vừa được quản trị viên khác thay đổi. Vui lòng tải lại rồi thử lại.',
  field_audit_range: 'Thời điểm "đến" phải sau thời điểm "từ".',
  audit_csv_filename: 'nhat-ky-he-thong-{{date}}.csv',
  audit_csv_seq: 'Số thứ tự',
  audit_csv_at: 'Thời gian',
  audit_csv_action: 'Thao tác',
  audit_csv_actor: 'Người thực hiện',
  audit_csv_target_type: 'Loại đối tượng',
  audit_csv_target: 'Đối tượng',
  audit_csv_ip: 'Địa chỉ IP',
  audit_csv_data: 'Chi tiết',
  audit_csv_hash: 'Mã băm',
  audit_csv_system: 'Hệ thống',
  audit_anchor_subject: 'I-Cabinet: mốc nhật ký hệ thống ngày {{date}}',
  audit_anchor_body:
    'Mốc chuỗi băm của nhật ký hệ thống I-Cabinet tại {{at}}:\n\nSố thứ tự: {{seq}}\nMã băm: {{hash}}\n\nHãy lưu thư này ở nơi khác máy chủ. Khi cần kiểm tra, so sánh mục số {{seq}} trong nhật ký với mã băm trên: nếu khác, nhật ký đã bị sửa.',
} as const;

export const securityMessagesEn: Record<keyof typeof securityMessagesVi, string> = {
  password_too_short_policy: 'Passwords must have at least {{min}} characters.',
  password_common:
    'This password is too common or appears in known data breaches (like "123456", "matkhau", "password"), even with digits or symbols added at either end. Please choose another.',
  password_personal_username: 'The password must not contain the username.',
  password_personal_name: "The password must not contain the user's name.",
  password_personal_email: "The password must not contain the user's e-mail address.",
  password_sequence:
    'The password must not contain repeated or consecutive characters (like "aaaa", "1234", "abcd", "qwer").',
  password_reused: 'You may not reuse the current password or one of the last {{count}} passwords.',
  field_settings_min_length: 'The minimum password length must be between 10 and 64 characters.',
  field_settings_history: 'The number of recent passwords that may not be reused must be between 0 and 12.',
  field_settings_roles_repeated: 'Each role may be chosen only once.',
  setting_conflict: 'Another administrator has just changed the settings. Please reload and try again.',
  field_audit_range: 'The "to" time must be after the "from" time.',
  audit_csv_filename: 'audit-log-{{date}}.csv',
  audit_csv_seq: 'No.',
  audit_csv_at: 'Time',
  audit_csv_action: 'Action',
  audit_csv_actor: 'By',
  audit_csv_target_type: 'Target type',
  audit_csv_target: 'Target',
  audit_csv_ip: 'IP address',
  audit_csv_data: 'Details',
  audit_csv_hash: 'Hash',
  audit_csv_system: 'System',
  audit_anchor_subject: 'I-Cabinet: audit log anchor of {{date}}',
  audit_anchor_body:
    "The hash chain head of I-Cabinet's audit log at {{at}}:\n\nEntry: {{seq}}\nHash: {{hash}}\n\nKeep this message away from the server. To check the log later, compare entry {{seq}} with this hash: if they differ, the log was altered.",
};
