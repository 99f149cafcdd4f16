import type { RoomErrorReason } from '@icabinet/shared';

/** Messages of the live meeting room (merged into the server catalogue in messages.ts). */
export const roomMessagesVi = {
  room_forbidden_control: 'Chỉ chủ tọa hoặc thư ký cuộc họp mới được điều khiển phòng họp.',
  room_forbidden_present:
    'Chỉ người đang trình bày hoặc chủ tọa mới được chuyển trang tài liệu cho cả phòng.',
  room_forbidden_speak: 'Bạn tham dự với tư cách quan sát viên nên không thể đăng ký phát biểu.',
  room_forbidden_checkin: 'Chỉ thư ký cuộc họp mới được điểm danh cho người khác.',
  room_not_participant: 'Bạn không phải là thành phần tham dự cuộc họp này.',
  room_not_started: 'Cuộc họp chưa bắt đầu.',
  room_not_running: 'Cuộc họp đang tạm dừng hoặc chưa bắt đầu.',
  room_not_paused: 'Cuộc họp không ở trạng thái tạm dừng.',
  room_already_started: 'Cuộc họp đã được bắt đầu.',
  room_ended: 'Cuộc họp đã kết thúc.',
  room_item_unknown: 'Nội dung này không có trong chương trình họp.',
  room_document_unknown: 'Tài liệu này không thuộc cuộc họp (hoặc đã được thay bằng phiên bản mới).',
  room_no_document: 'Chưa có tài liệu nào được mở cho cả phòng.',
  room_page_out_of_range: 'Tài liệu chỉ có {{pages}} trang.',
  room_participant_unknown: 'Người này không có trong danh sách thành phần cuộc họp.',
  room_checkin_not_started: 'Cuộc họp chưa bắt đầu nên chưa thể điểm danh.',
  room_checkin_ended: 'Cuộc họp đã kết thúc nên không thể điểm danh nữa.',
  room_already_present: '{{name}} đã được điểm danh có mặt.',
  room_not_present: '{{name}} chưa được điểm danh có mặt.',
  speaker_already_waiting: 'Bạn đã đăng ký phát biểu và đang chờ đến lượt.',
  speaker_request_unknown: 'Đăng ký phát biểu này không còn trong danh sách chờ.',
  speaker_not_own: 'Bạn chỉ có thể rút đăng ký phát biểu của chính mình.',
  speaker_none: 'Hiện không có ai đang phát biểu.',
  speaker_queue_stale: 'Danh sách chờ phát biểu vừa thay đổi. Vui lòng xem lại rồi sắp xếp lại.',
  room_meeting_not_startable:
    'Cuộc họp đang ở trạng thái "{{status}}" nên chưa thể bắt đầu: chỉ cuộc họp đã phát hành mới bắt đầu được.',
  room_busy: 'Phòng họp vừa được cập nhật từ nơi khác. Vui lòng thử lại.',
} as const;

export const roomMessagesEn: Record<keyof typeof roomMessagesVi, string> = {
  room_forbidden_control: 'Only the chair or a meeting secretary can control the room.',
  room_forbidden_present: 'Only the current presenter or the chair can move the document for the whole room.',
  room_forbidden_speak: 'You attend as an observer and cannot ask to speak.',
  room_forbidden_checkin: 'Only a meeting secretary can check other people in or out.',
  room_not_participant: 'You are not a participant of this meeting.',
  room_not_started: 'The meeting has not started.',
  room_not_running: 'The meeting is paused or has not started.',
  room_not_paused: 'The meeting is not paused.',
  room_already_started: 'The meeting has already started.',
  room_ended: 'The meeting has ended.',
  room_item_unknown: 'This item is not on the agenda.',
  room_document_unknown:
    'This document does not belong to the meeting (or has been replaced by a newer version).',
  room_no_document: 'No document is open for the room.',
  room_page_out_of_range: 'The document has only {{pages}} pages.',
  room_participant_unknown: 'This person is not a participant of the meeting.',
  room_checkin_not_started: 'The meeting has not started yet, so check-in is not open.',
  room_checkin_ended: 'The meeting has ended, so check-in is closed.',
  room_already_present: '{{name}} is already checked in.',
  room_not_present: '{{name}} is not checked in.',
  speaker_already_waiting: 'You have already asked to speak and are waiting for your turn.',
  speaker_request_unknown: 'This request to speak is no longer in the queue.',
  speaker_not_own: 'You can only withdraw your own request to speak.',
  speaker_none: 'Nobody is speaking.',
  speaker_queue_stale: 'The speaker queue has just changed. Please check it and reorder again.',
  room_meeting_not_startable:
    'The meeting is "{{status}}", so it cannot start: only a published meeting can.',
  room_busy: 'The room was just updated elsewhere. Please try again.',
};

// Every reason the room rules can give has a message.
export const roomReasonsCovered: Record<RoomErrorReason, string> = roomMessagesVi;
