/**
 * Recognises anti-bot JavaScript challenge pages served with status 200, so they are recorded as
 * `blocked` instead of being stored as a report. We never try to solve them.
 */
const CHALLENGE_MARKERS = [
  /__jsl_clearance/i, // 加速乐 (Jiasule), also served as 521
  /\$_ts\s*=\s*window\[/, // 瑞数 (Ruishu), also served as 412
  /acw_sc__v2/i, // Aliyun WAF
  /yunsuo_session_verify/i, // 云锁
  /_waf_(?:bd8ce2ce37|is_mobile)/i,
  /document\.cookie\s*=.*(?:location\.(?:reload|href|replace)|window\.location)/is,
];

/** Real challenge pages are tiny script shells; reports are larger, so big pages are not checked. */
const MAX_CHALLENGE_BYTES = 32 * 1024;

export function looksLikeJsChallenge(body: Uint8Array, contentType: string | null): boolean {
  if (body.byteLength > MAX_CHALLENGE_BYTES) return false;
  if (contentType && !/html|javascript|text\/plain/i.test(contentType)) return false;
  const text = new TextDecoder('latin1').decode(body);
  if (!/<script/i.test(text)) return false;
  // A challenge shell has (almost) no visible text besides the script.
  const visible = text.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/<[^>]+>/g, '').replace(/\s+/g, '');
  if (visible.length > 400) return false;
  return CHALLENGE_MARKERS.some((re) => re.test(text));
}
