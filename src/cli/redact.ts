/** Hides passwords in connection strings (postgres://user:secret@host → postgres://user:***@host) before anything is printed. */
export function redactSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]*@/gi, '$1***@');
}
