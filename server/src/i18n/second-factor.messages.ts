/** Messages of two-factor sign-in (TOTP) and of sessions, Vietnamese and English. */
export const secondFactorMessagesVi = {
  second_factor_expired: 'Bước xác thực đã hết hạn. Vui lòng nhập lại mật khẩu.',
  wrong_totp_code: 'Mã xác thực không đúng. Vui lòng xem lại mã trên ứng dụng xác thực.',
  totp_code_used: 'Mã này đã được dùng. Vui lòng chờ mã mới trên ứng dụng xác thực.',
  recovery_code_used: 'Mã khôi phục này đã được dùng.',
  second_factor_already_enabled: 'Tài khoản đã bật xác thực hai bước.',
  second_factor_not_started: 'Chưa bắt đầu đăng ký xác thực hai bước. Vui lòng bắt đầu lại.',
  second_factor_required: 'Bạn cần bật xác thực hai bước trước khi tiếp tục.',
  second_factor_none: 'Người dùng này chưa bật xác thực hai bước.',
  field_totp_code: 'Mã gồm 6 chữ số, hoặc mã khôi phục dạng xxxxx-xxxxx.',
  session_not_found: 'Phiên đăng nhập này không còn (có thể đã kết thúc).',
} as const;

export const secondFactorMessagesEn: Record<keyof typeof secondFactorMessagesVi, string> = {
  second_factor_expired: 'This sign-in step has expired. Please enter your password again.',
  wrong_totp_code: 'Wrong code. Please check the code in your authenticator app.',
  totp_code_used: 'This code has already been used. Please wait for a new code in your authenticator app.',
  recovery_code_used: 'This recovery code has already been used.',
  second_factor_already_enabled: 'Two-step sign-in is already on for this account.',
  second_factor_not_started: 'Two-step sign-in enrolment has not been started. Please start again.',
  second_factor_required: 'You need to turn on two-step sign-in before continuing.',
  second_factor_none: 'This user has not turned on two-step sign-in.',
  field_totp_code: 'A 6-digit code, or a recovery code like xxxxx-xxxxx.',
  session_not_found: 'This session no longer exists (it may have ended).',
};
