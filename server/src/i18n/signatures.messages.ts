/** Messages of digital signatures (modules/signatures), merged into the server catalogue in messages.ts. */
export const signatureMessagesVi = {
  signature_not_signer: 'Chỉ chủ trì hoặc thư ký của cuộc họp được ký số văn bản này.',
  signature_not_approved: 'Văn bản chưa được phê duyệt nên chưa thể ký số.',
  signature_already_signed: 'Bạn đã ký số văn bản này rồi.',
  signature_chair_only: 'Chỉ chủ tọa cuộc họp được ký số văn bản này.',
  signature_not_issued: 'Văn bản chưa được ban hành nên chưa xem được chữ ký số.',
  signature_version_required:
    'Thiếu phiên bản của văn bản đang ký. Tải lại trang rồi ký lại (văn bản chưa được ký).',
  signature_version_conflict:
    'Văn bản vừa được người khác xử lý sau khi bạn mở trang ký. Tải lại để xem bản hiện tại (văn bản chưa được ký).',
  signature_pdf_not_signed:
    'Tệp PDF gửi lên không mang chữ ký số hợp lệ của văn bản (chưa ký hoặc đã bị sửa sau khi ký). Không có gì thay đổi.',
  signature_conflict: 'Văn bản vừa được người khác ký. Vui lòng tải lại và ký lại.',
  signature_p12_wrong_password: 'Mật khẩu của tệp chứng thư số (.p12/.pfx) không đúng. Văn bản chưa được ký.',
  signature_p12_unreadable: 'Không đọc được tệp chứng thư số: cần một tệp PKCS#12 (.p12 hoặc .pfx).',
  signature_p12_no_key: 'Tệp chứng thư số không chứa khóa bí mật khớp với chứng thư.',
  signature_p12_missing: 'Hãy chọn tệp chứng thư số (.p12 hoặc .pfx) và nhập mật khẩu.',
  signature_certificate_unreadable: 'Không đọc được chứng thư số gửi lên (cần PEM hoặc DER dạng base64).',
  signature_certificate_expired: 'Chứng thư số đã hết hạn ngày {{date}}. Văn bản chưa được ký.',
  signature_certificate_not_yet_valid:
    'Chứng thư số chưa có hiệu lực (từ ngày {{date}}). Văn bản chưa được ký.',
  signature_holder_mismatch:
    'Chứng thư số cấp cho "{{holder}}", không phải người ký được chọn ({{signer}}). Văn bản chưa được ký.',
  signature_untrusted_certificate:
    'Chứng thư số không do tổ chức chứng thực tin cậy cấp (không dẫn tới chứng thư gốc đã cấu hình).',
  signature_session_expired:
    'Phiên ký bằng thiết bị ký số đã hết hạn hoặc không tồn tại. Hãy bắt đầu ký lại.',
  signature_value_invalid:
    'Chữ ký nhận được từ thiết bị ký số không khớp với chứng thư số. Văn bản chưa được ký.',
  signature_document_not_found: 'Văn bản chưa được ký số.',
  signature_verify_missing: 'Hãy chọn một tệp PDF để kiểm tra.',
  signature_verify_not_pdf: 'Tệp "{{name}}" không phải là tệp PDF.',
  signature_verify_unsigned: 'Tệp "{{name}}" không có chữ ký số nào.',
  signature_verify_damaged: 'Tệp "{{name}}" bị hỏng, không đọc được nội dung PDF.',
  signature_upload_too_large: 'Tệp quá lớn (tối đa {{max}} MB).',
};

export const signatureMessagesEn: Record<keyof typeof signatureMessagesVi, string> = {
  signature_not_signer: 'Only the chair or a secretary of the meeting may sign this document.',
  signature_not_approved: 'The document has not been approved, so it cannot be signed yet.',
  signature_already_signed: 'You have already signed this document.',
  signature_chair_only: 'Only the chair of the meeting may sign this document.',
  signature_not_issued: 'The document has not been issued yet, so its signatures cannot be seen.',
  signature_version_required:
    'The version of the document being signed is missing. Reload the page and sign again (nothing was signed).',
  signature_version_conflict:
    'Someone acted on the document after you opened the signing page. Reload it to see where it stands (nothing was signed).',
  signature_pdf_not_signed:
    'The PDF sent does not bear a valid digital signature of the document (unsigned, or changed after signing). Nothing was changed.',
  signature_conflict: 'Someone else has just signed the document. Reload it and sign again.',
  signature_p12_wrong_password:
    'The password of the certificate file (.p12/.pfx) is wrong. The document was not signed.',
  signature_p12_unreadable:
    'The certificate file could not be read: a PKCS#12 file (.p12 or .pfx) is needed.',
  signature_p12_no_key: 'The certificate file holds no private key matching its certificate.',
  signature_p12_missing: 'Choose the certificate file (.p12 or .pfx) and enter its password.',
  signature_certificate_unreadable: 'The certificate sent could not be read (PEM or base64 DER is needed).',
  signature_certificate_expired: 'The certificate expired on {{date}}. The document was not signed.',
  signature_certificate_not_yet_valid:
    'The certificate is not valid yet (from {{date}}). The document was not signed.',
  signature_holder_mismatch:
    'The certificate was issued to "{{holder}}", not to the chosen signer ({{signer}}). The document was not signed.',
  signature_untrusted_certificate:
    'The certificate was not issued by a trusted certification authority (no chain to a configured root).',
  signature_session_expired:
    'The signing session with the signing device has expired or does not exist. Start signing again.',
  signature_value_invalid:
    'The signature received from the signing device does not match the certificate. The document was not signed.',
  signature_document_not_found: 'The document has not been signed yet.',
  signature_verify_missing: 'Choose a PDF file to check.',
  signature_verify_not_pdf: 'The file "{{name}}" is not a PDF.',
  signature_verify_unsigned: 'The file "{{name}}" has no digital signature.',
  signature_verify_damaged: 'The file "{{name}}" is damaged: its PDF content cannot be read.',
  signature_upload_too_large: 'The file is too large (at most {{max}} MB).',
};
