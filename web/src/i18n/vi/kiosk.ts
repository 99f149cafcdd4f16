/** The desktop shell (Electron) on the meeting room's tablets: first-run server address screen. */
export const kiosk = {
  kioskSetup: {
    tagline: 'Máy tính bảng phòng họp',
    title: 'Kết nối máy chủ',
    subtitleFirst:
      'Lần đầu sử dụng: nhập địa chỉ máy chủ I-Cabinet của cơ quan. Địa chỉ được kiểm tra trước khi lưu.',
    subtitleChange: 'Máy tính bảng đang dùng địa chỉ dưới đây. Sửa địa chỉ nếu máy chủ đã thay đổi.',
    address: 'Địa chỉ máy chủ',
    hint: 'Ví dụ: http://192.168.1.10:8080 hoặc https://hop.hanoi.gov.vn — hỏi bộ phận quản trị hệ thống.',
    submit: 'Kiểm tra và lưu',
    checking: 'Đang kiểm tra máy chủ…',
    connected: 'Đã kết nối máy chủ I-Cabinet (phiên bản {{version}}). Đang lưu…',
    opening: 'Đã lưu. Đang mở máy chủ I-Cabinet (phiên bản {{version}})…',
    about: 'Ứng dụng I-Cabinet {{version}} · {{platform}}',
    noShell:
      'Trang này chỉ dùng trong ứng dụng I-Cabinet cài trên máy tính bảng phòng họp. Trên trình duyệt, bạn đang dùng trực tiếp máy chủ này.',
    change: 'Đổi địa chỉ máy chủ',
    toApp: 'Về trang chủ',
    errors: {
      empty: 'Vui lòng nhập địa chỉ máy chủ.',
      invalid:
        'Địa chỉ không hợp lệ. Nhập dạng http://192.168.1.10:8080 hoặc https://hop.hanoi.gov.vn (không kèm tên đăng nhập, mật khẩu).',
      unreachable:
        'Không kết nối được máy chủ {{address}}. Kiểm tra lại địa chỉ, cổng và mạng Wi-Fi của máy tính bảng rồi thử lại.',
      notIcabinet:
        'Máy chủ {{address}} có trả lời nhưng không phải máy chủ I-Cabinet. Kiểm tra lại địa chỉ và cổng.',
      httpError:
        'Máy chủ {{address}} đang báo lỗi (mã {{status}}). Thử lại sau ít phút hoặc báo quản trị hệ thống.',
      notSaved: 'Không lưu được địa chỉ máy chủ trên máy tính bảng. Thử lại hoặc báo quản trị hệ thống.',
    },
  },
} as const;
