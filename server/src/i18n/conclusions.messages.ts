/** Messages of conclusions and the conclusion notice's approval, merged into messages.ts. */
export const conclusionMessagesVi = {
  conclusion_item_not_found: 'Không tìm thấy mục chương trình này trong cuộc họp.',
  conclusion_conflict:
    'Kết luận của mục này vừa được người khác sửa. Tải lại để xem bản mới nhất rồi sửa tiếp (thay đổi của bạn chưa được lưu).',
  conclusion_locked:
    'Thông báo kết luận đã được trình chủ tọa hoặc đã ban hành nên không thể sửa kết luận. Thư ký rút lại, hoặc chủ tọa trả lại, thì mới sửa được.',
  conclusion_point_unknown:
    'Một điểm kết luận gửi lên không thuộc mục chương trình này; tải lại rồi thử lại.',
  conclusion_point_duplicate: 'Mỗi điểm kết luận chỉ được gửi một lần.',
  notice_conflict:
    'Thông báo kết luận vừa được người khác xử lý (trình, duyệt hoặc ban hành). Tải lại để xem trạng thái hiện tại.',
  notice_empty: 'Chưa có kết luận nào: hãy ghi kết luận cho ít nhất một mục chương trình trước khi trình.',
  notice_not_issued: 'Thông báo kết luận chưa được ban hành.',
  notice_meeting_draft: 'Cuộc họp chưa được công bố nên chưa thể trình hay ban hành thông báo kết luận.',
  approval_role_drafter:
    'Chỉ thư ký cuộc họp hoặc Văn phòng mới được trình, rút lại hoặc ban hành thông báo kết luận.',
  approval_role_approver: 'Chỉ chủ tọa cuộc họp mới được phê duyệt hoặc trả lại thông báo kết luận.',
  approval_role_signer: 'Chỉ người ký được chọn cho bước này mới được ký thông báo kết luận.',
  approval_comment_required: 'Khi trả lại, hãy ghi ý kiến để thư ký biết cần sửa gì.',
  approval_signed_pdf_required: 'Cần kèm tệp PDF đã ký số để chuyển sang bước "Đã ký".',
  approval_state_submit:
    'Chỉ trình được bản dự thảo hoặc bản bị trả lại; thông báo này đã được trình hoặc đã xử lý.',
  approval_state_withdraw: 'Chỉ rút lại được thông báo đang chờ chủ tọa duyệt.',
  approval_state_return: 'Chỉ trả lại được thông báo đã trình chủ tọa.',
  approval_state_approve:
    'Chỉ phê duyệt được thông báo đã trình chủ tọa; bản dự thảo cần được thư ký trình trước.',
  approval_state_sign: 'Chỉ ký được thông báo đã được chủ tọa phê duyệt.',
  approval_state_issue: 'Chỉ ban hành được thông báo kết luận đã được chủ tọa phê duyệt và ký số.',
  approval_state_issueUnsigned:
    'Không còn ban hành thông báo kết luận không ký số: chủ tọa ký số rồi mới ban hành.',
  notice_unsigned:
    'Thông báo kết luận chưa được chủ tọa ký số nên chưa ban hành được: văn bản ban hành phải là bản đã ký số. Chủ tọa ký số (nút "Ký số") rồi Văn phòng mới ban hành.',
};

export const conclusionMessagesEn: Record<keyof typeof conclusionMessagesVi, string> = {
  conclusion_item_not_found: 'This agenda item is not part of the meeting.',
  conclusion_conflict:
    "Someone else has just changed this item's conclusions. Reload to see the latest version, then edit again (your change was not saved).",
  conclusion_locked:
    'The conclusion notice has been submitted to the chair or issued, so the conclusions cannot be changed. The secretary withdraws it, or the chair returns it, to edit again.',
  conclusion_point_unknown: 'A point sent does not belong to this agenda item; reload and try again.',
  conclusion_point_duplicate: 'Each conclusion point may be sent only once.',
  notice_conflict:
    'Someone else has just acted on the conclusion notice (submitted, approved or issued it). Reload to see where it stands.',
  notice_empty:
    'There are no conclusions yet: write conclusions for at least one agenda item before submitting.',
  notice_not_issued: 'The conclusion notice has not been issued yet.',
  notice_meeting_draft:
    'The meeting has not been published, so its conclusion notice cannot be submitted or issued.',
  approval_role_drafter:
    "Only the meeting's secretaries or the office may submit, withdraw or issue the conclusion notice.",
  approval_role_approver: "Only the meeting's chair may approve or return the conclusion notice.",
  approval_role_signer: 'Only the signer chosen for this step may sign the conclusion notice.',
  approval_comment_required: 'When returning it, write a comment so the secretary knows what to change.',
  approval_signed_pdf_required: 'The digitally signed PDF is needed to move to "Signed".',
  approval_state_submit:
    'Only a draft or a returned notice can be submitted; this one is already submitted or handled.',
  approval_state_withdraw: 'Only a notice waiting for the chair can be withdrawn.',
  approval_state_return: 'Only a notice submitted to the chair can be returned.',
  approval_state_approve:
    'Only a notice submitted to the chair can be approved; the secretary must submit the draft first.',
  approval_state_sign: 'Only a notice the chair approved can be signed.',
  approval_state_issue: 'Only a conclusion notice the chair approved and signed can be issued.',
  approval_state_issueUnsigned:
    'Conclusion notices are no longer issued without a digital signature: the chair signs first.',
  notice_unsigned:
    'The chair has not signed the conclusion notice, so it cannot be issued: an issued document is the digitally signed one. The chair signs it ("Sign") first, then the office issues it.',
};
