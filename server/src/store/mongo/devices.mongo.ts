import { Schema, type Connection, type Model } from 'mongoose';
import type { DeviceRecord, DeviceSessionRecord, DevicesRepo, PairingRecord } from '../devices.port.js';
import { RecordNotFoundError } from '../port.js';

export interface PairingDoc extends Omit<PairingRecord, 'codeHash'> {
  _id: string;
}
export interface DeviceDoc extends Omit<DeviceRecord, 'id'> {
  _id: string;
}
export interface DeviceSessionDoc extends Omit<DeviceSessionRecord, 'sessionId'> {
  _id: string;
}
export interface UserPinDoc {
  _id: string;
  pinHash: string;
  updatedAt: string;
}

const pairingSchema = new Schema<PairingDoc>(
  {
    _id: { type: String, required: true },
    claimHash: { type: String, required: true },
    createdAt: { type: String, required: true },
    expiresAt: { type: String, required: true, index: true },
    deviceId: { type: String, default: null },
    claimedAt: { type: String, default: null },
  },
  { collection: 'devicePairings', versionKey: false },
);
const deviceSchema = new Schema<DeviceDoc>(
  {
    _id: { type: String, required: true },
    // Unique among claimed devices only (null until the tablet picks its credential up).
    tokenHash: { type: String, default: null },
    room: { type: String, required: true },
    seatLabel: { type: String, required: true },
    pairedBy: { type: String, required: true },
    pairedAt: { type: String, required: true },
    claimedAt: { type: String, default: null },
    revokedAt: { type: String, default: null },
    lastSeenAt: { type: String, default: null },
    status: { type: String, default: null },
  },
  { collection: 'devices', versionKey: false },
);
deviceSchema.index(
  { tokenHash: 1 },
  { unique: true, partialFilterExpression: { tokenHash: { $type: 'string' } } },
);
const sessionSchema = new Schema<DeviceSessionDoc>(
  {
    _id: { type: String, required: true },
    deviceId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    meetingId: { type: String, required: true, index: true },
    createdAt: { type: String, required: true },
  },
  { collection: 'deviceSessions', versionKey: false },
);
const pinSchema = new Schema<UserPinDoc>(
  {
    _id: { type: String, required: true },
    pinHash: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'userPins', versionKey: false },
);

const toPairing = (d: PairingDoc): PairingRecord => ({
  codeHash: d._id,
  claimHash: d.claimHash,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
  deviceId: d.deviceId ?? null,
  claimedAt: d.claimedAt ?? null,
});
const toDevice = (d: DeviceDoc): DeviceRecord => ({
  id: d._id,
  tokenHash: d.tokenHash ?? null,
  room: d.room,
  seatLabel: d.seatLabel,
  pairedBy: d.pairedBy,
  pairedAt: d.pairedAt,
  claimedAt: d.claimedAt ?? null,
  revokedAt: d.revokedAt ?? null,
  lastSeenAt: d.lastSeenAt ?? null,
  status: d.status ?? null,
});
const toSession = (d: DeviceSessionDoc): DeviceSessionRecord => ({
  sessionId: d._id,
  deviceId: d.deviceId,
  userId: d.userId,
  meetingId: d.meetingId,
  createdAt: d.createdAt,
});

/** The models of the devices repository, registered on a connection. */
export function deviceModels(conn: Connection) {
  return {
    pairings: conn.model<PairingDoc>('DevicePairing', pairingSchema),
    devices: conn.model<DeviceDoc>('Device', deviceSchema),
    sessions: conn.model<DeviceSessionDoc>('DeviceSession', sessionSchema),
    pins: conn.model<UserPinDoc>('UserPin', pinSchema),
  };
}
export type DeviceModels = ReturnType<typeof deviceModels>;

/** The devices repository on MongoDB. */
export class MongoDevicesRepo implements DevicesRepo {
  private readonly pairings: Model<PairingDoc>;
  private readonly devices: Model<DeviceDoc>;
  private readonly sessions: Model<DeviceSessionDoc>;
  private readonly pins: Model<UserPinDoc>;

  constructor(models: DeviceModels) {
    this.pairings = models.pairings;
    this.devices = models.devices;
    this.sessions = models.sessions;
    this.pins = models.pins;
  }

  async createPairing(p: PairingRecord): Promise<void> {
    const { codeHash, ...rest } = p;
    await this.pairings.create([{ _id: codeHash, ...rest }]);
  }

  async getPairing(codeHash: string): Promise<PairingRecord | null> {
    const d = await this.pairings.findById(codeHash).lean<PairingDoc>();
    return d ? toPairing(d) : null;
  }

  async bindPairing(codeHash: string, deviceId: string): Promise<boolean> {
    const r = await this.pairings.updateOne({ _id: codeHash, deviceId: null }, { $set: { deviceId } });
    return r.modifiedCount === 1;
  }

  async claimPairing(codeHash: string, at: string): Promise<boolean> {
    const r = await this.pairings.updateOne(
      { _id: codeHash, deviceId: { $ne: null }, claimedAt: null },
      { $set: { claimedAt: at } },
    );
    return r.modifiedCount === 1;
  }

  async deleteExpiredPairings(before: string): Promise<void> {
    await this.pairings.deleteMany({ expiresAt: { $lt: before }, deviceId: null });
  }

  async create(d: DeviceRecord): Promise<void> {
    const { id, ...rest } = d;
    await this.devices.create([{ _id: id, ...rest }]);
  }

  async getById(id: string): Promise<DeviceRecord | null> {
    const d = await this.devices.findById(id).lean<DeviceDoc>();
    return d ? toDevice(d) : null;
  }

  async getByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const d = await this.devices.findOne({ tokenHash }).lean<DeviceDoc>();
    return d ? toDevice(d) : null;
  }

  async list(): Promise<DeviceRecord[]> {
    const docs = await this.devices.find({}).sort({ pairedAt: -1, _id: 1 }).lean<DeviceDoc[]>();
    return docs.map(toDevice);
  }

  async setToken(id: string, tokenHash: string, claimedAt: string): Promise<void> {
    await this.devices.updateOne({ _id: id }, { $set: { tokenHash, claimedAt } });
  }

  async revoke(id: string, at: string): Promise<DeviceRecord> {
    await this.devices.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
    const d = await this.devices.findById(id).lean<DeviceDoc>();
    if (!d) throw new RecordNotFoundError('device', id);
    return toDevice(d);
  }

  async touch(id: string, at: string, status: string | null): Promise<void> {
    await this.devices.updateOne(
      { _id: id },
      { $set: { lastSeenAt: at, ...(status !== null ? { status } : {}) } },
    );
  }

  async addSession(s: DeviceSessionRecord): Promise<void> {
    const { sessionId, ...rest } = s;
    await this.sessions.create([{ _id: sessionId, ...rest }]);
  }

  async sessionsOfMeeting(meetingId: string): Promise<DeviceSessionRecord[]> {
    const docs = await this.sessions.find({ meetingId }).sort({ createdAt: 1 }).lean<DeviceSessionDoc[]>();
    return docs.map(toSession);
  }

  async sessionsOfDevice(deviceId: string): Promise<DeviceSessionRecord[]> {
    const docs = await this.sessions.find({ deviceId }).sort({ createdAt: 1 }).lean<DeviceSessionDoc[]>();
    return docs.map(toSession);
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.sessions.deleteOne({ _id: sessionId });
  }

  async getPin(userId: string): Promise<string | null> {
    const d = await this.pins.findById(userId).lean<UserPinDoc>();
    return d?.pinHash ?? null;
  }

  async setPin(userId: string, pinHash: string, at: string): Promise<void> {
    await this.pins.updateOne({ _id: userId }, { $set: { pinHash, updatedAt: at } }, { upsert: true });
  }

  async deletePin(userId: string): Promise<void> {
    await this.pins.deleteOne({ _id: userId });
  }
}
