/** Messages of the meeting-access policy (server/src/access), vi first, en. */
export const accessMessagesVi = {
  meeting_not_published: 'Cuộc họp đang được chuẩn bị, chưa được công bố nên bạn chưa xem được.',
  room_document_restricted:
    'Tài liệu này chỉ một số thành phần được mở nên không thể trình chiếu cho cả phòng họp.',
} as const;

export const accessMessagesEn: Record<keyof typeof accessMessagesVi, string> = {
  meeting_not_published:
    'This meeting is still being prepared and has not been published, so you cannot see it yet.',
  room_document_restricted:
    'Only some participants may open this document, so it cannot be shown to the whole room.',
};
