// A `\uD800`–`\uDBFF` escape not followed by a low-surrogate escape, or a `\uDC00`–`\uDFFF` escape not
// preceded by a high one, each preceded by an even number of backslashes (so `\\ud800` text is left alone).
const loneSurrogateEscape =
  /(?<=(?:^|[^\\])(?:\\\\)*)(?:\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})/g

/**
 * JSON text with every escaped lone surrogate replaced by `\ufffd`. `JSON.stringify` escapes lone
 * surrogates (a string built in JavaScript can hold one), which is valid JSON grammar but not valid Unicode, and
 * DuckDB's JSON reader refuses it: one such string would otherwise fail a whole group commit.
 */
export const replaceLoneSurrogates = (json: string): string =>
  json.includes('\\ud') || json.includes('\\uD') ? json.replace(loneSurrogateEscape, '\\ufffd') : json
