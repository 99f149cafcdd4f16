/** Messages of the invitations module (merged into the server catalogue in messages.ts). */
export const invitationMessagesVi = {
  invitation_not_found: 'Không tìm thấy giấy mời.',
  invitation_link_invalid:
    'Đường dẫn trả lời giấy mời không đúng hoặc đã bị thay. Vui lòng mở lại đường dẫn trong thư mời mới nhất, hoặc liên hệ Văn phòng.',
  invitation_link_expired: 'Cuộc họp đã kết thúc hoặc đã bị hủy nên không thể trả lời giấy mời nữa.',
  invitation_deputy_not_pending: 'Giấy mời này không có người dự thay đang chờ duyệt.',
  invitation_deputy_of_deputy: 'Người dự thay không thể cử tiếp người khác dự thay.',
  invitation_nothing_failed: 'Giấy mời này không có kênh nào gửi lỗi để gửi lại.',
  invitation_meeting_over: 'Cuộc họp đã kết thúc hoặc đã hủy nên không gửi lại giấy mời được nữa.',
} as const;

export const invitationMessagesEn: Record<keyof typeof invitationMessagesVi, string> = {
  invitation_not_found: 'Invitation not found.',
  invitation_link_invalid:
    'This reply link is not valid or has been replaced. Please open the link in the latest invitation, or contact the secretariat.',
  invitation_link_expired:
    'The meeting has ended or was cancelled, so the invitation can no longer be answered.',
  invitation_deputy_not_pending: 'This invitation has no deputy waiting for approval.',
  invitation_deputy_of_deputy: 'A deputy cannot send another deputy.',
  invitation_nothing_failed: 'No channel of this invitation failed, so there is nothing to resend.',
  invitation_meeting_over:
    'The meeting has ended or was cancelled, so its invitations can no longer be resent.',
};
