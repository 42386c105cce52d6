/**
 * Bolt response status (sofa-bolt `ResponseStatus`). The values are written in hex in Java:
 * CONNECTION_CLOSED is 0x10 = 16, not 10 (dossier pitfall P19).
 */
export const STATUS = Object.freeze({
  SUCCESS: 0x0000,
  ERROR: 0x0001,
  SERVER_EXCEPTION: 0x0002,
  UNKNOWN: 0x0003,
  SERVER_THREADPOOL_BUSY: 0x0004,
  ERROR_COMM: 0x0005,
  NO_PROCESSOR: 0x0006,
  TIMEOUT: 0x0007,
  CLIENT_SEND_ERROR: 0x0008,
  CODEC_EXCEPTION: 0x0009,
  CONNECTION_CLOSED: 0x0010,
  SERVER_SERIAL_EXCEPTION: 0x0011,
  SERVER_DESERIAL_EXCEPTION: 0x0012,
});

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(STATUS).map(([name, value]) => [value, name]));

/** The Java enum name of a status, or `UNKNOWN_STATUS(<n>)`. */
export function statusName(status: number): string {
  return NAMES.get(status) ?? `UNKNOWN_STATUS(${status})`;
}
