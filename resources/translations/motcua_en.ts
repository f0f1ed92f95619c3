<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>AccountFormDialog</name>
    <message>
        <source>Tạo tài khoản quản trị đầu tiên</source>
        <translation>Create the first administrator account</translation>
    </message>
    <message>
        <source>Thêm tài khoản</source>
        <translation>Add account</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Mã PIN (ít nhất 6 chữ số) hoặc mật khẩu</source>
        <translation>PIN (at least 6 digits) or password</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN/mật khẩu</source>
        <translation>PIN/password again</translation>
    </message>
    <message>
        <source>Tạo tài khoản</source>
        <translation>Create account</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hai lần nhập không giống nhau. Nhập lại.</source>
        <translation>The two entries differ. Type them again.</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Quản lý tài khoản</source>
        <translation>Manage accounts</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Khóa đến {0}</source>
        <translation>Locked until {0}</translation>
    </message>
    <message>
        <source>Đang dùng</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Đã ngừng</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Danh sách tài khoản</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>Thêm tài khoản…</source>
        <translation>Add account…</translation>
    </message>
    <message>
        <source>Mở khóa</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Đặt lại mã PIN/mật khẩu…</source>
        <translation>Reset PIN/password…</translation>
    </message>
    <message>
        <source>Ngừng tài khoản</source>
        <translation>Stop account</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đã tạo tài khoản {0}.</source>
        <translation>Account {0} created.</translation>
    </message>
    <message>
        <source>Chọn một tài khoản trong danh sách trước.</source>
        <translation>Choose an account in the list first.</translation>
    </message>
    <message>
        <source>Đã mở khóa tài khoản {0}.</source>
        <translation>Account {0} unlocked.</translation>
    </message>
    <message>
        <source>Đặt lại mã PIN/mật khẩu</source>
        <translation>Reset PIN/password</translation>
    </message>
    <message>
        <source>Mã PIN/mật khẩu mới cho {0}</source>
        <translation>New PIN/password for {0}</translation>
    </message>
    <message>
        <source>Đã đặt lại mã PIN/mật khẩu của {0}.</source>
        <translation>The PIN/password of {0} was reset.</translation>
    </message>
    <message>
        <source>Đã ngừng tài khoản {0}.</source>
        <translation>Account {0} stopped.</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Hồ sơ {0} — {1}
{2}</source>
        <translation>Dossier {0} — {1}
{2}</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>ví dụ: lan.nguyen</source>
        <translation>e.g. lan.nguyen</translation>
    </message>
    <message>
        <source>ví dụ: Nguyễn Thị Lan</source>
        <translation>e.g. Nguyễn Thị Lan</translation>
    </message>
    <message>
        <source>Tên đăng nhập *</source>
        <translation>Username *</translation>
    </message>
    <message>
        <source>Chữ thường không dấu, chữ số, dấu chấm hoặc gạch (ví dụ: lan.nguyen).</source>
        <translation>Lowercase letters without accents, digits, dots or dashes (e.g. lan.nguyen).</translation>
    </message>
    <message>
        <source>Họ và tên *</source>
        <translation>Full name *</translation>
    </message>
    <message>
        <source>Mã PIN hoặc mật khẩu *</source>
        <translation>PIN or password *</translation>
    </message>
    <message>
        <source>Mã PIN ít nhất 6 chữ số, không dùng dãy dễ đoán như 123456; hoặc mật khẩu ít nhất 8 ký tự. Ghi nhớ cẩn thận.</source>
        <translation>A PIN of at least 6 digits, not an easy sequence like 123456; or a password of at least 8 characters. Remember it well.</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN/mật khẩu *</source>
        <translation>PIN/password again *</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Quầy Một Cửa</source>
        <translation>One-Stop Counter</translation>
    </message>
    <message>
        <source>Không mở được dữ liệu của quầy: {0}. Báo cho bộ phận kỹ thuật.</source>
        <translation>Could not open the counter&apos;s data: {0}. Tell technical support.</translation>
    </message>
    <message>
        <source>Không mở được Quầy Một Cửa</source>
        <translation>Could not open the One-Stop Counter</translation>
    </message>
</context>
<context>
    <name>ApplicantForm</name>
    <message>
        <source>12 chữ số trên thẻ căn cước</source>
        <translation>12 digits on the ID card</translation>
    </message>
    <message>
        <source>ngày/tháng/năm, ví dụ 05/09/1985</source>
        <translation>day/month/year, e.g. 05/09/1985</translation>
    </message>
    <message>
        <source>ví dụ 0912 345 678</source>
        <translation>e.g. 0912 345 678</translation>
    </message>
    <message>
        <source>số nhà, thôn/xóm, xã, tỉnh</source>
        <translation>house no., hamlet, commune, province</translation>
    </message>
    <message>
        <source>không bắt buộc</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Số định danh cá nhân</source>
        <translation>Personal ID number</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Thư điện tử</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Đưa mã QR của thẻ vào máy quét</source>
        <translation>Hold the card&apos;s QR code to the scanner</translation>
    </message>
    <message>
        <source>Quét thẻ căn cước</source>
        <translation>Scan ID card</translation>
    </message>
    <message>
        <source>Chọn Nam hoặc Nữ</source>
        <translation>Choose Male or Female</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>Thời điểm</source>
        <translation>Taken at</translation>
    </message>
    <message>
        <source>Số hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Dung lượng</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>hỏng</source>
        <translation>damaged</translation>
    </message>
    <message>
        <source>Các bản sao lưu</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Sao lưu ra USB…</source>
        <translation>Back up to USB…</translation>
    </message>
    <message>
        <source>Khôi phục…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>Sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Có lỗi ngoài dự kiến: {0}. Thử lại; nếu vẫn lỗi, báo cho bộ phận kỹ thuật.</source>
        <translation>Unexpected error: {0}. Try again; if it still fails, tell technical support.</translation>
    </message>
    <message>
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>Đã sao lưu vào {0}.</source>
        <translation>Backed up to {0}.</translation>
    </message>
    <message>
        <source>Chọn thư mục khác…</source>
        <translation>Choose another folder…</translation>
    </message>
    <message>
        <source>Sao lưu ra USB</source>
        <translation>Back up to USB</translation>
    </message>
    <message>
        <source>Chọn ổ USB:</source>
        <translation>Choose a USB drive:</translation>
    </message>
    <message>
        <source>Chọn thư mục hoặc ổ USB để sao lưu</source>
        <translation>Choose a folder or USB drive for the backup</translation>
    </message>
    <message>
        <source>Chọn một bản sao lưu trong danh sách trước.</source>
        <translation>Choose a backup in the list first.</translation>
    </message>
    <message>
        <source>Bản sao lưu này bị hỏng; chọn bản khác.</source>
        <translation>This backup is damaged; choose another one.</translation>
    </message>
    <message>
        <source>Khôi phục dữ liệu</source>
        <translation>Restore data</translation>
    </message>
    <message>
        <source>Dữ liệu hiện tại sẽ được thay bằng bản sao lưu lúc {0} ngày {1} ({2} hồ sơ). Mọi việc làm sau thời điểm đó sẽ không còn trong phần mềm (tệp dữ liệu hiện tại được giữ lại trong thư mục sao lưu). Phần mềm sẽ đóng lại, khôi phục rồi tự mở lại. Tiếp tục?</source>
        <translation>The current data will be replaced by the backup taken at {0} on {1} ({2} dossiers). Any work done after that time will no longer be in the program (the current data file is kept in the backup folder). The program will close, restore, then reopen by itself. Continue?</translation>
    </message>
    <message>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Không khôi phục được từ đây. Đóng phần mềm rồi chạy lệnh `motcua restore {0}`.</source>
        <translation>Could not restore from here. Close the program, then run `motcua restore {0}`.</translation>
    </message>
    <message>
        <source>Đang đóng phần mềm để khôi phục…</source>
        <translation>Closing the program to restore…</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>Chưa sao lưu được</source>
        <translation>Backup failed</translation>
    </message>
    <message>
        <source>Chưa khôi phục được</source>
        <translation>Restore failed</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Đang đọc trạng thái…</source>
        <translation>Reading the status…</translation>
    </message>
    <message>
        <source>Trạng thái kết nối</source>
        <translation>Connection status</translation>
    </message>
    <message>
        <source>Mở cửa sổ đồng bộ…</source>
        <translation>Open the sync window…</translation>
    </message>
    <message>
        <source>Đăng ký lại (chỉ khi bưu điện tỉnh cấp mã đăng ký mới, ví dụ khi thay máy):</source>
        <translation>Enroll again (only when the provincial post office issues a new enrollment code, e.g. after replacing the computer):</translation>
    </message>
    <message>
        <source>Đăng ký quầy với bưu điện tỉnh bằng mã đăng ký do tỉnh cấp:</source>
        <translation>Enroll the counter with the provincial post office using the enrollment code it issued:</translation>
    </message>
</context>
<context>
    <name>ControlScreen</name>
    <message>
        <source>Kiểm soát</source>
        <translation>Control</translation>
    </message>
    <message>
        <source>Chốt ngày</source>
        <translation>Close day</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>ví dụ: Quầy 1</source>
        <translation>e.g. Quầy 1</translation>
    </message>
    <message>
        <source>Tên quầy *</source>
        <translation>Counter name *</translation>
    </message>
</context>
<context>
    <name>DayCloseTab</name>
    <message>
        <source>Ngày chốt</source>
        <translation>Day to close</translation>
    </message>
    <message>
        <source>Xem số liệu</source>
        <translation>Show figures</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Số hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Phí, lệ phí</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Cước</source>
        <translation>Postage</translation>
    </message>
    <message>
        <source>Hồ sơ theo thủ tục</source>
        <translation>Dossiers by procedure</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Hồ sơ theo trạng thái</source>
        <translation>Dossiers by status</translation>
    </message>
    <message>
        <source>Biên bản</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Cơ quan</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Cơ quan đã ký nhận</source>
        <translation>Signed for by the agency</translation>
    </message>
    <message>
        <source>Đã ký nhận</source>
        <translation>Signed for</translation>
    </message>
    <message>
        <source>Còn {0} hồ sơ chưa ký</source>
        <translation>{0} dossier(s) not signed for yet</translation>
    </message>
    <message>
        <source>Biên bản bàn giao</source>
        <translation>Hand-over records</translation>
    </message>
    <message>
        <source>Hồ sơ trong ngày</source>
        <translation>The day&apos;s dossiers</translation>
    </message>
    <message>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Mệnh giá</source>
        <translation>Denomination</translation>
    </message>
    <message>
        <source>Số tờ</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Thành tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Hoặc nhập tổng tiền đã đếm</source>
        <translation>Or type the total counted</translation>
    </message>
    <message>
        <source>Lý do chênh lệch</source>
        <translation>Reason for the difference</translation>
    </message>
    <message>
        <source>Tiền mặt đã đếm</source>
        <translation>Cash counted</translation>
    </message>
    <message>
        <source>Chênh lệch</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Chốt ngày</source>
        <translation>Close day</translation>
    </message>
    <message>
        <source>Ngày {0}: {1} hồ sơ — {2}</source>
        <translation>Day {0}: {1} dossier(s) — {2}</translation>
    </message>
    <message>
        <source>đã chốt, {0}</source>
        <translation>closed, {0}</translation>
    </message>
    <message>
        <source>chưa chốt</source>
        <translation>not closed</translation>
    </message>
    <message>
        <source>Sự kiện chưa đồng bộ lên tỉnh: {0}. Chốt ngày vẫn được khi ngoại tuyến; ngày được ghi «chưa đối soát với tỉnh» đến khi tỉnh xác nhận.</source>
        <translation>Events not yet synced to the province: {0}. The day can still be closed offline; it is marked “not reconciled with the province” until the province confirms.</translation>
    </message>
    <message>
        <source>Mọi sự kiện trong ngày đã đồng bộ lên tỉnh.</source>
        <translation>All of the day&apos;s events are synced to the province.</translation>
    </message>
    <message>
        <source>Phải thu: {0} (phí, lệ phí {1}; cước {2}; thu khi trả kết quả cho {3} hồ sơ: {4})</source>
        <translation>Expected: {0} (fees {1}; postage {2}; collected at {3} return(s): {4})</translation>
    </message>
    <message>
        <source>Chốt ngày {0}? Sau khi chốt, ngày này chỉ còn xem được; điều chỉnh ghi vào ngày sau.</source>
        <translation>Close the day {0}? Once closed it can only be viewed; corrections go on a later day.</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đã chốt ngày {0}.</source>
        <translation>Day {0} closed.</translation>
    </message>
    <message>
        <source>Báo cáo chốt ngày {0}</source>
        <translation>Day close report {0}</translation>
    </message>
</context>
<context>
    <name>DetailDialog</name>
    <message>
        <source>Hồ sơ {0}</source>
        <translation>Dossier {0}</translation>
    </message>
    <message>
        <source>Chi tiết hồ sơ</source>
        <translation>Dossier details</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Phí, lệ phí và cước</source>
        <translation>Fees and postage</translation>
    </message>
    <message>
        <source>Diễn biến hồ sơ</source>
        <translation>Dossier history</translation>
    </message>
    <message>
        <source>In lại giấy tiếp nhận</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <source>In lại nhãn</source>
        <translation>Reprint label</translation>
    </message>
    <message>
        <source>Thao tác…</source>
        <translation>Actions…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Trong ngày</source>
        <translation>Same day</translation>
    </message>
    <message>
        <source>{0} ngày làm việc</source>
        <translation>{0} working days</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Số hiệu bưu gửi</source>
        <translation>Postal item number</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Cơ quan giải quyết</source>
        <translation>Deciding agency</translation>
    </message>
    <message>
        <source>Thời gian nhận hồ sơ</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Thời gian trả kết quả</source>
        <translation>Result due at</translation>
    </message>
    <message>
        <source>Hạn giao cho cơ quan</source>
        <translation>Due at the agency</translation>
    </message>
    <message>
        <source>Thời gian giải quyết</source>
        <translation>Processing time</translation>
    </message>
    <message>
        <source>Nhận kết quả</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <source>Qua dịch vụ bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <source>Tại quầy</source>
        <translation>At the counter</translation>
    </message>
    <message>
        <source>Địa chỉ nhận kết quả</source>
        <translation>Delivery address</translation>
    </message>
    <message>
        <source>Số lượng hồ sơ (bộ)</source>
        <translation>Number of sets</translation>
    </message>
    <message>
        <source>Số trang chứng thực</source>
        <translation>Pages certified</translation>
    </message>
    <message>
        <source>Số bản</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Người tiếp nhận</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Số định danh cá nhân</source>
        <translation>Personal ID number</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Thư điện tử</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Loại bản</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Cước bưu chính</source>
        <translation>Postage</translation>
    </message>
    <message>
        <source>Tổng cộng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Khoản thu</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ tại quầy</source>
        <translation>Received at the counter</translation>
    </message>
    <message>
        <source>In lại: {0}</source>
        <translation>Reprinted: {0}</translation>
    </message>
    <message>
        <source>In: {0}</source>
        <translation>Printed: {0}</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Diễn biến</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản sao chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản photo</source>
        <translation>Photocopy</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Số bản</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Chọn thủ tục để xem danh sách giấy tờ.</source>
        <translation>Choose a procedure to see its document list.</translation>
    </message>
    <message>
        <source>Giấy tờ khác (gõ tên rồi Enter)</source>
        <translation>Other document (type its name, then Enter)</translation>
    </message>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>(nếu có)</source>
        <translation>(if any)</translation>
    </message>
    <message>
        <source>Yêu cầu: {0} × {1}</source>
        <translation>Required: {0} × {1}</translation>
    </message>
    <message>
        <source>Còn thiếu {0} giấy tờ bắt buộc.</source>
        <translation>{0} required document(s) missing.</translation>
    </message>
    <message>
        <source>Đủ giấy tờ bắt buộc.</source>
        <translation>All required documents present.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Tóm tắt</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>DossierActionsDialog</name>
    <message>
        <source>Thao tác hồ sơ</source>
        <translation>Dossier actions</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Thao tác hồ sơ {0}</source>
        <translation>Dossier {0}: actions</translation>
    </message>
</context>
<context>
    <name>DossierActionsPanel</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Hẹn trả kết quả</source>
        <translation>Result due</translation>
    </message>
    <message>
        <source>Nhận kết quả</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <source>Lần mời nhận</source>
        <translation>Invitations</translation>
    </message>
    <message>
        <source>Ý kiến của cơ quan</source>
        <translation>Agency&apos;s note</translation>
    </message>
    <message>
        <source>Hồ sơ đang chọn</source>
        <translation>Chosen dossier</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Trả kết quả…</source>
        <translation>Return result…</translation>
    </message>
    <message>
        <source>Ghi lần mời…</source>
        <translation>Record invitation…</translation>
    </message>
    <message>
        <source>Giao bưu tá phát…</source>
        <translation>Give to postman…</translation>
    </message>
    <message>
        <source>Nhận bổ sung…</source>
        <translation>Receive supplement…</translation>
    </message>
    <message>
        <source>Hẹn lại…</source>
        <translation>Reschedule…</translation>
    </message>
    <message>
        <source>Chuyển lại cơ quan…</source>
        <translation>Back to agency…</translation>
    </message>
    <message>
        <source>Rút hồ sơ…</source>
        <translation>Withdraw…</translation>
    </message>
    <message>
        <source>In phiếu</source>
        <translation>Forms</translation>
    </message>
    <message>
        <source>In Mẫu 02 (bổ sung)</source>
        <translation>Print Form 02 (supplement)</translation>
    </message>
    <message>
        <source>In Mẫu 03 (từ chối)</source>
        <translation>Print Form 03 (refusal)</translation>
    </message>
    <message>
        <source>In Mẫu 05 (kiểm soát)</source>
        <translation>Print Form 05 (control)</translation>
    </message>
    <message>
        <source>{0} (bảng giao nhận {1})</source>
        <translation>{0} (hand-over batch {1})</translation>
    </message>
    <message>
        <source>{0} — QUÁ HẠN</source>
        <translation>{0} — OVERDUE</translation>
    </message>
    <message>
        <source>Qua bưu chính: {0}</source>
        <translation>By post: {0}</translation>
    </message>
    <message>
        <source>Tại quầy</source>
        <translation>At the counter</translation>
    </message>
    <message>
        <source>Cần ít nhất 2 lần mời, cách nhau ít nhất 2 ngày làm việc.</source>
        <translation>Needs at least 2 invitations, at least 2 working days apart.</translation>
    </message>
    <message>
        <source>Nhận hồ sơ bổ sung — {0}</source>
        <translation>Receive the supplement — {0}</translation>
    </message>
    <message>
        <source>Nhận bổ sung</source>
        <translation>Receive supplement</translation>
    </message>
    <message>
        <source>Giấy tờ đã nhận</source>
        <translation>Papers received</translation>
    </message>
    <message>
        <source>Đối chiếu với Phiếu yêu cầu bổ sung (Mẫu 02). Hồ sơ sẽ được chuyển lại cho cơ quan giải quyết.</source>
        <translation>Check against the supplement request (Form 02). The dossier then goes back to the deciding agency.</translation>
    </message>
    <message>
        <source>Giao bưu tá phát tận nhà — {0}</source>
        <translation>Give to the postman for home delivery — {0}</translation>
    </message>
    <message>
        <source>Giao bưu tá</source>
        <translation>Give to postman</translation>
    </message>
    <message>
        <source>Bưu tá nhận</source>
        <translation>Postman</translation>
    </message>
    <message>
        <source>Kết quả được giao cho bưu tá để phát tới địa chỉ: {0}</source>
        <translation>The result goes to the postman for delivery to: {0}</translation>
    </message>
    <message>
        <source>Chuyển kết quả lại cơ quan — {0}</source>
        <translation>Send the result back to the agency — {0}</translation>
    </message>
    <message>
        <source>Chuyển lại cơ quan</source>
        <translation>Back to agency</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Người nộp không đến nhận sau {0} lần mời. Kết quả được chuyển lại «{1}».</source>
        <translation>The applicant did not come after {0} invitations. The result goes back to “{1}”.</translation>
    </message>
    <message>
        <source>Rút hồ sơ — {0}</source>
        <translation>Withdraw dossier — {0}</translation>
    </message>
    <message>
        <source>Rút hồ sơ</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Lý do rút hồ sơ</source>
        <translation>Reason for withdrawal</translation>
    </message>
    <message>
        <source>Theo đơn đề nghị rút hồ sơ của người nộp. Việc này không hoàn tác được.</source>
        <translation>At the applicant&apos;s written request. This cannot be undone.</translation>
    </message>
    <message>
        <source>Ghi lý do rút hồ sơ (theo đơn của người nộp).</source>
        <translation>Write the reason for the withdrawal (from the applicant&apos;s request).</translation>
    </message>
    <message>
        <source>Đã trả kết quả hồ sơ {0}. Nhớ cho người nhận ký sổ trả kết quả.</source>
        <translation>Returned the result of dossier {0}. Have the receiver sign the return book.</translation>
    </message>
    <message>
        <source>Đã ghi lần mời. Hồ sơ có {0} lần mời hợp lệ.</source>
        <translation>Invitation recorded. The dossier has {0} valid invitation(s).</translation>
    </message>
    <message>
        <source>Nếu người nộp vẫn không đến, có thể chuyển lại cơ quan.</source>
        <translation>If the applicant still does not come, the result may go back to the agency.</translation>
    </message>
    <message>
        <source>Lần mời tiếp theo được tính từ ngày {0}.</source>
        <translation>The next invitation counts from {0}.</translation>
    </message>
    <message>
        <source>Đã hẹn lại ngày trả. Đưa phiếu xin lỗi (Mẫu 04) cho người nộp.</source>
        <translation>New date recorded. Give the apology (Form 04) to the applicant.</translation>
    </message>
    <message>
        <source>Đã hẹn lại ngày trả. {0}</source>
        <translation>New date recorded. {0}</translation>
    </message>
    <message>
        <source>Đã nhận hồ sơ bổ sung; hồ sơ chờ chuyển lại cơ quan.</source>
        <translation>Supplement received; the dossier goes back to the agency.</translation>
    </message>
    <message>
        <source>Đã giao kết quả cho bưu tá phát tận nhà.</source>
        <translation>The result was given to the postman for home delivery.</translation>
    </message>
    <message>
        <source>Đã chuyển kết quả lại cơ quan giải quyết.</source>
        <translation>The result went back to the deciding agency.</translation>
    </message>
    <message>
        <source>Đã rút hồ sơ theo đề nghị của người nộp.</source>
        <translation>Dossier withdrawn at the applicant&apos;s request.</translation>
    </message>
    <message>
        <source>Chưa mời lần nào</source>
        <translation>Not invited yet</translation>
    </message>
    <message>
        <source>{0} lần hợp lệ — đủ điều kiện chuyển lại cơ quan</source>
        <translation>{0} valid — may go back to the agency</translation>
    </message>
    <message>
        <source>{0} lần hợp lệ; lần tiếp theo từ {1}</source>
        <translation>{0} valid; next one from {1}</translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Số hiệu bưu gửi</source>
        <translation>Postal item no.</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Nhận lúc</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Không đọc được dữ liệu hồ sơ ({0}). Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên kiểm tra cơ sở dữ liệu (lệnh «motcua check»).</source>
        <translation>Could not read the dossier data ({0}). Try again; if it still fails, ask the administrator to check the database (command “motcua check”).</translation>
    </message>
    <message>
        <source>Tra cứu gặp lỗi ({0}). Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên.</source>
        <translation>The lookup failed ({0}). Try again; if it still fails, tell the administrator.</translation>
    </message>
</context>
<context>
    <name>EnrollForm</name>
    <message>
        <source>ví dụ: K7QF-2M9X</source>
        <translation>e.g. K7QF-2M9X</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ tỉnh</source>
        <translation>Provincial server address</translation>
    </message>
    <message>
        <source>Bưu điện tỉnh cho biết địa chỉ này cùng với mã đăng ký.</source>
        <translation>The provincial post office gives you this address together with the enrollment code.</translation>
    </message>
    <message>
        <source>Mã đăng ký</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <source>Mã dùng một lần, in trên phiếu đăng ký quầy do bưu điện tỉnh cấp.</source>
        <translation>A one-time code, printed on the counter enrollment slip issued by the provincial post office.</translation>
    </message>
    <message>
        <source>Đăng ký với bưu điện tỉnh</source>
        <translation>Enroll with the provincial post office</translation>
    </message>
    <message>
        <source>Kết quả đăng ký</source>
        <translation>Enrollment result</translation>
    </message>
    <message>
        <source>Nhập địa chỉ máy chủ tỉnh và mã đăng ký.</source>
        <translation>Enter the provincial server address and the enrollment code.</translation>
    </message>
    <message>
        <source>Đang kết nối với máy chủ tỉnh, xin chờ…</source>
        <translation>Connecting to the provincial server, please wait…</translation>
    </message>
    <message>
        <source>Đã kết nối: {0} ({1}), quầy số {2}.</source>
        <translation>Connected: {0} ({1}), counter no. {2}.</translation>
    </message>
</context>
<context>
    <name>FeesPanel</name>
    <message>
        <source>Số trang bản chính</source>
        <translation>Pages of the original</translation>
    </message>
    <message>
        <source>Số bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Phí, lệ phí</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Cước bưu chính</source>
        <translation>Postage</translation>
    </message>
    <message>
        <source>Tổng thu</source>
        <translation>Total to collect</translation>
    </message>
    <message>
        <source>Miễn phí</source>
        <translation>Free</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Tìm kiếm</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Quét hoặc gõ mã hồ sơ, số hiệu bưu gửi, tên, số định danh, điện thoại</source>
        <translation>Scan or type a dossier code, item number, name, ID number or phone</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tất cả trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Tất cả thủ tục</source>
        <translation>All procedures</translation>
    </message>
    <message>
        <source>Lọc theo ngày nhận</source>
        <translation>Filter by date received</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến ngày</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Xóa lọc</source>
        <translation>Clear filters</translation>
    </message>
</context>
<context>
    <name>HandoverScreen</name>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Số hiệu bưu gửi</source>
        <translation>Postal item no.</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Số bộ</source>
        <translation>Sets</translation>
    </message>
    <message>
        <source>Số bảng</source>
        <translation>Batch no.</translation>
    </message>
    <message>
        <source>Cơ quan</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Niêm phong lúc</source>
        <translation>Sealed at</translation>
    </message>
    <message>
        <source>Số hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Lần in</source>
        <translation>Prints</translation>
    </message>
    <message>
        <source>Bàn giao</source>
        <translation>Hand-over</translation>
    </message>
    <message>
        <source>Cơ quan nhận hồ sơ</source>
        <translation>Receiving agency</translation>
    </message>
    <message>
        <source>Quét nhãn hồ sơ</source>
        <translation>Scan dossier label</translation>
    </message>
    <message>
        <source>Quét mã vạch trên nhãn hoặc gõ mã hồ sơ, rồi nhấn Enter</source>
        <translation>Scan the label&apos;s barcode or type the dossier code, then press Enter</translation>
    </message>
    <message>
        <source>Kết quả quét</source>
        <translation>Scan result</translation>
    </message>
    <message>
        <source>Hồ sơ trong bảng</source>
        <translation>Dossiers in the batch</translation>
    </message>
    <message>
        <source>Bỏ khỏi bảng</source>
        <translation>Remove from batch</translation>
    </message>
    <message>
        <source>Hủy bảng nháp</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <source>In biên bản và niêm phong</source>
        <translation>Print record and seal</translation>
    </message>
    <message>
        <source>In lại biên bản</source>
        <translation>Reprint record</translation>
    </message>
    <message>
        <source>Bảng giao nhận đang lập</source>
        <translation>Batch being prepared</translation>
    </message>
    <message>
        <source>Biên bản đã in</source>
        <translation>Printed hand-over records</translation>
    </message>
    <message>
        <source>Chọn cơ quan nhận hồ sơ trước khi quét nhãn.</source>
        <translation>Choose the receiving agency before scanning labels.</translation>
    </message>
    <message>
        <source>Chọn hồ sơ cần bỏ trong bảng.</source>
        <translation>Choose the dossier to remove in the batch.</translation>
    </message>
    <message>
        <source>Đã bỏ hồ sơ {0} khỏi bảng; hồ sơ trở lại chờ giao.</source>
        <translation>Removed dossier {0} from the batch; it waits for hand-over again.</translation>
    </message>
    <message>
        <source>Hủy bảng nháp {0}? Các hồ sơ trong bảng trở lại danh sách chờ giao; chưa có gì được in.</source>
        <translation>Discard draft batch {0}? Its dossiers go back to waiting for hand-over; nothing was printed.</translation>
    </message>
    <message>
        <source>Hủy bảng</source>
        <translation>Discard batch</translation>
    </message>
    <message>
        <source>Bảng chưa có hồ sơ nào. Quét nhãn các hồ sơ cần giao.</source>
        <translation>The batch has no dossier yet. Scan the labels of the dossiers to hand over.</translation>
    </message>
    <message>
        <source>In biên bản giao nhận {0}: {1} hồ sơ gửi «{2}».

Sau khi in, bảng được niêm phong và KHÔNG sửa được nữa; các hồ sơ chuyển sang «Đang chuyển đến cơ quan». Hồ sơ còn sót phải cho vào một bảng mới.</source>
        <translation>Print hand-over record {0}: {1} dossiers for “{2}”.

Once printed, the batch is sealed and can NOT be changed; its dossiers become “On the way to the agency”. A dossier left out goes in a new batch.</translation>
    </message>
    <message>
        <source>In và niêm phong</source>
        <translation>Print and seal</translation>
    </message>
    <message>
        <source>Chọn một bảng đã niêm phong trong danh sách để in lại.</source>
        <translation>Choose a sealed batch in the list to print it again.</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Đã hủy bảng nháp {0}.</source>
        <translation>Draft batch {0} discarded.</translation>
    </message>
    <message>
        <source>In lại biên bản {0} (lần in thứ {1}).</source>
        <translation>Printed record {0} again (print no. {1}).</translation>
    </message>
    <message>
        <source>Đã niêm phong bảng {0}: {1} hồ sơ chuyển sang «Đang chuyển đến cơ quan». Giao túi hồ sơ kèm biên bản và xin chữ ký của cơ quan.</source>
        <translation>Batch {0} sealed: {1} dossiers are now “On the way to the agency”. Hand the bag over with the record and get the agency&apos;s signature.</translation>
    </message>
    <message>
        <source>Đã thêm {0} — {1} vào bảng {2} ({3} hồ sơ).</source>
        <translation>Added {0} — {1} to batch {2} ({3} dossiers).</translation>
    </message>
    <message>
        <source>{0} — {1} hồ sơ chờ giao</source>
        <translation>{0} — {1} dossiers waiting</translation>
    </message>
    <message>
        <source> (bảng nháp: {0} hồ sơ)</source>
        <translation> (draft: {0} dossiers)</translation>
    </message>
    <message>
        <source>Chưa có bảng nháp cho «{0}»: nhãn quét đầu tiên sẽ lập bảng mới.</source>
        <translation>No draft batch for “{0}”: the first label scanned starts a new one.</translation>
    </message>
    <message>
        <source>Chọn cơ quan nhận hồ sơ.</source>
        <translation>Choose the receiving agency.</translation>
    </message>
    <message>
        <source>Bảng {0} — {1} hồ sơ, chưa in</source>
        <translation>Batch {0} — {1} dossiers, not printed yet</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>đã quá ngày hẹn trả: hẹn lại (Mẫu 04) hoặc đôn đốc cơ quan</source>
        <translation>past the promised date: reschedule (Form 04) or chase the agency</translation>
    </message>
    <message>
        <source>Đến hạn trong 1 ngày làm việc</source>
        <translation>Due within 1 working day</translation>
    </message>
    <message>
        <source>hẹn trả đến hết ngày làm việc kế tiếp</source>
        <translation>due by the end of the next working day</translation>
    </message>
    <message>
        <source>Kết quả chờ trả</source>
        <translation>Results waiting</translation>
    </message>
    <message>
        <source>kết quả đã về quầy hoặc đang phát tận nhà</source>
        <translation>results at the counter or out for delivery</translation>
    </message>
    <message>
        <source>Cần mời lại</source>
        <translation>Invite again</translation>
    </message>
    <message>
        <source>kết quả chưa được nhận, đến lượt mời tiếp</source>
        <translation>results not collected, next invitation due</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Việc hôm nay</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Hồ sơ cần xử lý hôm nay. Chọn một hồ sơ rồi nhấn Enter (hoặc nhấp đúp) để xem và thực hiện thao tác.</source>
        <translation>Dossiers needing action today. Choose one and press Enter (or double-click) to see and do what it needs.</translation>
    </message>
    <message>
        <source>Cập nhật</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Không có hồ sơ nào.</source>
        <translation>No dossiers.</translation>
    </message>
    <message>
        <source>{0} hồ sơ — {1}</source>
        <translation>{0} dossiers — {1}</translation>
    </message>
    <message>
        <source>Cập nhật lúc {0}</source>
        <translation>Updated {0}</translation>
    </message>
</context>
<context>
    <name>HubPage</name>
    <message>
        <source>Kết nối ngay bằng mã đăng ký</source>
        <translation>Connect now with an enrollment code</translation>
    </message>
    <message>
        <source>Làm việc ngoại tuyến, đăng ký sau</source>
        <translation>Work offline, enroll later</translation>
    </message>
    <message>
        <source>Dữ liệu chỉ lưu trên máy này cho đến khi đăng ký. Đăng ký sau trong menu Hệ thống › Cài đặt › Kết nối; các hồ sơ đã nhận sẽ được gửi lên khi đó.</source>
        <translation>Data stays on this computer only until the counter is enrolled. Enroll later from the menu System › Settings › Connection; the dossiers received so far are sent up then.</translation>
    </message>
</context>
<context>
    <name>IntakeScreen</name>
    <message>
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Dossier intake</translation>
    </message>
    <message>
        <source>Hẹn trả kết quả</source>
        <translation>Result due</translation>
    </message>
    <message>
        <source>Xem hồ sơ vừa nhận</source>
        <translation>View last dossier</translation>
    </message>
    <message>
        <source>In lại giấy tờ</source>
        <translation>Reprint papers</translation>
    </message>
    <message>
        <source>In phiếu hướng dẫn</source>
        <translation>Print guidance slip</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Tiếp nhận (Ctrl+Enter)</source>
        <translation>Accept (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Đang mở danh mục thủ tục…</source>
        <translation>Opening the procedure catalog…</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Nhận kết quả</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Phí và hẹn trả</source>
        <translation>Fees and due date</translation>
    </message>
    <message>
        <source>Không tải được danh mục thủ tục: {0}. Khởi động lại phần mềm.</source>
        <translation>Could not load the procedure catalog: {0}. Restart the program.</translation>
    </message>
    <message>
        <source>Thủ tục «{0}» không tiếp nhận qua bưu điện. Xem lý do và hướng dẫn cho người dân ở khung Thủ tục.</source>
        <translation>The procedure “{0}” cannot be filed through the post office. See the reason and what to tell the citizen in the Procedure box.</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục. Gõ tên thủ tục rồi bấm Enter.</source>
        <translation>No procedure chosen. Type its name and press Enter.</translation>
    </message>
    <message>
        <source>Kiểm tra các ô báo đỏ rồi bấm Tiếp nhận lại.</source>
        <translation>Fix the fields marked in red, then press Accept again.</translation>
    </message>
    <message>
        <source>Đang tiếp nhận hồ sơ…</source>
        <translation>Receiving the dossier…</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ {0}. Hẹn trả kết quả: {1}.</source>
        <translation>Dossier {0} received. Result due: {1}.</translation>
    </message>
    <message>
        <source>Chưa lưu được hồ sơ ({0}). Bấm Tiếp nhận lại; nếu vẫn lỗi, báo cho kỹ thuật.</source>
        <translation>The dossier was not saved ({0}). Press Accept again; if it still fails, tell technical support.</translation>
    </message>
    <message>
        <source>Hồ sơ {0} đã được lưu. Chưa in được giấy tờ: {1}</source>
        <translation>Dossier {0} is saved. The papers did not print: {1}</translation>
    </message>
    <message>
        <source>Đã lập phiếu hướng dẫn. Hồ sơ chưa được tiếp nhận; hẹn người dân bổ sung.</source>
        <translation>Guidance slip ready. The dossier was not received; ask the citizen to come back with the missing papers.</translation>
    </message>
</context>
<context>
    <name>InvitationDialog</name>
    <message>
        <source>Giấy mời (in giấy mời)</source>
        <translation>Letter (prints the invitation)</translation>
    </message>
    <message>
        <source>Gọi điện thoại</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <source>Phát tận nhà không thành công</source>
        <translation>Home delivery failed</translation>
    </message>
    <message>
        <source>Ghi lần mời nhận kết quả — hồ sơ {0}</source>
        <translation>Record an invitation to collect — dossier {0}</translation>
    </message>
    <message>
        <source>Ghi lần mời</source>
        <translation>Record invitation</translation>
    </message>
    <message>
        <source>Cách mời</source>
        <translation>How</translation>
    </message>
    <message>
        <source>Ngày mời</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Ví dụ: gọi số 0912…, người nhà nghe máy</source>
        <translation>E.g. called 0912…, a relative answered</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Đã có {0} lần mời hợp lệ. Cần ít nhất 2 lần, cách nhau ít nhất 2 ngày làm việc, trước khi chuyển kết quả lại cơ quan.</source>
        <translation>{0} valid invitation(s) so far. At least 2, at least 2 working days apart, are needed before the result goes back to the agency.</translation>
    </message>
</context>
<context>
    <name>Lifecycle</name>
    <message>
        <source>Có lỗi ngoài dự kiến: {0}. Thao tác chưa được ghi; hãy thử lại, nếu vẫn lỗi thì báo cho bộ phận kỹ thuật.</source>
        <translation>Unexpected error: {0}. Nothing was recorded; try again, and if it still fails, tell technical support.</translation>
    </message>
    <message>
        <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)</source>
        <translation>Request to supplement the dossier (Form 02)</translation>
    </message>
    <message>
        <source>Phiếu từ chối giải quyết hồ sơ (Mẫu 03)</source>
        <translation>Refusal slip (Form 03)</translation>
    </message>
    <message>
        <source>Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)</source>
        <translation>Apology and new result date (Form 04)</translation>
    </message>
    <message>
        <source>Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)</source>
        <translation>Processing control slip (Form 05)</translation>
    </message>
    <message>
        <source>Giấy mời nhận kết quả</source>
        <translation>Invitation to collect the result</translation>
    </message>
    <message>
        <source>Biên bản giao nhận hồ sơ</source>
        <translation>Hand-over record</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Nhật ký</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Nhật ký ghi lại hoạt động của phần mềm để bộ phận hỗ trợ tìm lỗi. Nhật ký không chứa họ tên, số định danh, điện thoại, địa chỉ của người dân hay mã truy cập.</source>
        <translation>The log records what the program does so that support can track down faults. It never contains citizens&apos; names, ID numbers, phone numbers or addresses, nor access codes.</translation>
    </message>
    <message>
        <source>Thư mục nhật ký:</source>
        <translation>Log folder:</translation>
    </message>
    <message>
        <source>Thư mục nhật ký</source>
        <translation>Log folder</translation>
    </message>
    <message>
        <source>Mở thư mục nhật ký</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <source>Xuất nhật ký gửi hỗ trợ…</source>
        <translation>Export logs for support…</translation>
    </message>
    <message>
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Các dòng nhật ký cuối:</source>
        <translation>Latest log lines:</translation>
    </message>
    <message>
        <source>Các dòng nhật ký cuối</source>
        <translation>Latest log lines</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Chưa có dòng nhật ký nào.</source>
        <translation>No log lines yet.</translation>
    </message>
    <message>
        <source>Không mở được thư mục. Hãy mở bằng tay: {0}</source>
        <translation>Could not open the folder. Open it by hand: {0}</translation>
    </message>
    <message>
        <source>Xuất nhật ký gửi hỗ trợ</source>
        <translation>Export logs for support</translation>
    </message>
    <message>
        <source>Tệp nén (*.zip)</source>
        <translation>ZIP archives (*.zip)</translation>
    </message>
    <message>
        <source>Đang đóng gói nhật ký…</source>
        <translation>Packing the logs…</translation>
    </message>
    <message>
        <source>Đã lưu {0}. Gửi tệp này cho bộ phận hỗ trợ.</source>
        <translation>Saved {0}. Send this file to support.</translation>
    </message>
    <message>
        <source>Không lưu được tệp nhật ký: {0}</source>
        <translation>Could not save the log file: {0}</translation>
    </message>
</context>
<context>
    <name>LookupScreen</name>
    <message>
        <source>Tra cứu</source>
        <translation>Lookup</translation>
    </message>
    <message>
        <source>Danh sách hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Kết quả tra cứu</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Quét mã vạch hoặc gõ mã hồ sơ rồi nhấn Enter để mở hồ sơ. Trong danh sách: Enter hoặc nhấp đúp để xem chi tiết.</source>
        <translation>Scan a barcode or type a dossier code and press Enter to open it. In the list: Enter or double-click shows the details.</translation>
    </message>
    <message>
        <source>Không có hồ sơ nào khớp. Hãy bớt điều kiện lọc hoặc kiểm tra lại từ khóa.</source>
        <translation>No dossier matches. Remove some filters or check the search words.</translation>
    </message>
    <message>
        <source>{0} hồ sơ, mới nhất trước.</source>
        <translation>{0} dossiers, newest first.</translation>
    </message>
    <message>
        <source>Đang tải danh sách… (đã có {0} hồ sơ mới nhất)</source>
        <translation>Loading the list… ({0} newest dossiers so far)</translation>
    </message>
    <message>
        <source>Đang tìm…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Dòng này đang được tải. Hãy thử lại sau giây lát.</source>
        <translation>This row is still loading. Try again in a moment.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quầy Một Cửa — tiếp nhận hồ sơ tại bưu điện</source>
        <translation>One-Stop Counter — dossier intake at the post office</translation>
    </message>
    <message>
        <source>Màn hình</source>
        <translation>Screens</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>Tra cứu</source>
        <translation>Lookup</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ (F2)</source>
        <translation>Dossier intake (F2)</translation>
    </message>
    <message>
        <source>Tra cứu hồ sơ (F3)</source>
        <translation>Dossier lookup (F3)</translation>
    </message>
    <message>
        <source>Việc hôm nay</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Hồ sơ cần xử lý hôm nay (F4)</source>
        <translation>Dossiers needing action today (F4)</translation>
    </message>
    <message>
        <source>Bàn giao</source>
        <translation>Hand-over</translation>
    </message>
    <message>
        <source>Bàn giao hồ sơ cho cơ quan (F5)</source>
        <translation>Hand dossiers over to the agency (F5)</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Nhận và trả kết quả (F6)</source>
        <translation>Book in and return results (F6)</translation>
    </message>
    <message>
        <source>Kiểm soát</source>
        <translation>Control</translation>
    </message>
    <message>
        <source>Chốt ngày và báo cáo (F7)</source>
        <translation>Day close and reports (F7)</translation>
    </message>
    <message>
        <source>Đang mở dữ liệu, xin chờ giây lát…</source>
        <translation>Opening the data, one moment…</translation>
    </message>
    <message>
        <source>Hệ thống</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Cài đặt…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Máy in</source>
        <translation>Printers</translation>
    </message>
    <message>
        <source>Chọn máy in…</source>
        <translation>Choose printers…</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Đồng bộ…</source>
        <translation>Sync…</translation>
    </message>
    <message>
        <source>Tài khoản</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tạo tài khoản quản trị đầu tiên</source>
        <translation>Create the first administrator account</translation>
    </message>
    <message>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Khóa máy</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Quản lý tài khoản…</source>
        <translation>Manage accounts…</translation>
    </message>
    <message>
        <source>Việc hôm nay ({0})</source>
        <translation>Today ({0})</translation>
    </message>
    <message>
        <source>Có lỗi ngoài dự kiến: {0}. Thao tác vừa rồi có thể chưa xong; hãy thử lại, nếu vẫn lỗi thì báo cho bộ phận kỹ thuật.</source>
        <translation>Unexpected error: {0}. The last action may not have finished; try again, and if it still fails, tell technical support.</translation>
    </message>
    <message>
        <source>Có lỗi</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>OfficeForm</name>
    <message>
        <source>Gõ vài chữ, ví dụ: Hà Tĩnh</source>
        <translation>Type a few letters, e.g. Hà Tĩnh</translation>
    </message>
    <message>
        <source>ví dụ: Kỳ Bắc</source>
        <translation>e.g. Kỳ Bắc</translation>
    </message>
    <message>
        <source>ví dụ: Bưu điện văn hóa xã Kỳ Bắc</source>
        <translation>e.g. Bưu điện văn hóa xã Kỳ Bắc</translation>
    </message>
    <message>
        <source>ví dụ: 000.00.04.H42</source>
        <translation>e.g. 000.00.04.H42</translation>
    </message>
    <message>
        <source>ví dụ: Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh</source>
        <translation>e.g. Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh</translation>
    </message>
    <message>
        <source>ví dụ: 0239 3868 686</source>
        <translation>e.g. 0239 3868 686</translation>
    </message>
    <message>
        <source>Mã định danh của đơn vị do bưu điện tỉnh cấp, dạng 000.00.00.X00 (in trên công văn giao nhiệm vụ). Mã này đứng đầu mã của mọi hồ sơ.</source>
        <translation>The unit identifier issued by the provincial post office, in the form 000.00.00.X00 (printed on the assignment letter). It begins the code of every dossier.</translation>
    </message>
    <message>
        <source>Tỉnh/thành phố *</source>
        <translation>Province/city *</translation>
    </message>
    <message>
        <source>Xã/phường *</source>
        <translation>Commune/ward *</translation>
    </message>
    <message>
        <source>Tên bưu điện *</source>
        <translation>Post office name *</translation>
    </message>
    <message>
        <source>Mã đơn vị *</source>
        <translation>Unit code *</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>Mã đơn vị đúng dạng.</source>
        <translation>The unit code is in the right format.</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>ví dụ: Quầy 1</source>
        <translation>e.g. Quầy 1</translation>
    </message>
    <message>
        <source>Tên quầy *</source>
        <translation>Counter name *</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Lưu thông tin bưu điện</source>
        <translation>Save post office details</translation>
    </message>
    <message>
        <source>In trên giấy tiếp nhận và phiếu gửi từ hồ sơ tiếp theo. Khi đã có tài khoản, chỉ quản trị viên và kiểm soát viên sửa được.</source>
        <translation>Printed on receipts and dispatch slips from the next dossier on. Once accounts exist, only administrators and supervisors can change it.</translation>
    </message>
    <message>
        <source>Mã do bưu điện tỉnh quản lý (quầy đã đăng ký với {0}).</source>
        <translation>Code managed by the provincial post office (counter enrolled with {0}).</translation>
    </message>
    <message>
        <source>Sửa các mục báo đỏ rồi lưu lại.</source>
        <translation>Fix the fields marked in red, then save again.</translation>
    </message>
    <message>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Xem trước khi in</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <source>Giấy tờ cần in</source>
        <translation>Documents to print</translation>
    </message>
    <message>
        <source>Trang in</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>In giấy tờ này</source>
        <translation>Print this document</translation>
    </message>
    <message>
        <source>In tất cả (Ctrl+P)</source>
        <translation>Print all (Ctrl+P)</translation>
    </message>
    <message>
        <source>Lưu tệp PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Trang {0}</source>
        <translation>Page {0}</translation>
    </message>
</context>
<context>
    <name>PrintActions</name>
    <message>
        <source>Đã lưu lựa chọn máy in.</source>
        <translation>Printer choices saved.</translation>
    </message>
    <message>
        <source>Chưa chọn {0} hoặc máy in không sẵn sàng. Bấm «In» để chọn máy in.</source>
        <translation>No {0} chosen, or the printer is not ready. Press “Print” to choose one.</translation>
    </message>
    <message>
        <source>Đã gửi «{0}» tới {1}.</source>
        <translation>Sent “{0}” to {1}.</translation>
    </message>
    <message>
        <source>Lưu tệp PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đã lưu {0}.</source>
        <translation>Saved {0}.</translation>
    </message>
    <message>
        <source>Không lưu được tệp {0}: {1}. Chọn thư mục khác.</source>
        <translation>Could not save {0}: {1}. Choose another folder.</translation>
    </message>
    <message>
        <source>Không in được: {0}. Thử lại; nếu vẫn lỗi, báo cho kỹ thuật.</source>
        <translation>Could not print: {0}. Try again; if it still fails, tell technical support.</translation>
    </message>
</context>
<context>
    <name>PrintDocument</name>
    <message>
        <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Receipt and appointment slip</translation>
    </message>
    <message>
        <source>Phiếu gửi hồ sơ</source>
        <translation>Dispatch slip</translation>
    </message>
    <message>
        <source>Nhãn bưu gửi 100×150</source>
        <translation>Postal label 100×150</translation>
    </message>
    <message>
        <source>Nhãn nhỏ 50×30</source>
        <translation>Small label 50×30</translation>
    </message>
    <message>
        <source>Phiếu hướng dẫn bổ sung hồ sơ</source>
        <translation>Guidance slip (missing documents)</translation>
    </message>
    <message>
        <source>Máy in nhãn</source>
        <translation>Label printer</translation>
    </message>
    <message>
        <source>Máy in giấy tờ (A5)</source>
        <translation>Form printer (A5)</translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <source>Chọn máy in</source>
        <translation>Choose printers</translation>
    </message>
    <message>
        <source>— Hỏi khi in —</source>
        <translation>— Ask when printing —</translation>
    </message>
    <message>
        <source>{0} (không thấy máy in)</source>
        <translation>{0} (printer not found)</translation>
    </message>
    <message>
        <source>Xem trước khi in</source>
        <translation>Preview before printing</translation>
    </message>
    <message>
        <source>Giấy tiếp nhận, phiếu gửi và phiếu hướng dẫn in khổ A5 ở máy in giấy tờ; nhãn bưu gửi in ở máy in nhãn.</source>
        <translation>Receipts, dispatch slips and guidance slips print on A5 at the form printer; postal labels print at the label printer.</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PrintersPage</name>
    <message>
        <source>Máy in thường qua trình điều khiển</source>
        <translation>Ordinary printer via its driver</translation>
    </message>
    <message>
        <source>Máy in nhãn ZPL qua mạng</source>
        <translation>ZPL label printer on the network</translation>
    </message>
    <message>
        <source>ZPL qua hàng đợi CUPS</source>
        <translation>ZPL via a CUPS queue</translation>
    </message>
    <message>
        <source>ZPL qua đường dẫn</source>
        <translation>ZPL via a device path</translation>
    </message>
    <message>
        <source>Địa chỉ IP của máy in nhãn, ví dụ 192.168.1.50 hoặc 192.168.1.50:9100 (in trang cấu hình của máy in để xem).</source>
        <translation>The label printer&apos;s IP address, e.g. 192.168.1.50 or 192.168.1.50:9100 (print the printer&apos;s configuration page to find it).</translation>
    </message>
    <message>
        <source>Tên hàng in dạng raw trong CUPS, ví dụ zebra (xem bằng lpstat -p).</source>
        <translation>Name of the raw print queue in CUPS, e.g. zebra (list them with lpstat -p).</translation>
    </message>
    <message>
        <source>Máy in chia sẻ \\tên-máy\tên-máy-in, hoặc đường dẫn thiết bị như /dev/usb/lp0.</source>
        <translation>Shared printer \\computer-name\printer-name, or a device path such as /dev/usb/lp0.</translation>
    </message>
    <message>
        <source>Nhãn được in qua trình điều khiển của máy in, dưới dạng ảnh. Chọn máy in ở trên.</source>
        <translation>Labels are printed as images through the printer&apos;s driver. Choose the printer above.</translation>
    </message>
    <message>
        <source>Nhãn {0} × {1} mm</source>
        <translation>Label {0} × {1} mm</translation>
    </message>
    <message>
        <source>Máy in</source>
        <translation>Printers</translation>
    </message>
    <message>
        <source>Chọn máy in cho giấy tờ khổ A5 và cho nhãn bưu gửi, rồi bấm «In trang thử» để kiểm tra trước khi lưu.</source>
        <translation>Choose the printers for A5 forms and for postal labels, then print a test page on each to check them before saving.</translation>
    </message>
    <message>
        <source>Máy in giấy tờ (A5)</source>
        <translation>Form printer (A5)</translation>
    </message>
    <message>
        <source>In trang thử giấy tờ</source>
        <translation>Print form test page</translation>
    </message>
    <message>
        <source>Máy in nhãn</source>
        <translation>Label printer</translation>
    </message>
    <message>
        <source>Cách nối máy in nhãn</source>
        <translation>Label printer connection</translation>
    </message>
    <message>
        <source>Máy in nhãn (trình điều khiển)</source>
        <translation>Label printer (driver)</translation>
    </message>
    <message>
        <source>Địa chỉ máy in nhãn</source>
        <translation>Label printer address</translation>
    </message>
    <message>
        <source>Lỗi địa chỉ máy in nhãn</source>
        <translation>Label printer address error</translation>
    </message>
    <message>
        <source>{0} dpi</source>
        <translation>{0} dpi</translation>
    </message>
    <message>
        <source>Độ phân giải của máy in nhãn</source>
        <translation>Label printer resolution</translation>
    </message>
    <message>
        <source>Khổ nhãn in thử</source>
        <translation>Test label size</translation>
    </message>
    <message>
        <source>In trang thử nhãn</source>
        <translation>Print label test page</translation>
    </message>
    <message>
        <source>Xem trước khi in</source>
        <translation>Preview before printing</translation>
    </message>
    <message>
        <source>In dạng ảnh (cho máy in in sai chữ)</source>
        <translation>Print as image (for printers that garble text)</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>(chưa chọn)</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <source>{0} (không thấy máy in)</source>
        <translation>{0} (printer not found)</translation>
    </message>
    <message>
        <source>Chưa lưu: {0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <source>Đã lưu cài đặt máy in.</source>
        <translation>Printer settings saved.</translation>
    </message>
    <message>
        <source>Đang in trang thử…</source>
        <translation>Printing the test page…</translation>
    </message>
    <message>
        <source>Đã gửi trang thử tới {0}. Kiểm tra: các vạch thước đúng 10 mm, mã vạch quét được, dấu tiếng Việt rõ ràng.</source>
        <translation>Test page sent to {0}. Check that the ruler marks are exactly 10 mm apart, the barcode scans and the Vietnamese accents are clear.</translation>
    </message>
    <message>
        <source>Không đọc hoặc lưu được cài đặt máy in: {0}. Thử lại; nếu vẫn lỗi, báo kỹ thuật.</source>
        <translation>Could not read or save the printer settings: {0}. Try again; if it still fails, tell technical support.</translation>
    </message>
    <message>
        <source>Tình trạng máy in</source>
        <translation>Printer status</translation>
    </message>
    <message>
        <source>Chọn sau</source>
        <translation>Choose later</translation>
    </message>
    <message>
        <source>Đang tìm các máy in của máy tính…</source>
        <translation>Looking for this computer&apos;s printers…</translation>
    </message>
    <message>
        <source>Máy tính chưa có máy in nào. Cài máy in rồi chọn sau trong menu Máy in.</source>
        <translation>This computer has no printer yet. Install one, then choose it later from the Printers menu.</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Tệp PDF không có trang nào để in.</source>
        <translation>The PDF has no page to print.</translation>
    </message>
    <message>
        <source>Không mở được máy in «{0}». Kiểm tra máy in đã bật và còn giấy, rồi in lại.</source>
        <translation>Could not open the printer “{0}”. Check that it is on and has paper, then print again.</translation>
    </message>
    <message>
        <source>Chọn {0}</source>
        <translation>Choose the {0}</translation>
    </message>
</context>
<context>
    <name>ProcedureInfo</name>
    <message>
        <source>Chưa chọn thủ tục.</source>
        <translation>No procedure chosen.</translation>
    </message>
    <message>
        <source>trong ngày</source>
        <translation>same day</translation>
    </message>
    <message>
        <source>{0} ngày làm việc</source>
        <translation>{0} working days</translation>
    </message>
    <message>
        <source>Lĩnh vực: {0}</source>
        <translation>Field: {0}</translation>
    </message>
    <message>
        <source>Cơ quan giải quyết: {0}</source>
        <translation>Deciding agency: {0}</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết: {0}</source>
        <translation>Processing time: {0}</translation>
    </message>
    <message>
        <source>Kết quả: {0}</source>
        <translation>Result: {0}</translation>
    </message>
</context>
<context>
    <name>ProcedureListModel</name>
    <message>
        <source>không nhận qua bưu điện</source>
        <translation>not accepted by post</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <source>Tìm thủ tục</source>
        <translation>Find procedure</translation>
    </message>
    <message>
        <source>Gõ tên, mã hoặc lĩnh vực, rồi Enter</source>
        <translation>Type a name, code or field, then Enter</translation>
    </message>
    <message>
        <source>Danh sách thủ tục</source>
        <translation>Procedures</translation>
    </message>
</context>
<context>
    <name>ReportTableModel</name>
    <message>
        <source>Tổng cộng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Kỳ</source>
        <translation>Period</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến ngày</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Nhóm theo</source>
        <translation>Group by</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Quý</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>Xem báo cáo</source>
        <translation>Show report</translation>
    </message>
    <message>
        <source>Xuất Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Xuất CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>In sổ theo dõi (Mẫu 06)</source>
        <translation>Print tracking book (Form 06)</translation>
    </message>
    <message>
        <source>Bảng số liệu báo cáo</source>
        <translation>Report figures</translation>
    </message>
    <message>
        <source>Biểu đồ tiếp nhận và trả kết quả</source>
        <translation>Chart of dossiers received and results returned</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Results returned</translation>
    </message>
    <message>
        <source>Biểu đồ trả kết quả đúng hạn</source>
        <translation>Chart of results returned on time</translation>
    </message>
    <message>
        <source>Trước hạn</source>
        <translation>Early</translation>
    </message>
    <message>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Tệp Excel (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Lưu báo cáo</source>
        <translation>Save report</translation>
    </message>
    <message>
        <source>Đã lưu {0}.</source>
        <translation>Saved {0}.</translation>
    </message>
    <message>
        <source>Không lưu được tệp {0}: {1}. Chọn thư mục khác.</source>
        <translation>Could not save {0}: {1}. Choose another folder.</translation>
    </message>
    <message>
        <source>Sổ theo dõi hồ sơ (Mẫu 06) năm {0}</source>
        <translation>Dossier tracking book (Form 06), {0}</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>Hẹn lại ngày trả kết quả — hồ sơ {0}</source>
        <translation>New result date — dossier {0}</translation>
    </message>
    <message>
        <source>Hẹn lại và in Mẫu 04</source>
        <translation>Reschedule and print Form 04</translation>
    </message>
    <message>
        <source>Hẹn trả hiện tại</source>
        <translation>Current date</translation>
    </message>
    <message>
        <source>Ngày giờ hẹn mới</source>
        <translation>New date and time</translation>
    </message>
    <message>
        <source>In trên phiếu xin lỗi, ví dụ: cơ quan cần xác minh</source>
        <translation>Printed on the apology, e.g. the agency needs to verify</translation>
    </message>
    <message>
        <source>Lý do chậm trả</source>
        <translation>Reason for the delay</translation>
    </message>
    <message>
        <source>Ghi lý do chậm trả kết quả (in trên phiếu xin lỗi).</source>
        <translation>Write the reason for the delay (printed on the apology).</translation>
    </message>
</context>
<context>
    <name>RestoreOffer</name>
    <message>
        <source>Dữ liệu của quầy bị hỏng nên không dùng tiếp được. Khôi phục bản sao lưu lúc {0} ngày {1} ({2} hồ sơ)? Những việc làm sau thời điểm đó phải nhập lại; tệp dữ liệu hỏng được giữ lại cho bộ phận kỹ thuật.</source>
        <translation>The counter&apos;s data is damaged and cannot be used any more. Restore the backup taken at {0} on {1} ({2} dossiers)? Work done after that time must be entered again; the damaged data file is kept for technical support.</translation>
    </message>
    <message>
        <source>Dữ liệu bị hỏng</source>
        <translation>Data damaged</translation>
    </message>
    <message>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>ResultsScreen</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Lần mời</source>
        <translation>Invited</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Quét nhãn hồ sơ</source>
        <translation>Scan dossier label</translation>
    </message>
    <message>
        <source>Quét mã vạch trên nhãn, hoặc gõ mã hồ sơ / số hiệu bưu gửi rồi nhấn Enter</source>
        <translation>Scan the label&apos;s barcode, or type the dossier code / item number, then press Enter</translation>
    </message>
    <message>
        <source>Kết quả quét</source>
        <translation>Scan result</translation>
    </message>
    <message>
        <source>Kết quả cơ quan gửi về: quét nhãn để ghi nhận về quầy. Người dân đến nhận: quét nhãn hoặc chọn trong danh sách, rồi bấm «Trả kết quả…».</source>
        <translation>Results sent back by the agency: scan the label to book them in. A citizen comes to collect: scan the label or choose in the list, then press “Return result…”.</translation>
    </message>
    <message>
        <source>Kết quả chờ trả</source>
        <translation>Results waiting</translation>
    </message>
    <message>
        <source>Nhận kết quả về quầy và trả kết quả</source>
        <translation>Book results in and return them</translation>
    </message>
    <message>
        <source>Đã ghi nhận kết quả hồ sơ {0} ({1}) về quầy.</source>
        <translation>Booked in the result of dossier {0} ({1}).</translation>
    </message>
    <message>
        <source>Hồ sơ bị từ chối: in Mẫu 03 và trả lại giấy tờ cho người nộp.</source>
        <translation>The dossier was refused: print Form 03 and give the papers back to the applicant.</translation>
    </message>
    <message>
        <source>Người nộp đăng ký nhận qua bưu chính: bấm «Giao bưu tá phát…».</source>
        <translation>The applicant asked for delivery by post: press “Give to postman…”.</translation>
    </message>
    <message>
        <source>Báo cho người nộp đến nhận (gọi điện hoặc giấy mời).</source>
        <translation>Ask the applicant to come and collect it (call or invitation letter).</translation>
    </message>
    <message>
        <source>Hồ sơ {0} đang chờ trả: kiểm tra thẻ căn cước của người nhận.</source>
        <translation>Dossier {0} is waiting to be collected: check the receiver&apos;s ID card.</translation>
    </message>
    <message>
        <source>Hồ sơ {0} đang ở trạng thái «{1}»: chưa có kết quả để nhận về quầy. Các thao tác được phép ở bên phải.</source>
        <translation>Dossier {0} is “{1}”: there is no result to book in yet. The moves allowed are on the right.</translation>
    </message>
    <message>
        <source>{0} kết quả đang chờ trả.</source>
        <translation>{0} results waiting to be collected.</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Trả kết quả hồ sơ {0}</source>
        <translation>Return the result of dossier {0}</translation>
    </message>
    <message>
        <source>Trả kết quả</source>
        <translation>Return result</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>12 chữ số, hoặc quét mã QR trên thẻ căn cước</source>
        <translation>12 digits, or scan the QR code on the ID card</translation>
    </message>
    <message>
        <source>Số định danh người nhận</source>
        <translation>Receiver&apos;s ID number</translation>
    </message>
    <message>
        <source>Người nhận thay</source>
        <translation>Proxy receiver</translation>
    </message>
    <message>
        <source>Họ tên người nhận thay</source>
        <translation>Proxy&apos;s full name</translation>
    </message>
    <message>
        <source>Số, ngày, nơi chứng thực giấy ủy quyền</source>
        <translation>Number, date and certifying office of the authorisation</translation>
    </message>
    <message>
        <source>Giấy ủy quyền</source>
        <translation>Authorisation</translation>
    </message>
    <message>
        <source>Số tiền thu khi trả</source>
        <translation>Amount collected</translation>
    </message>
    <message>
        <source>Nhập số định danh trên thẻ căn cước của người nhận, hoặc quét mã QR.</source>
        <translation>Type the ID number on the receiver&apos;s ID card, or scan its QR code.</translation>
    </message>
    <message>
        <source>Thẻ căn cước của: {0}</source>
        <translation>ID card of: {0}</translation>
    </message>
    <message>
        <source>Thẻ căn cước của: {0} — không phải người nộp. Ghi giấy ủy quyền.</source>
        <translation>ID card of: {0} — not the applicant. Enter the authorisation.</translation>
    </message>
</context>
<context>
    <name>ReturnPanel</name>
    <message>
        <source>Tại quầy</source>
        <translation>At the counter</translation>
    </message>
    <message>
        <source>Qua bưu điện, chuyển tận nhà</source>
        <translation>By post, delivered home</translation>
    </message>
    <message>
        <source>Địa chỉ nhận kết quả</source>
        <translation>Delivery address</translation>
    </message>
    <message>
        <source>số nhà, thôn/xóm, xã/phường, tỉnh/thành phố</source>
        <translation>house no., hamlet, commune/ward, province/city</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Bưu điện và quầy</source>
        <translation>Post office and counter</translation>
    </message>
    <message>
        <source>Kết nối</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Các mục cài đặt</source>
        <translation>Settings sections</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Thiết lập Quầy Một Cửa</source>
        <translation>One-Stop Counter setup</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Tiếp</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Bắt đầu dùng thử</source>
        <translation>Start the trial</translation>
    </message>
    <message>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Mã do bưu điện tỉnh quản lý (quầy đã đăng ký).</source>
        <translation>Code managed by the provincial post office (counter enrolled).</translation>
    </message>
    <message>
        <source>Bưu điện tỉnh ghi mã đơn vị của quầy là {0} (khác mã đã nhập {1}); phần mềm dùng mã của tỉnh.</source>
        <translation>The provincial post office has this counter&apos;s unit code as {0} (not {1} as entered); the program uses the province&apos;s code.</translation>
    </message>
    <message>
        <source>Đã kết nối ({0})</source>
        <translation>Connected ({0})</translation>
    </message>
    <message>
        <source>Làm việc ngoại tuyến, đăng ký sau</source>
        <translation>Work offline, enroll later</translation>
    </message>
    <message>
        <source>Chọn sau</source>
        <translation>Choose later</translation>
    </message>
    <message>
        <source>Bưu điện</source>
        <translation>Post office</translation>
    </message>
    <message>
        <source>Mã đơn vị</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <source>Trực thuộc</source>
        <translation>Parent office</translation>
    </message>
    <message>
        <source>Xã/phường</source>
        <translation>Commune/ward</translation>
    </message>
    <message>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>Tên quầy</source>
        <translation>Counter name</translation>
    </message>
    <message>
        <source>Kết nối bưu điện tỉnh</source>
        <translation>Provincial post office</translation>
    </message>
    <message>
        <source>Quản trị viên</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Máy đã khóa</source>
        <translation>Machine locked</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Máy đã khóa. Nhập mã PIN/mật khẩu của {0} để làm tiếp, hoặc bấm «Người khác đăng nhập».</source>
        <translation>The machine is locked. Type the PIN/password of {0} to carry on, or press “Someone else signs in”.</translation>
    </message>
    <message>
        <source>Đăng nhập bằng tài khoản của mình để làm việc tại quầy.</source>
        <translation>Sign in with your own account to work at the counter.</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Mã PIN hoặc mật khẩu</source>
        <translation>PIN or password</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Người khác đăng nhập</source>
        <translation>Someone else signs in</translation>
    </message>
    <message>
        <source>Thoát chương trình</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Nhập tên đăng nhập và mã PIN/mật khẩu.</source>
        <translation>Type the username and the PIN/password.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Chưa đăng nhập</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Giao dịch viên: {0}</source>
        <translation>Clerk: {0}</translation>
    </message>
    <message>
        <source>Đã kết nối</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Ngoại tuyến</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Chờ đồng bộ: {0}</source>
        <translation>Waiting to sync: {0}</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Đồng bộ với bưu điện tỉnh</source>
        <translation>Sync with the provincial post office</translation>
    </message>
    <message>
        <source>Kết nối:</source>
        <translation>Connection:</translation>
    </message>
    <message>
        <source>Máy chủ tỉnh:</source>
        <translation>Provincial server:</translation>
    </message>
    <message>
        <source>Lần đồng bộ thành công gần nhất:</source>
        <translation>Last successful sync:</translation>
    </message>
    <message>
        <source>Thay đổi chờ gửi:</source>
        <translation>Changes waiting to be sent:</translation>
    </message>
    <message>
        <source>Thay đổi cũ nhất đã chờ:</source>
        <translation>Oldest change has waited:</translation>
    </message>
    <message>
        <source>Lỗi gần nhất:</source>
        <translation>Last error:</translation>
    </message>
    <message>
        <source>Mã quầy:</source>
        <translation>Counter ID:</translation>
    </message>
    <message>
        <source>Dải số của quầy:</source>
        <translation>Number blocks:</translation>
    </message>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Đang đọc trạng thái…</source>
        <translation>Reading the status…</translation>
    </message>
    <message>
        <source>Chưa kết nối máy chủ tỉnh</source>
        <translation>Not connected to the provincial server</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Ngoại tuyến</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Chưa có lần nào</source>
        <translation>Never</translation>
    </message>
    <message>
        <source> (lúc {0})</source>
        <translation> (at {0})</translation>
    </message>
    <message>
        <source>Không có</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Quầy chưa đăng ký với máy chủ tỉnh nên dữ liệu chỉ lưu trên máy này. Hãy xin bưu điện tỉnh mã đăng ký rồi chạy lệnh: {0}</source>
        <translation>This counter is not enrolled with the provincial server, so its data is kept on this computer only. Ask the provincial post office for an enrollment code, then run: {0}</translation>
    </message>
    <message>
        <source>Vừa khôi phục: đang chờ lấy lại dữ liệu đã gửi ({0} thay đổi giữ lại).</source>
        <translation>Just restored: waiting to get back what was synced ({0} changes held).</translation>
    </message>
    <message>
        <source>S10 {0} {1:08d}–{2:08d} (còn {3})</source>
        <translation>S10 {0} {1:08d}–{2:08d} ({3} left)</translation>
    </message>
    <message>
        <source>mã {0:04d}–{1:04d} đến {2}</source>
        <translation>codes {0:04d}–{1:04d} until {2}</translation>
    </message>
    <message>
        <source>mã {0:04d}–{1:04d}</source>
        <translation>codes {0:04d}–{1:04d}</translation>
    </message>
    <message>
        <source>{0} phút</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>{0} giờ</source>
        <translation>{0} h</translation>
    </message>
    <message>
        <source>{0} ngày</source>
        <translation>{0} days</translation>
    </message>
    <message>
        <source>Không đọc được trạng thái đồng bộ. Hãy đóng rồi mở lại cửa sổ này; nếu vẫn lỗi thì báo cho bộ phận kỹ thuật.</source>
        <translation>The sync status could not be read. Close this window and open it again; if it still fails, tell technical support.</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <source>Chưa chọn máy in giấy tờ. Chọn máy in trong danh sách rồi bấm in thử.</source>
        <translation>No form printer chosen. Choose a printer in the list, then print a test page.</translation>
    </message>
    <message>
        <source>Chưa chọn máy in nhãn. Chọn máy in trong danh sách rồi bấm in thử.</source>
        <translation>No label printer chosen. Choose a printer in the list, then print a test page.</translation>
    </message>
    <message>
        <source>Không thấy máy in «{0}». Kiểm tra máy in đã bật và đã cài trên máy tính, rồi chọn lại trong danh sách.</source>
        <translation>Printer “{0}” not found. Check that it is switched on and installed on this computer, then choose it again in the list.</translation>
    </message>
    <message>
        <source>Không in được trang thử: {0}. Thử lại; nếu vẫn lỗi, báo kỹ thuật.</source>
        <translation>Could not print the test page: {0}. Try again; if it still fails, tell technical support.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Dùng thử ngoại tuyến với dữ liệu mẫu</source>
        <translation>Try it offline with sample data</translation>
    </message>
    <message>
        <source>Thiết lập quầy này</source>
        <translation>Set up this counter</translation>
    </message>
    <message>
        <source>Nhập thông tin bưu điện, tên quầy, máy in, kết nối với bưu điện tỉnh và tạo tài khoản quản trị viên — khoảng 5 phút. Chuẩn bị mã đơn vị và mã đăng ký do bưu điện tỉnh cấp (không có mã đăng ký thì vẫn làm việc ngoại tuyến được).</source>
        <translation>Enter the post office details, the counter name and the printers, connect to the provincial post office and create the administrator account — about 5 minutes. Have the unit code and the enrollment code from the provincial post office ready (without an enrollment code you can still work offline).</translation>
    </message>
    <message>
        <source>Mở ngay với bưu điện mẫu (xã Kỳ Bắc, tỉnh Hà Tĩnh) và danh mục thủ tục có sẵn, không cần máy chủ hay tài khoản — để tập làm quen. Thông tin thật nhập sau trong menu Hệ thống › Cài đặt.</source>
        <translation>Opens right away with a sample post office (Kỳ Bắc commune, Hà Tĩnh province) and the built-in procedure catalog, with no server or account needed — for getting familiar. Enter the real details later from the menu System › Settings.</translation>
    </message>
</context>
<context>
    <name>wizard</name>
    <message>
        <source>Bước {0}/{1}: {2}</source>
        <translation>Step {0}/{1}: {2}</translation>
    </message>
    <message>
        <source>Chào mừng đến với Quầy Một Cửa</source>
        <translation>Welcome to the One-Stop Counter</translation>
    </message>
    <message>
        <source>Phần mềm tiếp nhận hồ sơ thủ tục hành chính tại bưu điện văn hóa xã. Chọn cách bắt đầu rồi bấm nút ở góc dưới.</source>
        <translation>Software for receiving administrative procedure dossiers at the commune cultural post office. Choose how to start, then press the button in the bottom corner.</translation>
    </message>
    <message>
        <source>Bưu điện</source>
        <translation>Post office</translation>
    </message>
    <message>
        <source>Thông tin này in trên giấy tiếp nhận và phiếu gửi. Mục có dấu * là bắt buộc.</source>
        <translation>This information is printed on receipts and dispatch slips. Fields marked * are required.</translation>
    </message>
    <message>
        <source>Quầy</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Tên giúp bưu điện tỉnh phân biệt các quầy của cùng một bưu điện (ví dụ: Quầy 1).</source>
        <translation>The name lets the provincial post office tell apart the counters of one post office (e.g. Quầy 1).</translation>
    </message>
    <message>
        <source>Máy in</source>
        <translation>Printers</translation>
    </message>
    <message>
        <source>Giấy tiếp nhận, phiếu gửi và phiếu hướng dẫn in ở máy in giấy tờ; nhãn mã vạch in ở máy in nhãn. Chưa cắm máy in thì để «Chọn sau»: khi in, phần mềm sẽ hỏi.</source>
        <translation>Receipts, dispatch slips and guidance slips print at the form printer; barcode labels print at the label printer. If a printer is not plugged in yet, leave “Choose later”: the program will ask when printing.</translation>
    </message>
    <message>
        <source>Kết nối bưu điện tỉnh</source>
        <translation>Connect to the provincial post office</translation>
    </message>
    <message>
        <source>Khi đã kết nối, hồ sơ được gửi lên bưu điện tỉnh mỗi khi có mạng; mất mạng thì quầy vẫn làm việc bình thường.</source>
        <translation>Once connected, dossiers are sent to the provincial post office whenever the network is up; if the network is down, the counter keeps working as usual.</translation>
    </message>
    <message>
        <source>Quản trị viên</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Tài khoản đầu tiên là quản trị viên: dùng nó để tạo tài khoản cho từng người và sửa cài đặt. Từ nay mọi người đăng nhập trước khi làm việc.</source>
        <translation>The first account is the administrator: use it to create an account for each person and to change settings. From now on, everyone signs in before working.</translation>
    </message>
    <message>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Kiểm tra lại rồi bấm «Hoàn tất» để lưu và bắt đầu làm việc.</source>
        <translation>Check everything, then press “Finish” to save and start working.</translation>
    </message>
</context>
</TS>
