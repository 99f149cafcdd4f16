/** Messages of the minutes (biên bản họp). */
export const minutesMessagesVi = {
  minutes_read_forbidden:
    'Biên bản cuộc họp chỉ được xem khi Chủ tọa cho phép đại biểu cùng soạn, hoặc sau khi biên bản đã khóa.',
  minutes_write_forbidden:
    'Bạn chỉ được xem biên bản này; Văn phòng (hoặc người được Chủ tọa cho phép) mới được soạn.',
  minutes_allow_forbidden: 'Chỉ Chủ tọa cuộc họp mới được cho phép đại biểu khác cùng soạn biên bản.',
  minutes_lock_forbidden: 'Chỉ Văn phòng và Chủ tọa mới được lưu phiên bản, khóa hoặc mở lại biên bản.',
  minutes_locked:
    'Biên bản đã khóa để ký nên không sửa được nữa; phiên bản đã khóa được giữ nguyên. Hãy mở lại biên bản để soạn phiên bản mới.',
  minutes_already_locked: 'Biên bản đã được khóa rồi.',
  minutes_not_locked: 'Biên bản chưa khóa.',
  minutes_meeting_draft: 'Cuộc họp chưa công bố nên chưa có biên bản.',
  minutes_meeting_cancelled: 'Cuộc họp đã bị hủy nên không có biên bản.',
  minutes_version_not_found: 'Không tìm thấy phiên bản biên bản này.',
  minutes_too_many_versions: 'Biên bản đã có {{max}} phiên bản; không lưu thêm được.',
  minutes_doc_full: 'Biên bản đã đạt dung lượng tối đa; thay đổi không được lưu.',
  minutes_malformed: 'Dữ liệu biên bản gửi lên bị hỏng và đã bị từ chối; biên bản không thay đổi.',
} as const;

export const minutesMessagesEn: Record<keyof typeof minutesMessagesVi, string> = {
  minutes_read_forbidden:
    'The minutes can be read only while the chair lets participants write them, or once they are locked.',
  minutes_write_forbidden:
    'You may read these minutes; only the secretariat (or those the chair allows) may write them.',
  minutes_allow_forbidden: 'Only the chair of the meeting may let other participants write the minutes.',
  minutes_lock_forbidden:
    'Only the secretariat and the chair may save versions of, lock or reopen the minutes.',
  minutes_locked:
    'The minutes are locked for signing and can no longer be edited; the locked version stays as it is. Reopen the minutes to write a new version.',
  minutes_already_locked: 'The minutes are already locked.',
  minutes_not_locked: 'The minutes are not locked.',
  minutes_meeting_draft: 'The meeting is not published yet, so it has no minutes.',
  minutes_meeting_cancelled: 'The meeting was cancelled, so it has no minutes.',
  minutes_version_not_found: 'This version of the minutes was not found.',
  minutes_too_many_versions: 'The minutes already have {{max}} versions; no more can be saved.',
  minutes_doc_full: 'The minutes have reached their size limit; the change was not saved.',
  minutes_malformed: 'The minutes data sent is corrupt and was refused; the minutes did not change.',
};
