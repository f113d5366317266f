import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** A signed statement of the chain's head: which entry was last, and its hash. */
export interface Checkpoint {
  seq: string;
  hash: string;
  signedAt: Date;
  publicKey: string;
  signature: string;
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Not secret: signs checkpoints outside production, where AUDIT_SIGNING_KEY may be unset. */
const DEVELOPMENT_SEED = createHash('sha256').update('efro-grants development audit checkpoint key').digest();

export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  /** The public key (raw 32 bytes, base64): publish it so that anyone can check a checkpoint. */
  readonly publicKey: string;

  constructor(seedBase64: string | undefined) {
    const seed = seedBase64 === undefined ? DEVELOPMENT_SEED : Buffer.from(seedBase64, 'base64');
    if (seed.length !== 32) throw new RangeError('an Ed25519 seed has 32 bytes');
    this.privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.privateKey).export({ format: 'der', type: 'spki' });
    this.publicKey = spki.subarray(spki.length - 32).toString('base64');
  }

  sign(head: { seq: string; hash: string }, signedAt: Date): Checkpoint {
    const signature = sign(null, Buffer.from(checkpointMessage(head.seq, head.hash, signedAt)), this.privateKey).toString('base64');
    return { seq: head.seq, hash: head.hash, signedAt, publicKey: this.publicKey, signature };
  }

  /** Checks against this service's key, never the key stored with the checkpoint. */
  verify(checkpoint: Checkpoint): boolean {
    return verifyCheckpoint(checkpoint, this.publicKey);
  }
}

export function checkpointMessage(seq: string, hash: string, signedAt: Date): string {
  return `efro-grants audit checkpoint v1\nseq=${seq}\nhash=${hash}\nsignedAt=${signedAt.toISOString()}\n`;
}

export function verifyCheckpoint(checkpoint: Checkpoint, publicKeyBase64: string): boolean {
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyBase64, 'base64')]), format: 'der', type: 'spki' });
  try {
    return verify(null, Buffer.from(checkpointMessage(checkpoint.seq, checkpoint.hash, checkpoint.signedAt)), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
