// Formatting: VND amounts, Vietnam times, masked names. Pure functions (no DOM), so the tests can call them.
import { lang } from './i18n.js';

const vnd = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' });

/** 1250000 → "1.250.000 ₫" (vi-VN, whatever the label language: amounts are always shown the Vietnamese way). */
export function formatVnd(amount) {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    return '—';
  }
  return vnd.format(amount);
}

export function formatNumber(value, fractionDigits = 0) {
  return new Intl.NumberFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** An ISO 8601 time as Vietnam local time. */
export function formatTime(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  return new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(date);
}

/** Today's date in Vietnam as yyyy-MM-dd. */
export function todayInVietnam(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

function letters(word) {
  return Array.from(graphemes.segment(word), (s) => s.segment);
}

/**
 * Masks a person's name for the counter: the family name stays, every other word keeps its first letter.
 * "Nguyễn Văn An" → "Nguyễn V** A*"; a one-word name keeps only its first letter.
 */
export function maskName(fullName) {
  const words = String(fullName ?? '').normalize('NFC').trim().split(/\s+/u).filter((w) => w.length > 0);
  return words
    .map((word, index) => {
      if (index === 0 && words.length > 1) {
        return word;
      }
      const chars = letters(word);
      return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
    })
    .join(' ');
}

/** A v4 UUID for an Idempotency-Key; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
