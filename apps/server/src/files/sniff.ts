import { ALLOWED_FILE_SUMMARY, ALLOWED_FILE_TYPES, textTypeFor, unsupportedType } from '@stint/domain';

/** Enough of the start of a file to tell its type (zip-based office files list their parts early). */
export const SNIFF_BYTES = 64 * 1024;

const MARKUP = /^\s*<|<\s*(?:script|html|svg|iframe|body|object|embed|!doctype|\?xml)\b/i;
// Text is UTF-8 without NULs or other control characters than tab, newlines and form feed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** The UTF-8 text in `sample`, or null; a multi-byte character cut at the sample's end is not held against it. */
function utf8Text(sample: Uint8Array, whole: boolean): string | null {
  for (let cut = 0; cut <= (whole ? 0 : 3); cut++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.byteLength - cut));
    } catch {
      // try again without the last byte or three
    }
  }
  return null;
}

/**
 * The type of a file, from its first bytes (`whole` when that is all of it), whatever the
 * client said: a signature `file-type` knows, or plain text that is not markup. Anything else is
 * refused with a sentence saying what may be uploaded.
 */
export async function sniffFileType(sample: Uint8Array, name: string, whole: boolean): Promise<string> {
  // The signature tables load with the first upload, not at start-up.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(sample);
  if (found) {
    if (ALLOWED_FILE_TYPES[found.mime]) return found.mime;
    throw unsupportedType('file_type_not_allowed', `${name} is a ${found.ext.toUpperCase()} file; you can upload ${ALLOWED_FILE_SUMMARY}.`);
  }
  const text = utf8Text(sample, whole);
  if (text === null || CONTROL.test(text)) {
    throw unsupportedType('file_type_not_allowed', `${name} is not a kind of file Stint recognises; you can upload ${ALLOWED_FILE_SUMMARY}.`);
  }
  if (MARKUP.test(text)) {
    throw unsupportedType(
      'file_type_not_allowed',
      `${name} holds HTML, SVG or XML, which can't be uploaded (it could run code in the page); you can upload ${ALLOWED_FILE_SUMMARY}.`,
    );
  }
  return textTypeFor(name);
}
