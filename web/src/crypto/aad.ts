// The associated data of every sealed field, byte for byte as the backend builds it: binding a blob to
// its session, epoch, seq, type, inputId and origin is what lets a device notice a relay that moves, replays or reorders.

const utf8 = new TextEncoder();

function counted(value: string | null | undefined): string {
  return value === undefined || value === null ? "-" : `${utf8.encode(value).length}:${value}`;
}

export const aad = {
  /**
   * The whole clear header, so a relay cannot relabel who wrote an event or stamp another input's id on it.
   * inputId and origin are free strings, each written as its UTF-8 length, `:` and itself (`-` when absent);
   * type is the rest, so no two headers give the same string.
   */
  event: (sessionId: string, epoch: string, seq: number, type: string, inputId?: string | null, origin?: string | null) =>
    `baton/2/event|${sessionId}|${epoch}|${seq}|${counted(inputId)}|${counted(origin)}|${type}`,
  delta: (sessionId: string, epoch: string, messageId: string, n: number) => `baton/2/delta|${sessionId}|${epoch}|${messageId}|${n}`,
  input: (sessionId: string, inputId: string) => `baton/2/input|${sessionId}|${inputId}`,
  /** One title string for the snapshot, the list and registration, so a list shows what the session says. */
  title: (sessionId: string) => `baton/2/title|${sessionId}`,
  spawnTitle: (environmentId: string) => `baton/2/spawn-title|${environmentId}`,
  environment: (field: "name" | "hostname" | "directory") => `baton/2/environment|${field}`,
  sessionKey: (sessionId: string, kid: string) => `baton/2/session-key|${sessionId}|${kid}`,
  /** A content key delivered to one device after a rotation; also the HKDF info of the key it is sealed under. */
  contentKey: (deviceId: string, kid: string) => `baton/2/content-key|${deviceId}|${kid}`,
};
