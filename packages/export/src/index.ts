export { renderDocument, renderFragment, renderThreadList, type Rendering } from './render.ts';
export { sanitize, escapeHtml } from './sanitize.ts';
export { restoreRichText } from './restore.ts';
export { exportHtml, exportJson, exportMarkdown, type WorkspaceExport, type ExportedProject } from './workspace-export.ts';
export { toMarkdown } from './markdown.ts';
export { signCredential, verifyCredential, hashData, type JsonObject, type Verification } from './credential/data-integrity.ts';
export { generateSigningKey, signingKeyFromMultibase, secretKeyMultibase, type SigningKey } from './credential/keys.ts';
export { portfolioCredential, portfolioPage, type PortfolioInput } from './portfolio.ts';
export { charactersByClient, contributionShares } from './contribution.ts';
