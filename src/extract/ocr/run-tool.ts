/**
 * Runs an external tool asynchronously (the extraction thread's event loop keeps serving the
 * pool), killed when the document's OCR budget aborts.
 */
import { execFile } from 'node:child_process';

/** TSV of a dense page is ~100 KB; this only guards against a runaway tool. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export class ToolError extends Error {
  override readonly name = 'ToolError';
  /** the command could not be started: not installed (ENOENT) or not executable */
  readonly missing: boolean;

  constructor(message: string, missing: boolean, cause: unknown) {
    super(message, { cause });
    this.missing = missing;
  }
}

export function runTool(command: string, args: readonly string[], signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        signal,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
        // one thread per Tesseract: the pool already runs one document per core
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (signal.aborted) return reject(signal.reason);
        const code = (error as NodeJS.ErrnoException).code;
        const missing = code === 'ENOENT' || code === 'EACCES';
        const detail = stderr.trim().split('\n').slice(-3).join(' ') || error.message;
        reject(new ToolError(`${command} failed: ${detail}`, missing, error));
      },
    );
  });
}
