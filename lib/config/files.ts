import { promises as fs } from 'node:fs';

/** Reads a text file; injected so tests can use fakes. Defaults to `fs.promises.readFile`. */
export type ReadTextFile = (path: string, encoding: 'utf8') => Promise<string>;

export const defaultReadFile: ReadTextFile = (path, encoding) => fs.readFile(path, encoding);

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/**
 * Reads `path` (absolute) and turns the usual failures into a message:
 * `file not found: /abs/path` for ENOENT, `could not read /abs/path (EACCES)`
 * otherwise. Errors without a code (a broken fake) are thrown as they are.
 */
export async function readText(readFile: ReadTextFile, path: string): Promise<ReadResult> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, message: `file not found: ${path}` };
    if (typeof code === 'string') return { ok: false, message: `could not read ${path} (${code})` };
    throw error;
  }
}
