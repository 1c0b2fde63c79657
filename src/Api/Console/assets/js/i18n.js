// Labels in Vietnamese (default) and English. The choice is a preference, kept in localStorage; nothing secret.

const labels = {
  vi: {
    title: 'Bảng điều khiển',
    loading: 'Đang tải…',
    switchLanguage: 'Đổi ngôn ngữ',
    languageButton: 'English',
    signInTitle: 'Đăng nhập',
    apiKey: 'Khóa API',
    apiKeyHint: 'Khóa chỉ được giữ trong phiên trình duyệt này và bị xóa khi đóng thẻ.',
    signIn: 'Đăng nhập',
    signOut: 'Đăng xuất',
    signInFailed: 'Khóa API không hợp lệ.',
    signedInAs: '{role} · {binding}',
    otherRole: 'Trang này dành cho đại lý thu tiền và người vận hành. Khóa của bạn có vai trò khác.',
    roleAgent: 'Đại lý',
    roleOperator: 'Vận hành',
    collectTitle: 'Thu tiền mặt',
    reference: 'Mã thanh toán',
    lookUp: 'Tra cứu',
    amount: 'Số tiền',
    dossier: 'Hồ sơ',
    applicant: 'Người nộp',
    status: 'Trạng thái',
    receiptNumber: 'Số biên lai',
    confirmCash: 'Xác nhận đã thu',
    confirming: 'Đang xác nhận…',
    notFoundReference: 'Không có khoản thanh toán với mã {reference}.',
    notCollectableStatus: 'Khoản này không thể thu tiền mặt (phương thức {method}, trạng thái {status}).',
    collected: 'Đã thu {amount} cho hồ sơ {dossier}, biên lai {receipt}.',
    conflict: 'Không thu được: {detail}',
    floatExceeded: 'Vượt hạn mức tiền giữ: {detail}',
    inUse: 'Lần xác nhận trước vẫn đang xử lý. Bấm lại sau giây lát (cùng lần xác nhận, không thu hai lần).',
    unknownOutcome: 'Chưa rõ kết quả ({detail}). Bấm Xác nhận lại: cùng lần xác nhận sẽ không bị thu hai lần.',
    windowTitle: 'Phiên quyết toán đang mở',
    channel: 'Kênh',
    windowNumber: 'Phiên số',
    openedAt: 'Mở lúc',
    closedAt: 'Đóng lúc',
    count: 'Số giao dịch',
    total: 'Tổng tiền',
    floatLimit: 'Hạn mức tiền giữ',
    remainingFloat: 'Hạn mức còn lại',
    refresh: 'Làm mới',
    refreshAll: 'Làm mới tất cả',
    closeWindow: 'Đóng phiên',
    closeQuestion: 'Đóng phiên số {number} với {count} giao dịch, tổng {total}?',
    closeYes: 'Đóng phiên',
    cancel: 'Hủy',
    closing: 'Đang đóng phiên…',
    notAvailable: 'Chưa có chức năng này.',
    settlementTitle: 'Biên bản quyết toán',
    settlementId: 'Mã quyết toán',
    at: 'Thời điểm',
    signature: 'Đại lý ký tên: ____________________',
    print: 'In',
    clusterTitle: 'Cụm máy chủ',
    activeSilos: 'Silo hoạt động',
    activations: 'Số kích hoạt',
    silo: 'Silo',
    address: 'Địa chỉ',
    startedAt: 'Khởi động',
    grainType: 'Loại grain',
    auditTitle: 'Kiểm tra sổ cái',
    balanced: 'Cân đối (tổng = 0)',
    unbalanced: 'KHÔNG cân đối',
    ledgerTotal: 'Tổng các tài khoản',
    entries: 'Bút toán',
    shards: 'Phân đoạn',
    account: 'Tài khoản',
    balance: 'Số dư',
    rateTitle: 'Thanh toán mỗi phút',
    method: 'Phương thức',
    outcome: 'Kết quả',
    perMinute: 'Mỗi phút',
    sinceStart: 'Từ khi khởi động',
    noData: 'Chưa có dữ liệu.',
    rateNeedsTwo: 'Tốc độ có sau lần làm mới tiếp theo.',
    stuckTitle: 'Thanh toán kẹt ở “processing”',
    none: 'Không có.',
    createdAt: 'Tạo lúc',
    id: 'Mã',
    agenciesTitle: 'Tỷ lệ đúng hạn theo cơ quan',
    agencyCodes: 'Mã cơ quan, cách nhau bởi dấu phẩy',
    show: 'Xem',
    onTimeRate: 'Tỷ lệ đúng hạn',
    reconTitle: 'Đối soát trong ngày',
    date: 'Ngày',
    provider: 'Nhà cung cấp',
    matched: 'Khớp',
    discrepancies: 'Chênh lệch',
    discrepancyCount: 'Số chênh lệch',
    kind: 'Loại',
    transactionId: 'Mã giao dịch',
    ledgerAmount: 'Theo sổ cái',
    providerAmount: 'Theo nhà cung cấp',
    detail: 'Chi tiết',
    updatedAt: 'Cập nhật {time}',
    error: 'Lỗi: {detail}',
    networkError: 'không kết nối được máy chủ',
    forbidden: 'Khóa này không được phép xem mục này.',
  },
  en: {
    title: 'Console',
    loading: 'Loading…',
    switchLanguage: 'Switch language',
    languageButton: 'Tiếng Việt',
    signInTitle: 'Sign in',
    apiKey: 'API key',
    apiKeyHint: 'The key is kept only in this browser tab’s session and is gone when the tab closes.',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signInFailed: 'That API key is not valid.',
    signedInAs: '{role} · {binding}',
    otherRole: 'This page is for cash agents and operators. Your key has another role.',
    roleAgent: 'Agent',
    roleOperator: 'Operator',
    collectTitle: 'Collect cash',
    reference: 'Payment reference',
    lookUp: 'Look up',
    amount: 'Amount',
    dossier: 'Dossier',
    applicant: 'Applicant',
    status: 'Status',
    receiptNumber: 'Receipt number',
    confirmCash: 'Confirm cash received',
    confirming: 'Confirming…',
    notFoundReference: 'No payment has reference {reference}.',
    notCollectableStatus: 'This payment cannot be collected in cash (method {method}, status {status}).',
    collected: 'Collected {amount} for dossier {dossier}, receipt {receipt}.',
    conflict: 'Not collected: {detail}',
    floatExceeded: 'Float limit exceeded: {detail}',
    inUse: 'The previous confirmation is still being processed. Press again in a moment (same confirmation, never collected twice).',
    unknownOutcome: 'Outcome unknown ({detail}). Press Confirm again: the same confirmation cannot collect twice.',
    windowTitle: 'Open settlement window',
    channel: 'Channel',
    windowNumber: 'Window',
    openedAt: 'Opened',
    closedAt: 'Closed',
    count: 'Collections',
    total: 'Total',
    floatLimit: 'Float limit',
    remainingFloat: 'Remaining float',
    refresh: 'Refresh',
    refreshAll: 'Refresh all',
    closeWindow: 'Close window',
    closeQuestion: 'Close window {number} with {count} collections totalling {total}?',
    closeYes: 'Close window',
    cancel: 'Cancel',
    closing: 'Closing the window…',
    notAvailable: 'Not available yet.',
    settlementTitle: 'Settlement summary',
    settlementId: 'Settlement id',
    at: 'At',
    signature: 'Agent’s signature: ____________________',
    print: 'Print',
    clusterTitle: 'Cluster',
    activeSilos: 'Active silos',
    activations: 'Activations',
    silo: 'Silo',
    address: 'Address',
    startedAt: 'Started',
    grainType: 'Grain type',
    auditTitle: 'Ledger audit',
    balanced: 'Balanced (total = 0)',
    unbalanced: 'NOT balanced',
    ledgerTotal: 'Sum of all accounts',
    entries: 'Entries',
    shards: 'Shards',
    account: 'Account',
    balance: 'Balance',
    rateTitle: 'Payments per minute',
    method: 'Method',
    outcome: 'Outcome',
    perMinute: 'Per minute',
    sinceStart: 'Since start',
    noData: 'No data.',
    rateNeedsTwo: 'The rate shows after the next refresh.',
    stuckTitle: 'Payments stuck in “processing”',
    none: 'None.',
    createdAt: 'Created',
    id: 'Id',
    agenciesTitle: 'Agencies’ on-time rates',
    agencyCodes: 'Agency codes, separated by commas',
    show: 'Show',
    onTimeRate: 'On-time rate',
    reconTitle: 'Daily reconciliation',
    date: 'Date',
    provider: 'Provider',
    matched: 'Matched',
    discrepancies: 'Discrepancies',
    discrepancyCount: 'Discrepancies',
    kind: 'Kind',
    transactionId: 'Transaction id',
    ledgerAmount: 'Ledger',
    providerAmount: 'Provider',
    detail: 'Detail',
    updatedAt: 'Updated {time}',
    error: 'Error: {detail}',
    networkError: 'the server could not be reached',
    forbidden: 'This key may not see this.',
  },
};

const storageKey = 'motcua.console.lang';
let current = localStorage.getItem(storageKey) === 'en' ? 'en' : 'vi';
const listeners = new Set();

export function lang() {
  return current;
}

/** The label for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = labels[current][key] ?? labels.en[key];
  if (text === undefined) {
    throw new Error(`No label '${key}'`);
  }
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** Fills every [data-i18n] element under root with its label. */
export function applyLabels(root = document) {
  document.documentElement.lang = current;
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
}

export function setLang(value) {
  current = value === 'en' ? 'en' : 'vi';
  localStorage.setItem(storageKey, current);
  applyLabels();
  for (const listener of listeners) {
    listener();
  }
}

/** Runs listener after every language change (to redraw what was rendered from data). */
export function onLangChange(listener) {
  listeners.add(listener);
}

export function hasLabel(key) {
  return key in labels.vi && key in labels.en;
}
