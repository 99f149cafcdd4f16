/** Messages of the annotation layers (merged into the server catalogue in messages.ts). */
export const annotationMessagesVi = {
  annotation_read_only: 'Bạn chỉ được xem lớp ghi chú này, không được viết lên.',
  annotation_not_joined: 'Hãy mở lớp ghi chú của tài liệu trước khi gửi thay đổi.',
  annotation_malformed: 'Dữ liệu ghi chú gửi lên bị hỏng và đã bị từ chối.',
  annotation_foreign_author: 'Không thể ghi ghi chú dưới tên người khác; thay đổi đã bị từ chối.',
  annotation_too_large: 'Thay đổi ghi chú quá lớn (tối đa {{max}} byte).',
  annotation_doc_full: 'Lớp ghi chú của tài liệu này đã đạt dung lượng tối đa.',
  annotation_bad_text:
    'Nội dung ghi chú chứa ký tự điều khiển hoặc ký tự không hợp lệ; thay đổi đã bị từ chối.',
  annotation_text_too_long: 'Nội dung ghi chú quá dài (tối đa {{max}} ký tự); thay đổi đã bị từ chối.',
  annotation_unknown_event: 'Loại thông điệp không được hỗ trợ: {{event}}.',
  annotation_awareness_too_many: 'Thiết bị gửi quá nhiều trạng thái con trỏ; trạng thái mới đã bị bỏ qua.',
  annotation_awareness_too_large: 'Trạng thái con trỏ quá lớn (tối đa {{max}} ký tự) và đã bị bỏ qua.',
  annotation_awareness_too_fast: 'Thiết bị gửi vị trí con trỏ quá nhanh; một số vị trí đã bị bỏ qua.',
  annotation_notes_bad_meeting: 'Đường dẫn có mã cuộc họp không hợp lệ; hãy mở lại cuộc họp từ danh sách.',
  annotation_notes_forbidden:
    'Bạn không có quyền xem cuộc họp này nên không xem được ghi chú trong tài liệu của cuộc họp.',
} as const;

export const annotationMessagesEn: Record<keyof typeof annotationMessagesVi, string> = {
  annotation_read_only: 'You may view this annotation layer but not write on it.',
  annotation_not_joined: "Open the document's annotation layer before sending changes.",
  annotation_malformed: 'The annotation data sent is corrupt and was refused.',
  annotation_foreign_author: "A note cannot be written in someone else's name; the change was refused.",
  annotation_too_large: 'The annotation change is too large (at most {{max}} bytes).',
  annotation_doc_full: "This document's annotation layer has reached its size limit.",
  annotation_bad_text: 'The note text contains control or invalid characters; the change was refused.',
  annotation_text_too_long: 'The note text is too long (at most {{max}} characters); the change was refused.',
  annotation_unknown_event: 'Unsupported message type: {{event}}.',
  annotation_awareness_too_many: 'This device sent too many cursor states; the new ones were ignored.',
  annotation_awareness_too_large:
    'The cursor state is too large (at most {{max}} characters) and was ignored.',
  annotation_awareness_too_fast: 'This device sends cursor positions too fast; some were ignored.',
  annotation_notes_bad_meeting: 'The link has an invalid meeting id; open the meeting again from the list.',
  annotation_notes_forbidden: "You may not view this meeting, so its documents' notes cannot be listed.",
};
