/** Messages of follow-up tasks (nhiệm vụ sau họp), merged into messages.ts. */
export const taskMessagesVi = {
  task_not_found: 'Không tìm thấy nhiệm vụ này, hoặc bạn không có quyền xem.',
  task_conflict:
    'Nhiệm vụ vừa được người khác xử lý. Tải lại để xem trạng thái hiện tại (thao tác của bạn chưa được lưu).',
  task_manage_only:
    'Chỉ Văn phòng (chánh văn phòng, thư ký) mới được giao nhiệm vụ, nghiệm thu, trả lại hoặc duyệt gia hạn.',
  task_lead_unit_only:
    'Chỉ cán bộ của đơn vị chủ trì (hoặc người được giao trực tiếp) mới được thực hiện, báo cáo hay xin gia hạn nhiệm vụ này.',
  task_unit_not_found: 'Đơn vị được chọn không tồn tại hoặc đã ngừng hoạt động.',
  task_unit_repeated:
    'Đơn vị chủ trì không được đồng thời là đơn vị phối hợp, và mỗi đơn vị phối hợp chỉ chọn một lần.',
  task_assignee_not_found: 'Người chịu trách nhiệm phải là tài khoản đang hoạt động của đơn vị chủ trì.',
  task_deadline_past: 'Hạn hoàn thành không được ở trong quá khứ.',
  task_source_not_found:
    'Không tìm thấy điểm kết luận này trong cuộc họp (có thể đã bị xóa). Tải lại kết luận rồi thử lại.',
  task_passage_not_found: 'Tài liệu được trích dẫn không thuộc cuộc họp này.',
  task_passage_page: 'Tài liệu được trích dẫn không có trang này.',
  task_closed: 'Nhiệm vụ đã được nghiệm thu (đã đóng) nên không thể thực hiện thao tác này.',
  task_state_start: 'Chỉ bắt đầu được nhiệm vụ vừa giao hoặc vừa bị trả lại.',
  task_state_report: 'Nhiệm vụ đã được báo cáo, đang chờ Văn phòng xem xét.',
  task_state_review: 'Chỉ nghiệm thu hoặc trả lại được nhiệm vụ đơn vị đã báo cáo hoàn thành.',
  task_extension_pending: 'Đơn vị đã xin gia hạn; hãy chờ Văn phòng trả lời trước khi xin lại.',
  task_extension_none: 'Nhiệm vụ không có đề nghị gia hạn nào đang chờ.',
  task_extension_date: 'Hạn mới phải sau hạn hiện tại.',
  task_file_unknown: 'Tệp đính kèm không thuộc nhiệm vụ này; tải tệp lên trước rồi báo cáo.',
  task_file_missing: 'Hãy chọn một tệp để đính kèm.',
  unit_head_not_member: 'Thủ trưởng đơn vị phải là tài khoản đang hoạt động thuộc chính đơn vị này.',
  field_date: 'Ngày không hợp lệ (định dạng YYYY-MM-DD).',
  field_settings_days_repeated: 'Mỗi số ngày nhắc trước chỉ được chọn một lần.',
} as const;

export const taskMessagesEn: Record<keyof typeof taskMessagesVi, string> = {
  task_not_found: 'This task was not found, or you may not see it.',
  task_conflict:
    'Someone else just acted on this task. Reload to see where it stands (your action was not saved).',
  task_manage_only:
    'Only the office (chief of staff, secretariat) may assign tasks, accept or return reports, and decide on new deadlines.',
  task_lead_unit_only:
    'Only staff of the lead unit (or the person responsible) may work on, report on or ask a new deadline for this task.',
  task_unit_not_found: 'The chosen unit does not exist or is no longer active.',
  task_unit_repeated:
    'The lead unit cannot also be a coordinating unit, and each coordinating unit may be chosen once.',
  task_assignee_not_found: 'The person responsible must be an active user of the lead unit.',
  task_deadline_past: 'The deadline cannot be in the past.',
  task_source_not_found:
    'This conclusion point was not found in the meeting (it may have been removed). Reload the conclusions and try again.',
  task_passage_not_found: 'The quoted document does not belong to this meeting.',
  task_passage_page: 'The quoted document has no such page.',
  task_closed: 'This task was accepted (it is closed), so this cannot be done.',
  task_state_start: 'Only a task just assigned or returned can be started.',
  task_state_report: 'This task was reported done and awaits the office.',
  task_state_review: 'Only a task the unit reported done can be accepted or returned.',
  task_extension_pending: 'A new deadline was already asked for; wait for the answer before asking again.',
  task_extension_none: 'This task has no pending request for a new deadline.',
  task_extension_date: 'The new deadline must be after the current one.',
  task_file_unknown: 'An attached file does not belong to this task; upload it first, then report.',
  task_file_missing: 'Choose a file to attach.',
  unit_head_not_member: "The unit's head must be an active user of this unit.",
  field_date: 'Not a valid date (YYYY-MM-DD).',
  field_settings_days_repeated: 'Each number of days may be chosen once.',
};
