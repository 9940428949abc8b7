import type { Locale } from '../../../shared/roles.js';

/**
 * What the customer agrees to by ticking the box on the portal, per language. Kept on the server
 * so that the text shown is the text the submission is recorded against.
 */
const CONSENT: Record<Locale, string> = {
  'zh-CN':
    '我同意{{org}}为处理本次诉求收集和使用我填写的姓名、电话和内容，并通过电话或短信就此事与我联系。这些信息只用于处理本次诉求和之后的回访。',
  'zh-TW':
    '我同意{{org}}為處理本次訴求蒐集及使用我填寫的姓名、電話與內容，並透過電話或簡訊就此事與我聯繫。這些資料僅用於處理本次訴求及之後的回訪。',
  'en-US':
    'I agree that {{org}} may collect and use the name, phone number and text I give here to handle this request, and may call or text me about it. The information is used only for this request and a follow-up call afterwards.',
};

export function consentTexts(orgName: string): Record<Locale, string> {
  return Object.fromEntries(Object.entries(CONSENT).map(([locale, text]) => [locale, text.replace('{{org}}', orgName)])) as Record<Locale, string>;
}
