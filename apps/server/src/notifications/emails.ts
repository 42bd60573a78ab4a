/** What one email says: the same sentence as the inbox, the message if any, and where to go. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** Text as HTML text, for the pages and emails the server writes by hand. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function composeEmail(input: {
  recipientName: string;
  lines: ReadonlyArray<{ text: string; message?: string | null; url: string }>;
  subject: string;
  unsubscribeUrl: string | null;
  settingsUrl: string;
}): EmailContent {
  const { lines } = input;
  const text = [
    `Hi ${input.recipientName},`,
    '',
    ...lines.flatMap((l) => [l.text, ...(l.message ? [`  “${l.message}”`] : []), `  ${l.url}`, '']),
    '—',
    'Stint',
    ...(input.unsubscribeUrl ? [`Stop these emails: ${input.unsubscribeUrl}`] : []),
    `Choose what Stint emails you: ${input.settingsUrl}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#14181f">
<p>Hi ${escapeHtml(input.recipientName)},</p>
${lines
  .map(
    (l) =>
      `<p>${escapeHtml(l.text)}${l.message ? `<br><span style="display:block;border-left:3px solid #3b5bdb;padding-left:8px;margin:6px 0">${escapeHtml(l.message)}</span>` : ''}<br><a href="${escapeHtml(l.url)}">Open in Stint</a></p>`,
  )
  .join('\n')}
<hr><p style="font-size:12px;color:#5c6370">${input.unsubscribeUrl ? `<a href="${escapeHtml(input.unsubscribeUrl)}">Stop these emails</a> · ` : ''}<a href="${escapeHtml(input.settingsUrl)}">Choose what Stint emails you</a></p>
</body></html>`;
  return { subject: input.subject, text, html };
}

/** The email an invitation sends to an address with no account: who asks, to what, as what, until when. */
export function invitationEmail(input: { inviterName: string; projectTitle: string; role: string; url: string; expiresOn: string }): EmailContent {
  const line = `${input.inviterName} invited you to join “${input.projectTitle}” on Stint as its ${input.role}.`;
  const after = `Create your account from this link to join; it works until ${input.expiresOn}. If you weren't expecting it, ignore this email.`;
  const text = ['Hello,', '', line, '', `  ${input.url}`, '', after, '', '—', 'Stint'].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#14181f">
<p>Hello,</p>
<p>${escapeHtml(line)}</p>
<p><a href="${escapeHtml(input.url)}">Accept the invitation</a></p>
<p style="font-size:13px;color:#5c6370">${escapeHtml(after)}</p>
</body></html>`;
  return { subject: `${input.inviterName} invited you to “${input.projectTitle}” on Stint`, text, html };
}
