/**
 * Typed access to the addon's regular-file writer (native/output_file.c): a
 * thread of its own writes full buffers with O_DIRECT, off the main thread
 * and past the page cache. See that file for the protocol.
 */
import { loadAddonPart } from '../tracer/native-addon.js';

export type OutputFileHandle = { readonly __brand: 'sysray-output-file' };

export interface OutputFileNative {
  /**
   * Takes over `fd` (a regular file, opened for writing) once it returns.
   * `buffers` are the memory text is encoded into, each 1 MiB, filled in
   * turn; `direct` says whether the file system took O_DIRECT.
   */
  outputFileOpen(fd: number, path: string): { handle: OutputFileHandle; buffers: Buffer[]; direct: boolean };
  /**
   * Hands over the current buffer's `used` bytes but the last `used & 4095`,
   * which move to the start of the next buffer (waiting while the writer is
   * behind). Returns the index of the buffer to go on filling.
   */
  outputFileSubmit(handle: OutputFileHandle, used: number): number;
  /**
   * As submit, and the rest (the tail) is queued too, copied: once the thread
   * gets there, everything so far is in the file. Does not wait for it.
   */
  outputFileFlush(handle: OutputFileHandle, used: number): number;
  /** Writes everything and closes the file. */
  outputFileClose(handle: OutputFileHandle, used: number): void;
}

let native: OutputFileNative | null | undefined;

/** The writer, or null when the addon is not built (or predates it): output then goes through writeSync. */
export function loadOutputFileNative(): OutputFileNative | null {
  if (native === undefined) native = loadAddonPart<OutputFileNative>('outputFileOpen');
  return native;
}
