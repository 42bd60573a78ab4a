const MiB = 1024 * 1024;

/**
 * The most a document may hold on disk (its snapshot and log): past it, edits that add are
 * refused with a sentence in the editor, deletions still go through. MAX_DOCUMENT_BYTES changes it.
 */
export const DOCUMENT_MAX_BYTES = 10 * MiB;

/** Upload limits; a deployment may change the sizes (FILE_MAX_BYTES, PROJECT_FILE_QUOTA_BYTES). */
export const FILE_LIMITS = {
  maxFileBytes: 25 * MiB,
  projectQuotaBytes: 250 * MiB,
  /** An upload no document, version or portfolio item names after this long is collected. */
  orphanAfterMs: 24 * 3600_000,
  maxNameLength: 180,
} as const;

export interface AllowedFileType {
  label: string;
  /** Shown in the page (images); everything else is only ever downloaded. */
  inline: boolean;
}

/**
 * What may be uploaded, by the type sniffed from the bytes (never the client's word). Images
 * render in documents; the rest are attachments. No HTML, SVG or XML: served from our origin
 * they would run script in it.
 */
export const ALLOWED_FILE_TYPES: Readonly<Record<string, AllowedFileType>> = {
  'image/png': { label: 'PNG image', inline: true },
  'image/jpeg': { label: 'JPEG image', inline: true },
  'image/gif': { label: 'GIF image', inline: true },
  'image/webp': { label: 'WebP image', inline: true },
  'application/pdf': { label: 'PDF', inline: false },
  'application/zip': { label: 'Zip archive', inline: false },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word document', inline: false },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'Excel workbook', inline: false },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { label: 'PowerPoint deck', inline: false },
  'application/vnd.oasis.opendocument.text': { label: 'OpenDocument text', inline: false },
  'application/vnd.oasis.opendocument.spreadsheet': { label: 'OpenDocument spreadsheet', inline: false },
  'application/vnd.oasis.opendocument.presentation': { label: 'OpenDocument presentation', inline: false },
  'text/csv': { label: 'CSV', inline: false },
  'text/markdown': { label: 'Markdown', inline: false },
  'text/plain': { label: 'Text', inline: false },
};

export const ALLOWED_FILE_SUMMARY = 'images (PNG, JPEG, GIF, WebP), PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text and zip';

/** Plain text has no signature: its type comes from the name, among the text types allowed. */
export function textTypeFor(name: string): string {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'csv') return 'text/csv';
  if (ext === 'md' || ext === 'markdown') return 'text/markdown';
  return 'text/plain';
}

/**
 * A file name fit to store and to offer back: no directories (`../../x` is `x`), no control
 * characters or direction overrides (`invoice\u202Etxt.bat`), nothing Windows refuses in a name
 * (`C:evil.png`), no leading dots, bounded; null when nothing usable is left.
 */
export function cleanFileName(raw: string): string | null {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    // What Windows can't hold in a name (a zip entry "C:evil.png" names a drive there).
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return null;
  if (cleaned.length <= FILE_LIMITS.maxNameLength) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, FILE_LIMITS.maxNameLength - ext.length) + ext;
}

/** "1.2 MB", as people read sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** Where a file is fetched from, and the one shape of URL the editor's image and attachment nodes accept. */
export const fileUrl = (projectId: string, fileId: string) => `/api/projects/${projectId}/files/${fileId}`;
/** The same file, public, as a portfolio item lists it. */
export const portfolioFileUrl = (itemId: string, fileId: string) => `/api/portfolio/${itemId}/files/${fileId}`;
const ID = '[A-Za-z0-9_-]{1,64}';
export const FILE_URL_PATTERN = new RegExp(`^/api/(?:projects|portfolio)/${ID}/files/${ID}$`);
/** Every project file URL in a text, its file id captured (for `matchAll`). */
export const PROJECT_FILE_URLS = new RegExp(`/api/projects/${ID}/files/(${ID})`, 'g');
