/** Viewer links (liên kết theo dõi) and the viewer screen. */
export const viewers = {
  viewers: {
    qrAlt: 'Mã QR của liên kết theo dõi',
    count_one: '{{count}} người xem',
    count_other: '{{count}} người xem',
    links: {
      title: 'Liên kết theo dõi (màn hình, điện thoại)',
      intro:
        'Màn hình tại điểm cầu hoặc điện thoại, máy tính bảng của đại biểu mở liên kết này để theo dõi tài liệu đang trình chiếu, chương trình và người đang phát biểu — chỉ xem, không cần tài khoản. Liên kết hết hiệu lực khi cuộc họp kết thúc hoặc khi bị thu hồi.',
      for: 'Liên kết cho',
      wholeMeeting: 'Toàn cuộc họp',
      create: 'Tạo liên kết theo dõi',
      onlyNow:
        'Địa chỉ và mã QR chỉ hiện lần này (hệ thống không lưu lại). Hãy quét mã hoặc sao chép địa chỉ ngay; khi cần, tạo liên kết mới.',
      copy: 'Sao chép địa chỉ',
      copied: 'Đã sao chép',
      none: 'Chưa có liên kết theo dõi nào.',
      createdAt: 'tạo lúc {{time}}',
      revokedAt: 'đã thu hồi lúc {{time}}',
      revoke: 'Thu hồi',
    },
    screen: {
      loading: 'Đang kết nối phòng họp…',
      cannot: 'Không mở được màn hình theo dõi',
      lost: 'Mất kết nối tới máy chủ. Hãy kiểm tra mạng rồi tải lại trang.',
      revoked: 'Liên kết theo dõi đã bị thu hồi hoặc cuộc họp đã kết thúc.',
      readOnly: 'Chỉ xem',
      reconnecting: 'Đang kết nối lại…',
      ended: 'Cuộc họp đã kết thúc.',
      notStarted: 'Cuộc họp chưa bắt đầu (dự kiến {{time}}).',
      agenda: 'Chương trình',
      noAgenda: 'Chưa có chương trình.',
      notes: 'Ghi chú chung trên trang',
    },
  },
} as const;
