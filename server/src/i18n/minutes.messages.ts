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
  minutes_approval_role_drafter:
    'Chỉ thư ký cuộc họp hoặc Văn phòng mới được trình, rút lại hoặc ban hành biên bản.',
  minutes_approval_role_approver: 'Chỉ chủ tọa cuộc họp mới được phê duyệt hoặc trả lại biên bản.',
  minutes_approval_role_signer: 'Chỉ thư ký và chủ tọa cuộc họp mới được ký số biên bản.',
  minutes_approval_state_submit:
    'Chỉ trình được biên bản đang soạn hoặc bị trả lại; biên bản này đã được trình hoặc đã xử lý.',
  minutes_approval_state_withdraw: 'Chỉ rút lại được biên bản đang chờ chủ tọa duyệt.',
  minutes_approval_state_return: 'Chỉ trả lại được biên bản đã trình chủ tọa.',
  minutes_approval_state_approve: 'Chỉ phê duyệt được biên bản đã trình chủ tọa.',
  minutes_approval_state_sign: 'Chỉ ký được biên bản đã được chủ tọa phê duyệt.',
  minutes_approval_state_issue:
    'Chỉ ban hành được biên bản đã được chủ tọa phê duyệt và có đủ chữ ký số của thư ký và chủ tọa.',
  minutes_approval_state_issueUnsigned:
    'Không còn ban hành biên bản không ký số: biên bản được thư ký và chủ tọa ký số rồi mới ban hành.',
  minutes_unsigned_both:
    'Biên bản chưa được ký số nên chưa ban hành được: văn bản ban hành phải có chữ ký số của thư ký và chủ tọa. Hãy ký số (nút "Ký số") rồi ban hành.',
  minutes_unsigned_secretary:
    'Biên bản mới có chữ ký số của chủ tọa nên chưa ban hành được: còn thiếu chữ ký số của thư ký.',
  minutes_unsigned_chair:
    'Biên bản mới có chữ ký số của thư ký nên chưa ban hành được: còn thiếu chữ ký số của chủ tọa.',
  minutes_approval_conflict:
    'Biên bản vừa được người khác xử lý (trình, duyệt, ký hoặc ban hành). Tải lại để xem trạng thái hiện tại.',
  minutes_submit_unlocked: 'Hãy khóa biên bản để ký trước khi trình chủ tọa: văn bản trình là bản đã khóa.',
  minutes_reopen_in_approval:
    'Biên bản đã trình chủ tọa (hoặc đã duyệt, ký, ban hành) nên không mở lại được. Thư ký rút lại, hoặc chủ tọa trả lại, thì mới mở lại để sửa.',
  minutes_not_issued: 'Biên bản chưa được ban hành.',
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
  minutes_approval_role_drafter:
    'Only a secretary of the meeting or the secretariat may submit, withdraw or issue the minutes.',
  minutes_approval_role_approver: 'Only the chair of the meeting may approve or return the minutes.',
  minutes_approval_role_signer: 'Only the secretary and the chair of the meeting may sign the minutes.',
  minutes_approval_state_submit:
    'Only minutes being drafted or returned can be submitted; these were submitted or handled already.',
  minutes_approval_state_withdraw: 'Only minutes waiting for the chair can be withdrawn.',
  minutes_approval_state_return: 'Only minutes submitted to the chair can be returned.',
  minutes_approval_state_approve: 'Only minutes submitted to the chair can be approved.',
  minutes_approval_state_sign: 'Only minutes the chair approved can be signed.',
  minutes_approval_state_issue:
    'Only minutes the chair approved and both the secretary and the chair signed can be issued.',
  minutes_approval_state_issueUnsigned:
    'Minutes are no longer issued without digital signatures: the secretary and the chair sign them first.',
  minutes_unsigned_both:
    'The minutes are not signed, so they cannot be issued: an issued document carries the digital signatures of the secretary and the chair. Sign them ("Sign") first.',
  minutes_unsigned_secretary:
    "Only the chair has signed the minutes, so they cannot be issued yet: the secretary's digital signature is missing.",
  minutes_unsigned_chair:
    "Only the secretary has signed the minutes, so they cannot be issued yet: the chair's digital signature is missing.",
  minutes_approval_conflict:
    'Someone has just acted on the minutes (submitted, approved, signed or issued). Reload to see where they stand.',
  minutes_submit_unlocked:
    'Lock the minutes for signing before submitting them: the locked text is what is submitted.',
  minutes_reopen_in_approval:
    'The minutes were submitted to the chair (or approved, signed, issued), so they cannot be reopened. The secretary withdraws them, or the chair returns them, first.',
  minutes_not_issued: 'The minutes have not been issued yet.',
};
