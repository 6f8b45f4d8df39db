// The associated data of every sealed field, byte for byte as the backend builds it: binding a blob to
// its session, epoch, seq and type is what lets a device notice a relay that moves, replays or reorders.

export const aad = {
  event: (sessionId: string, epoch: string, seq: number, type: string) => `baton/2/event|${sessionId}|${epoch}|${seq}|${type}`,
  delta: (sessionId: string, epoch: string, messageId: string, n: number) => `baton/2/delta|${sessionId}|${epoch}|${messageId}|${n}`,
  input: (sessionId: string, inputId: string) => `baton/2/input|${sessionId}|${inputId}`,
  /** One title string for the snapshot, the list and registration, so a list shows what the session says. */
  title: (sessionId: string) => `baton/2/title|${sessionId}`,
  spawnTitle: (environmentId: string) => `baton/2/spawn-title|${environmentId}`,
  environment: (field: "name" | "hostname" | "directory") => `baton/2/environment|${field}`,
  sessionKey: (sessionId: string, kid: string) => `baton/2/session-key|${sessionId}|${kid}`,
};
