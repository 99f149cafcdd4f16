/** Messages of sites (điểm cầu) and online briefings (merged into the server catalogue in messages.ts). */
export const siteMessagesVi = {
  site_not_found: 'Không tìm thấy điểm cầu.',
  site_not_linked: 'Điểm cầu này không được kết nối vào cuộc họp.',
  site_not_operator: 'Bạn không phải là cán bộ điều hành của điểm cầu này.',
  site_inactive: 'Điểm cầu này đã ngừng hoạt động.',
  briefing_not_online:
    'Chỉ cuộc họp trực tuyến mới kết nối được các điểm cầu. Hãy đổi hình thức cuộc họp thành "Họp trực tuyến" trước.',
  briefing_closed: 'Cuộc họp đã kết thúc hoặc bị hủy nên không thể thay đổi điểm cầu.',
  briefing_report_closed: 'Cuộc họp đã kết thúc hoặc bị hủy nên không thể báo cáo số đại biểu nữa.',
  briefing_report_absurd:
    'Số đại biểu có mặt ({{present}}) vượt quá nhiều so với số đại biểu dự kiến của điểm cầu ({{expected}}). Hãy kiểm tra lại.',
  briefing_operator_unknown: 'Không có tài khoản "{{username}}" (cán bộ điều hành điểm cầu).',
  sites_csv_errors:
    'Tệp có {{count}} lỗi; chưa nhập điểm cầu nào. Hãy sửa các dòng được nêu trong bảng rồi nhập lại.',
  csv_site_duplicate_code: 'Mã điểm cầu "{{code}}" bị lặp lại (đã có ở dòng {{line}}).',
  csv_site_code_exists: 'Mã điểm cầu "{{code}}" đã có trong hệ thống.',
  csv_site_parent_missing: 'Không có điểm cầu cấp trên với mã "{{code}}" (trong tệp hoặc trong hệ thống).',
  csv_site_parent_cycle: 'Điểm cầu "{{code}}" nằm trong một vòng lặp cấp trên ({{chain}}).',
  csv_site_level_parent:
    'Điểm cầu cấp {{level}} phải trực thuộc một điểm cầu cấp {{expected}}, nhưng "{{parent}}" là cấp {{actual}}.',
  csv_site_city_parent: 'Điểm cầu cấp thành phố không trực thuộc điểm cầu nào; hãy để trống cột cấp trên.',
  csv_site_needs_parent: 'Điểm cầu cấp {{level}} phải có mã điểm cầu cấp trên.',
  csv_site_operator_unknown: 'Không có tài khoản "{{username}}" để làm cán bộ điều hành điểm cầu.',
  csv_site_operator_inactive: 'Tài khoản "{{username}}" đã bị khóa nên không thể điều hành điểm cầu.',
  field_site_level: 'Cấp điểm cầu phải là: thành phố, quận/huyện (cấp huyện) hoặc xã/phường (cấp xã).',
  field_site_code:
    'Mã điểm cầu chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (tối đa 32 ký tự).',
  field_site_count: 'Số đại biểu dự kiến phải là số nguyên từ 0 đến {{max}}.',
  field_conference_url: 'Đường dẫn hội nghị truyền hình phải là địa chỉ http:// hoặc https:// hợp lệ.',
  level_city: 'thành phố',
  level_district: 'quận/huyện',
  level_commune: 'xã/phường',
} as const;

export const siteMessagesEn: Record<keyof typeof siteMessagesVi, string> = {
  site_not_found: 'Site not found.',
  site_not_linked: 'This site is not linked to the meeting.',
  site_not_operator: 'You are not the operator of this site.',
  site_inactive: 'This site is no longer active.',
  briefing_not_online:
    'Only an online meeting can link sites. Change the meeting kind to "Online meeting" first.',
  briefing_closed: 'The meeting has ended or was cancelled, so its sites can no longer change.',
  briefing_report_closed: 'The meeting has ended or was cancelled, so attendance can no longer be reported.',
  briefing_report_absurd:
    'Delegates present ({{present}}) is far more than the delegates the site expects ({{expected}}). Please check.',
  briefing_operator_unknown: 'There is no account "{{username}}" (site operator).',
  sites_csv_errors:
    'The file has {{count}} errors; no site was imported. Fix the lines listed and import again.',
  csv_site_duplicate_code: 'Site code "{{code}}" is repeated (already on line {{line}}).',
  csv_site_code_exists: 'Site code "{{code}}" already exists.',
  csv_site_parent_missing: 'There is no parent site with code "{{code}}" (in the file or already stored).',
  csv_site_parent_cycle: 'Site "{{code}}" is part of a loop of parents ({{chain}}).',
  csv_site_level_parent:
    'A {{level}} site must belong to a {{expected}} site, but "{{parent}}" is a {{actual}} site.',
  csv_site_city_parent: 'A city site belongs to no other site; leave the parent column empty.',
  csv_site_needs_parent: 'A {{level}} site needs the code of its parent site.',
  csv_site_operator_unknown: 'There is no account "{{username}}" to operate the site.',
  csv_site_operator_inactive: 'Account "{{username}}" is deactivated and cannot operate a site.',
  field_site_level: 'The site level must be: city, district or commune.',
  field_site_code: 'A site code has only letters without marks, digits, dot, dash, underscore (at most 32).',
  field_site_count: 'Expected delegates must be a whole number from 0 to {{max}}.',
  field_conference_url: 'The conference link must be a valid http:// or https:// address.',
  level_city: 'city',
  level_district: 'district',
  level_commune: 'commune',
};
