/**
 * Last line of defence before anything reaches the terminal: hides the password of any URL
 * (postgres://user:secret@host → postgres://user:***@host), wherever the message came from.
 */
export function maskUrlPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]*@/gi, '$1***@');
}
