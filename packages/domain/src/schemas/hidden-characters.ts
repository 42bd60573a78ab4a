/**
 * What no text a person writes for others may hold: control characters (a name with a line
 * break or a bell in it) and the bidirectional overrides and isolates that make text read other
 * than it is stored (`invoice\u202Etxt.bat` shows as "invoicetab.txt"). Marks that RTL writing
 * needs (U+200E, U+200F) and joiners that emoji need stay allowed.
 */
const CONTROLS = /\p{Cc}/u;
const BIDI_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/;

/** One line: no controls at all. */
export const isCleanLine = (t: string): boolean => !CONTROLS.test(t) && !BIDI_OVERRIDES.test(t);

/** A few sentences: line breaks and tabs, no other controls. */
export const isCleanText = (t: string): boolean => isCleanLine(t.replace(/[\n\r\t]/g, ''));
