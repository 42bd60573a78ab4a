export { certificatePdf } from './certificate.ts';
export { charactersByClient, contributionShares } from './contribution.ts';
export { hashData, issuerOf, type JsonObject, signCredential, type Verification, verifyJcs } from './credential/data-integrity.ts';
export { signRdfc, verifyRdfc } from './credential/rdfc.ts';
export { checkRevocation, type RevocationCheck, revocationEntry, statusListCredential } from './credential/status-list.ts';
export { verifyCredential } from './credential/verify.ts';
export { richTextDocx } from './docx.ts';
export * from './identity.ts';
export { escapeMarkdown, markdownFile, markdownHeading, toMarkdown } from './markdown.ts';
export {
  emailIdentity,
  linkedInAddUrl,
  type PageVerification,
  type PortfolioAttachment,
  type PortfolioInput,
  portfolioCredential,
  portfolioPage,
} from './portfolio.ts';
export { type PreviewCard, previewPng } from './preview-image.ts';
export { checkinAuthor, type Rendering, type RenderOptions, renderDocument, renderFragment, renderThreadList } from './render.ts';
export { restoreRichText, richTextDoc } from './restore.ts';
export { escapeHtml, sanitize } from './sanitize.ts';
export { type PortfolioSummary, portfolioSummary, studentPortfolioPage } from './student-portfolio.ts';
export { type ExportedProject, exportHtml, exportJson, exportMarkdown, type WorkspaceExport } from './workspace-export.ts';
export { fragmentToDoc } from './yjs-to-prosemirror.ts';
