// The public status page of one dossier: reads GET /v1/public/status/{token} and shows it, Vietnamese by default.
const words = {
  vi: {
    title: 'Tra cứu hồ sơ', other: 'English', loading: 'Đang tải…', code: 'Mã hồ sơ', procedure: 'Thủ tục', applicant: 'Người nộp',
    status: 'Trạng thái', due: 'Ngày hẹn trả kết quả', received: 'Ngày tiếp nhận', overdue: 'Hồ sơ đã quá hạn.',
    apology: 'Cơ quan xin lỗi vì trễ hẹn. Ngày hẹn mới:', next: 'Việc cần làm', supplement: 'Cần bổ sung hồ sơ:',
    pay: 'Cần nộp phí, lệ phí:', cash: 'Nộp tiền mặt tại bưu điện hoặc đại lý, đọc mã thanh toán:',
    vietqr: 'Hoặc quét mã VietQR bằng ứng dụng ngân hàng:', nothing: 'Không cần làm gì thêm. Vui lòng chờ kết quả.',
    noReference: 'Tạo mã thanh toán trên Cổng dịch vụ công để nộp tiền mặt.',
    fees: 'Phí, lệ phí', paid: 'Đã nộp', unpaid: 'Chưa nộp', history: 'Quá trình xử lý',
    notFound: 'Không tìm thấy hồ sơ theo đường dẫn này.', busy: 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.',
    failed: 'Không tải được thông tin. Vui lòng thử lại.', vnd: 'đồng',
  },
  en: {
    title: 'Dossier status', other: 'Tiếng Việt', loading: 'Loading…', code: 'Dossier code', procedure: 'Procedure', applicant: 'Applicant',
    status: 'Status', due: 'Appointment date for the result', received: 'Received on', overdue: 'This dossier is overdue.',
    apology: 'The agency apologises for the delay. New date:', next: 'What to do next', supplement: 'A supplement is needed:',
    pay: 'Fees to pay:', cash: 'Pay cash at a post office or agent, quoting the payment reference:',
    vietqr: 'Or scan the VietQR with a banking app:', nothing: 'Nothing to do. Please wait for the result.',
    noReference: 'Create a payment reference on the public service portal to pay in cash.',
    fees: 'Fees', paid: 'Paid', unpaid: 'Unpaid', history: 'History',
    notFound: 'No dossier is shown at this link.', busy: 'Too many requests. Please try again in a few minutes.',
    failed: 'Could not load the status. Please try again.', vnd: 'VND',
  },
};

let lang = 'vi';
let last = null;
const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
};
const t = (key) => words[lang][key];
const date = (iso) => iso ? new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB',
  { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso)) : '—';
const dateTime = (iso) => new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB',
  { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));
const money = (n) => `${new Intl.NumberFormat('vi-VN').format(n)} ${t('vnd')}`;

function section(title, ...children) {
  return el('section', {}, el('h2', {}, title), ...children);
}

function render() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
  document.getElementById('lang').textContent = t('other');
  const main = document.getElementById('main');
  if (!last) return;
  if (last.error) {
    main.replaceChildren(el('p', { class: 'error', id: 'error' }, t(last.error)));
    return;
  }

  const s = last.status;
  const parts = [];
  const summary = el('dl', {},
    el('dt', {}, t('code')), el('dd', { id: 'code' }, s.code),
    el('dt', {}, t('procedure')), el('dd', { id: 'procedure' }, s.procedureName || s.procedureCode),
    el('dt', {}, t('applicant')), el('dd', { id: 'applicant' }, s.applicantName),
    el('dt', {}, t('received')), el('dd', {}, date(s.submittedAt)),
    el('dt', {}, t('due')), el('dd', { id: 'due' }, date(s.dueAt)));
  parts.push(section(t('status'), el('p', { class: 'status', id: 'status' }, s.statusText[lang]), summary));
  if (s.overdue || s.apology) {
    const late = el('section', { id: 'overdue' });
    if (s.overdue) late.append(el('p', { class: 'overdue' }, t('overdue')));
    if (s.apology) late.append(el('p', {}, `${t('apology')} ${date(s.apology.newDueAt)}`), el('p', {}, s.apology.reason));
    parts.push(late);
  }

  const next = s.nextStep;
  const step = el('div', { id: 'next' });
  if (next.kind === 'supplement') {
    step.append(el('p', {}, t('supplement')), el('p', { id: 'reason' }, next.reason || ''));
  } else if (next.kind === 'payment') {
    step.append(el('p', {}, t('pay')), el('p', { class: 'amount', id: 'amount-due' }, money(next.amountDue)));
    if (next.cash) {
      step.append(el('p', {}, t('cash')), el('p', { class: 'reference', id: 'cash-reference' }, next.cash.reference),
        el('p', { id: 'cash-amount' }, money(next.cash.amount)));
    } else {
      step.append(el('p', {}, t('noReference')));
    }
    if (next.vietQr) {
      step.append(el('p', {}, t('vietqr')), el('img', { class: 'vietqr', id: 'vietqr', src: next.vietQr.imageUrl, alt: 'VietQR' }));
    }
  } else {
    step.append(el('p', {}, t('nothing')));
  }
  parts.push(section(t('next'), step));

  if (s.fees.length > 0) {
    const list = el('dl', { id: 'fees' });
    for (const f of s.fees) {
      list.append(el('dt', {}, f.name), el('dd', {}, `${money(f.amount)} · `, el('span', { class: f.paid ? 'paid' : 'overdue' }, f.paid ? t('paid') : t('unpaid'))));
    }
    parts.push(section(t('fees'), list));
  }

  const history = el('ol', { class: 'history', id: 'history' });
  for (const h of s.history) history.append(el('li', {}, el('time', { datetime: h.at }, dateTime(h.at)), h.statusText[lang]));
  parts.push(section(t('history'), history));
  main.replaceChildren(...parts);
}

async function load() {
  try {
    const response = await fetch(`/v1/public/status/${encodeURIComponent(token)}`, { headers: { Accept: 'application/json' } });
    if (response.ok) last = { status: await response.json() };
    else if (response.status === 404) last = { error: 'notFound' };
    else if (response.status === 429) last = { error: 'busy' };
    else last = { error: 'failed' };
  } catch {
    last = { error: 'failed' };
  }
  render();
}

document.getElementById('lang').addEventListener('click', () => { lang = lang === 'vi' ? 'en' : 'vi'; render(); });
load();
