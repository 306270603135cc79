/** `scheme://user:password@` (or `scheme://token@`): URL user info, which may hold a password. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi;

/**
 * Blanks the user info of every URL in a text (`https://app:s3cret@idp/token` ->
 * `https://***@idp/token`), whether or not the password was ever registered as
 * a secret: a URL written in the config has no other way to be known secret.
 */
export function redactUrlUserinfo(text: string): string {
  return text.includes('@') ? text.replace(URL_USERINFO, '$1***@') : text;
}

/**
 * Remembers every secret value the process has resolved (passwords, client
 * secrets, tokens, key passphrases, private keys) and blanks them out of any
 * text before it is written anywhere. Logging code cannot forget to redact.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; values shorter than 4 characters would blank ordinary words and are ignored. */
  add(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = redactUrlUserinfo(text);
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('***');
      // JSON encoding escapes some characters: blank the encoded form too.
      const encoded = JSON.stringify(secret).slice(1, -1);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('***');
    }
    return out;
  }

  /** Forgets every registered secret (a test's warm state reset). */
  clear(): void {
    this.secrets.clear();
  }

  get size(): number {
    return this.secrets.size;
  }
}

/** The process-wide redactor that every logger of this process shares. */
export const processRedactor = new Redactor();
