import { employerLine } from '@stint/domain';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { JsonObject } from './credential/data-integrity.ts';
import type { Subject } from './portfolio.ts';

/** The PDF's built-in fonts write WinAnsi: other characters are spelled out where they can be, dropped where not. */
const printable = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e\xa0-\xff‘’“”–—•…]/g, '');

const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * A one-page certificate of a portfolio item that a student can attach to an application: what
 * was done, by whom, for whom, when; each skill with the employer's rating; and where anyone can
 * check it — the verify URL, printed and as a QR code. Drawn from the credential's own claims, in
 * PDFKit's built-in Helvetica (nothing fetched, nothing to install).
 */
export async function certificatePdf(credential: JsonObject, verifyUrl: string, options: { revoked?: boolean } = {}): Promise<Buffer> {
  // Read from the signed credential, never from the database beside it.
  const subject = credential.credentialSubject as unknown as Subject;
  const s = subject.stint;
  const qr = QRCode.create(verifyUrl, { errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: printable(`${subject.achievement.name} — ${subject.name}`), Author: 'Stint', Subject: 'Micro-internship certificate', Creator: 'Stint' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 112;
  const ink = '#1d2430';
  const muted = '#5c6675';
  doc
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .lineWidth(1.5)
    .strokeColor('#3b5bdb')
    .stroke();
  doc.fillColor('#3b5bdb').font('Helvetica-Bold').fontSize(12).text('STINT · MICRO-INTERNSHIP CERTIFICATE', 56, 64, { characterSpacing: 1.5 });
  if (options.revoked) doc.moveDown(0.5).fillColor('#c92a2a').text('REVOKED BY THE EMPLOYER: THIS CERTIFICATE NO LONGER VERIFIES');
  doc.moveDown(1.5).fillColor(muted).font('Helvetica').fontSize(12).text('This certifies that');
  doc.moveDown(0.3).fillColor(ink).font('Helvetica-Bold').fontSize(28).text(printable(subject.name), { width });
  doc.moveDown(0.4).fillColor(muted).font('Helvetica').fontSize(12).text('completed the paid micro-internship');
  doc.moveDown(0.3).fillColor(ink).font('Helvetica-Bold').fontSize(20).text(printable(subject.achievement.name), { width });
  doc
    .moveDown(0.5)
    .fillColor(ink)
    .font('Helvetica')
    .fontSize(12)
    .text(printable(`for ${employerLine({ name: s.employer, organisation: s.organisation ?? null }, ' at ')}`), { width });
  const hours = s.minutesLogged ? `${Math.round(s.minutesLogged / 6) / 10} hours logged` : `${s.estimatedHours} hours estimated`;
  doc
    .moveDown(0.3)
    .fillColor(muted)
    .text(`${day(s.startedAt)} – ${day(s.completedAt)} · ${hours}`);

  doc.moveDown(1.5).fillColor(ink).font('Helvetica-Bold').fontSize(14).text('Skills, rated by the employer');
  doc.moveDown(0.4).font('Helvetica').fontSize(12);
  for (const [skill, rating] of Object.entries(s.ratings)) {
    const y = doc.y;
    doc.fillColor(ink).text(printable(skill), 56, y, { width: 260 });
    // Five squares, the rating's filled: readable printed in grey too.
    for (let i = 0; i < 5; i++) {
      doc
        .rect(330 + i * 16, y + 1, 11, 11)
        .lineWidth(1)
        .strokeColor('#3b5bdb');
      if (i < rating) doc.fillAndStroke('#3b5bdb', '#3b5bdb');
      else doc.stroke();
    }
    doc.fillColor(muted).text(`${rating} of 5`, 420, y);
    doc.x = 56;
    doc.moveDown(0.5);
  }

  // Where to check it: the QR code and the address, side by side at the foot of the page.
  const size = 120;
  const top = doc.page.height - 56 - size - 24;
  const cell = size / qr.modules.size;
  doc.save();
  for (let row = 0; row < qr.modules.size; row++) {
    for (let col = 0; col < qr.modules.size; col++) {
      if (qr.modules.get(row, col)) doc.rect(56 + col * cell, top + row * cell, cell + 0.2, cell + 0.2).fill('#000000');
    }
  }
  doc.restore();
  doc
    .fillColor(ink)
    .font('Helvetica-Bold')
    .fontSize(12)
    .text('Check it', 56 + size + 24, top + 8);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(muted)
    .text('Signed by Stint as an Open Badges 3.0 credential. Scan the code or open this address to see it verified:', 56 + size + 24, doc.y + 4, {
      width: width - size - 24,
    });
  doc
    .moveDown(0.4)
    .fillColor('#3b5bdb')
    .text(verifyUrl, { width: width - size - 24, link: verifyUrl, underline: true });
  doc.end();
  return done;
}
