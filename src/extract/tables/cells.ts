import type { CanonicalCell } from '../../domain/types.ts';
import type { Slot } from './split.ts';

/** A fitted slot as a canonical cell; a slot the report does not print yields no cell (absent, not invented). */
export function slotToCell(key: string, slot: Slot, page: number | null): CanonicalCell | undefined {
  if (slot.missing) return undefined;
  const cell: CanonicalCell = { key, value: slot.value, raw: slot.raw, page };
  if (slot.nullReason) cell.nullReason = slot.nullReason;
  if (slot.unit) cell.unit = slot.unit;
  return cell;
}
