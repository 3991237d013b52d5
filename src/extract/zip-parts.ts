import { unzipSync } from 'fflate';
import { type ErrorCode, GongkaiError } from '../domain/errors.ts';

export interface ZipPartsOptions {
  /** the entries to inflate; the others are never inflated */
  wanted: (name: string) => boolean;
  /** refuse (E_BUDGET) an entry that inflates to more than this */
  maxPartBytes: number;
  /** …or wanted entries that inflate to more than this together */
  maxTotalBytes?: number;
  /** the code and name of the format, for an archive that cannot be read */
  invalid: { code: ErrorCode; format: string };
}

/**
 * The wanted entries of a ZIP container (DOCX, OFD), inflated only when their declared sizes fit
 * the budget, so a ZIP bomb costs nothing: its entry is refused before any byte is inflated.
 */
export function readZipParts(bytes: Uint8Array, options: ZipPartsOptions): Record<string, Uint8Array> {
  const { wanted, maxPartBytes, maxTotalBytes = Infinity, invalid } = options;
  let oversized = '';
  let total = 0;
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        total += file.originalSize;
        if (file.originalSize > maxPartBytes || total > maxTotalBytes) {
          oversized ||= file.name;
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    throw new GongkaiError(invalid.code, `the ${invalid.format} (ZIP) archive could not be read: ${(error as Error).message}`, { cause: error });
  }
  if (oversized) {
    const budget = maxTotalBytes === Infinity ? `${maxPartBytes} bytes` : `${maxPartBytes} bytes a part, ${maxTotalBytes} in all`;
    throw new GongkaiError('E_BUDGET', `${oversized} inflates past the ${invalid.format}'s size budget (${budget}): a ZIP bomb?`);
  }
  return parts;
}
