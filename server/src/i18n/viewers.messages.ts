/** Messages of viewer links and viewer screens (merged into the server catalogue in messages.ts). */
export const viewerMessagesVi = {
  viewer_link_not_found:
    'Liên kết theo dõi không đúng hoặc đã bị thu hồi. Hãy xin liên kết mới từ bộ phận thư ký.',
  viewer_link_ended: 'Cuộc họp đã kết thúc nên liên kết theo dõi không còn hiệu lực.',
  viewer_link_confidential: 'Cuộc họp mật không cho phép theo dõi qua liên kết không cần tài khoản.',
  viewer_link_other_meeting: 'Liên kết theo dõi này thuộc một cuộc họp khác.',
  viewer_read_only: 'Màn hình theo dõi chỉ được xem, không được thao tác trong phòng họp.',
  viewer_document_not_shown: 'Tài liệu này không phải tài liệu đang được trình chiếu.',
  viewer_document_restricted:
    'Tài liệu đang trình chiếu có giới hạn người xem nên không hiển thị trên màn hình theo dõi.',
  viewer_link_revoked: 'Liên kết theo dõi này đã bị thu hồi.',
  field_viewer_token: 'Liên kết theo dõi không đúng định dạng.',
  viewer_label_meeting: 'Toàn cuộc họp',
} as const;

export const viewerMessagesEn: Record<keyof typeof viewerMessagesVi, string> = {
  viewer_link_not_found: 'This viewer link is wrong or has been revoked. Ask the secretariat for a new one.',
  viewer_link_ended: 'The meeting has ended, so this viewer link no longer works.',
  viewer_link_confidential: 'A confidential meeting cannot be followed through a link without an account.',
  viewer_link_other_meeting: 'This viewer link belongs to another meeting.',
  viewer_read_only: 'A viewer screen may only watch; it cannot act in the meeting room.',
  viewer_document_not_shown: 'This document is not the one being presented.',
  viewer_document_restricted: 'The presented document is restricted, so viewer screens do not show it.',
  viewer_link_revoked: 'This viewer link has been revoked.',
  field_viewer_token: 'The viewer link is not in the right form.',
  viewer_label_meeting: 'Whole meeting',
};
