const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g
// six or more digits, optionally split by single spaces or dashes: card, phone and account numbers
const DIGITS = /\d(?:[ -]?\d){5,}/g

/** Masks e-mail addresses and long digit runs, then truncates to `max` characters. */
export const maskMessage = (text: string, max = 2048): string =>
  String(text).replace(EMAIL, '<email>').replace(DIGITS, '<num>').slice(0, max)
