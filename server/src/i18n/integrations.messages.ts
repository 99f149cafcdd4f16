/** Messages of API tokens, outgoing webhooks and the invitations' settings, Vietnamese and English. */
export const integrationMessagesVi = {
  api_token_not_found: 'Không tìm thấy API token.',
  api_token_invalid: 'API token không hợp lệ hoặc đã bị thu hồi.',
  api_token_scope:
    'API token này không có quyền cho thao tác này (cần phạm vi phù hợp, ví dụ documents:read).',
  webhook_not_found: 'Không tìm thấy webhook.',
  webhook_delivery_not_found: 'Không tìm thấy lần gửi sự kiện này.',
  signed_document_not_found: 'Không tìm thấy văn bản đã ký số này của cuộc họp.',
  field_api_scope:
    'Phạm vi không hợp lệ. Chỉ dùng: meetings:read, documents:read, webhooks:read, webhooks:write.',
  field_api_scopes_empty: 'Chọn ít nhất một phạm vi cho API token.',
  field_api_scopes_repeated: 'Mỗi phạm vi chỉ được chọn một lần.',
  field_webhook_event: 'Loại sự kiện không hợp lệ.',
  field_webhook_events_empty: 'Chọn ít nhất một loại sự kiện.',
  field_webhook_events_repeated: 'Mỗi loại sự kiện chỉ được chọn một lần.',
  field_webhook_url: 'Địa chỉ phải là http:// hoặc https:// hợp lệ, không chứa tên đăng nhập hay mật khẩu.',
  field_webhook_url_credentials:
    'Địa chỉ không được chứa tên đăng nhập hay mật khẩu (dạng http://ten:matkhau@...). Hệ thống nhận kiểm tra chữ ký HMAC thay cho mật khẩu.',
  field_webhook_url_port: 'Cổng trong địa chỉ phải là số từ 1 đến 65535.',
  field_webhook_url_unresolved:
    'Không tìm thấy máy chủ có tên này (tên miền không phân giải được). Kiểm tra lại địa chỉ của hệ thống nhận sự kiện.',
  field_webhook_url_self: 'Địa chỉ không được trỏ về chính máy chủ I-Cabinet.',
  field_webhook_url_loopback:
    'Địa chỉ không được trỏ về chính máy này (localhost, 127.0.0.1 hoặc một tên miền trỏ về đó). Dùng địa chỉ của hệ thống nhận sự kiện.',
  field_webhook_url_reserved:
    'Địa chỉ trỏ tới một vùng mạng không được phép (0.0.0.0, 169.254.x.x, fe80::, multicast). Dùng địa chỉ của hệ thống nhận sự kiện trong mạng nội bộ hoặc Internet.',
  field_gateway_secret: 'Khóa bí mật của cổng SMS/Zalo phải có từ 16 đến 200 ký tự.',
  field_gateway_secret_required: 'Cần nhập khóa bí mật để cổng SMS/Zalo kiểm tra chữ ký.',
} as const;

export const integrationMessagesEn: Record<keyof typeof integrationMessagesVi, string> = {
  api_token_not_found: 'API token not found.',
  api_token_invalid: 'The API token is not valid or has been revoked.',
  api_token_scope: 'This API token does not allow this operation (it needs a scope such as documents:read).',
  webhook_not_found: 'Webhook not found.',
  webhook_delivery_not_found: 'This event delivery was not found.',
  signed_document_not_found: 'This signed document of the meeting was not found.',
  field_api_scope:
    'Not a valid scope. Use only: meetings:read, documents:read, webhooks:read, webhooks:write.',
  field_api_scopes_empty: 'Choose at least one scope for the API token.',
  field_api_scopes_repeated: 'Each scope may be chosen only once.',
  field_webhook_event: 'Not a valid event type.',
  field_webhook_events_empty: 'Choose at least one event type.',
  field_webhook_events_repeated: 'Each event type may be chosen only once.',
  field_webhook_url:
    'The address must be a valid http:// or https:// address, without a user name or password.',
  field_webhook_url_credentials:
    'The address must not contain a user name or password (http://name:password@...). The receiver checks the HMAC signature instead.',
  field_webhook_url_port: 'The port in the address must be a number from 1 to 65535.',
  field_webhook_url_unresolved:
    "No server has this name (the host name does not resolve). Check the receiving system's address.",
  field_webhook_url_self: 'The address must not point at the I-Cabinet server itself.',
  field_webhook_url_loopback:
    "The address must not point at this machine (localhost, 127.0.0.1 or a name that resolves there). Use the receiving system's address.",
  field_webhook_url_reserved:
    "The address points at a network range that is not allowed (0.0.0.0, 169.254.x.x, fe80::, multicast). Use the receiving system's address on the LAN or the Internet.",
  field_gateway_secret: 'The SMS/Zalo gateway secret must have 16 to 200 characters.',
  field_gateway_secret_required: 'Enter a secret so that the SMS/Zalo gateway can check the signature.',
};
